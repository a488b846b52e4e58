import Foundation
import TandemCore
import TandemGenerate
import TandemTesting

/// Leaders and programmes for matching tests.
enum MatchingFixtures {
    static func leader(
        _ id: String, _ role: Leader.Role, school: String = "", phase: String = "primary", zone: String = "Europe/London",
        windows: [WeeklyWindow] = [Fixtures.window("Mon", "16:00", "18:00")], expertise: [String] = [],
        goals: [String] = [], years: Int? = nil, capacity: Int? = nil, avoid: [String] = [], pair: String? = nil
    ) -> Leader {
        Leader(id: id, name: "Leader \(id)", email: "\(id.lowercased())@school.example", role: role, school: school,
               phase: phase, timeZone: Fixtures.zone(zone), availability: windows, expertise: expertise, goals: goals,
               years: years, capacity: capacity, avoid: avoid, pair: pair)
    }

    static func programme(_ leaders: [Leader], capacity: Int = 2, avoidSameSchool: Bool = true) -> Programme {
        var p = Fixtures.programme(leaders)
        p.matching.capacity = capacity
        p.matching.avoidSameSchool = avoidSameSchool
        return p
    }

    /// A deterministic generator (the generator's SplitMix64), so that every run tests the same instances.
    struct Random {
        var rng: SplitMix64

        init(state: UInt64) { rng = SplitMix64(seed: state) }

        mutating func next() -> UInt64 { rng.next() }

        mutating func int(_ range: ClosedRange<Int>) -> Int { rng.int(range) }

        mutating func chance(_ p: Double) -> Bool { rng.unit() < p }

        mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }

        mutating func subset<T>(_ xs: [T], _ p: Double) -> [T] { xs.filter { _ in chance(p) } }
    }

    static let tags = ["curriculum", "finance", "send", "behaviour", "governance", "wellbeing", "ofsted", "attendance"]
    static let zones = ["Europe/London", "Europe/London", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]

    /// Random weekly windows: two to four on weekdays, from early morning to the evening.
    static func windows(_ rng: inout Random) -> [WeeklyWindow] {
        (0..<rng.int(2...4)).map { _ in
            let start = rng.int(14...38) * 30
            return WeeklyWindow(weekday: rng.int(1...5), start: start, end: min(1440, start + rng.int(2...8) * 30))
        }
    }

    /// A random roster of `mentors` mentors and `mentees` mentees (a few of each as `both`).
    static func randomLeaders(_ rng: inout Random, mentors: Int, mentees: Int, schools: Int, zones: [String] = zones,
                              fixedChance: Double = 0, avoidChance: Double = 0.1, bothChance: Double = 0.1) -> [Leader] {
        var leaders: [Leader] = []
        let schoolNames = (0..<schools).map { "School \($0)" } + [""]
        for i in 0..<(mentors + mentees) {
            let isMentor = i < mentors
            let id = isMentor ? String(format: "M%03d", i) : String(format: "E%03d", i - mentors)
            leaders.append(leader(
                id, rng.chance(bothChance) ? .both : (isMentor ? .mentor : .mentee), school: rng.pick(schoolNames),
                phase: rng.pick(["primary", "secondary", "all-through", "special", ""]), zone: rng.pick(zones),
                windows: windows(&rng), expertise: rng.subset(tags, 0.35), goals: rng.subset(tags, 0.3),
                years: rng.chance(0.9) ? rng.int(0...25) : nil, capacity: rng.chance(0.8) ? rng.int(1...2) : nil))
        }
        let mentorIDs = leaders.filter { $0.role.canMentor }.map(\.id)
        for i in leaders.indices {
            if rng.chance(avoidChance) { leaders[i].avoid = [rng.pick(leaders).id].filter { $0 != leaders[i].id } }
            if leaders[i].role.canBeMentored, rng.chance(fixedChance), let m = mentorIDs.filter({ $0 != leaders[i].id }).randomElement(using: &rng) {
                leaders[i].pair = m
                leaders[i].avoid.removeAll { $0 == m }
            }
        }
        return leaders
    }
}

extension MatchingFixtures.Random: RandomNumberGenerator {}
