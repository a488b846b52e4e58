import Foundation
import TandemCore
import TandemCalendar

/// The people of a synthetic programme: schools grouped into trusts, and leaders with roles,
/// zones, availability windows, tags and a few fixed pairs and avoids.
struct SyntheticRoster {
    struct School {
        var name: String
        var slug: String
        var trust: String
        var phase: String
        /// IANA zone of the school and its leaders.
        var zone: String
        /// Whether it follows the English term dates (schools in England do; schools abroad don't).
        var english: Bool { zone == SyntheticRoster.homeZone }
    }

    struct Member {
        var id: String
        var name: String
        var email: String
        var role: Leader.Role
        var school: Int
        var windows: [WeeklyWindow]
        var expertise: [String]
        var goals: [String]
        var years: Int
        var capacity: Int?
        var avoid: [String] = []
        var pair: String?
    }

    static let homeZone = "Europe/London"
    /// Share of leaders in each zone abroad (the rest are in London).
    static let abroadShare = 0.10
    static let abroadZones = ["America/New_York", "Asia/Kolkata", "Australia/Sydney"]
    /// The programme's default mentees per mentor.
    static let defaultCapacity = 2

    var schools: [School] = []
    var members: [Member] = []

    init(count: Int, rng: inout SplitMix64) {
        // Leaders per zone: about 10% in each zone abroad (at least one school's worth), London the rest.
        // Schools abroad are small (3-6 leaders), so that even S has one in each zone.
        let abroadEach = max(3, Int((Double(count) * Self.abroadShare).rounded()))
        var plan: [(zone: String, sizes: [Int])] = []
        for zone in Self.abroadZones {
            plan.append((zone, Self.partition(abroadEach, into: 3...6, rng: &rng)))
        }
        plan.insert((Self.homeZone, Self.partition(max(4, count - 3 * abroadEach), into: 4...8, rng: &rng)), at: 0)

        // Schools, named and phased; then shuffled so that zones are spread through the roster.
        var names = Set<String>()
        var schoolSizes: [(School, Int)] = []
        for (zone, sizes) in plan {
            for size in sizes {
                let phase = zone == Self.homeZone ? ["primary", "secondary", "all-through"][rng.weighted([0.55, 0.35, 0.10])] : "all-through"
                let name = Self.schoolName(zone: zone, phase: phase, taken: &names, rng: &rng)
                schoolSizes.append((School(name: name, slug: SyntheticNames.slug(name), trust: "", phase: phase, zone: zone), size))
            }
        }
        rng.shuffle(&schoolSizes)
        Self.assignTrusts(&schoolSizes, rng: &rng)

        // Roles in fixed proportions (27% mentor, 8% both, the rest mentees), dealt out at random.
        var roles = [Leader.Role](repeating: .mentor, count: Int((Double(count) * 0.27).rounded()))
            + [Leader.Role](repeating: .both, count: max(1, Int((Double(count) * 0.08).rounded())))
        roles += [Leader.Role](repeating: .mentee, count: max(0, count - roles.count))
        rng.shuffle(&roles)

        // Leaders, school by school; the roster is cut to `count` if the partition overshot.
        let width = max(3, String(count).count)
        var emails = Set<String>()
        for (index, (school, size)) in schoolSizes.enumerated() {
            schools.append(school)
            for _ in 0..<size where members.count < count {
                let id = "L" + String(repeating: "0", count: width - String(members.count + 1).count) + String(members.count + 1)
                members.append(Self.member(id: id, role: roles[members.count % roles.count], school: index, in: school, emails: &emails, rng: &rng))
            }
        }
    }

    /// Sizes in `range` adding up to `total` (the last may be smaller when `total` is).
    static func partition(_ total: Int, into range: ClosedRange<Int>, rng: inout SplitMix64) -> [Int] {
        var sizes: [Int] = []
        var remaining = total
        while remaining > 0 {
            let size = remaining <= range.upperBound || remaining < 2 * range.lowerBound
                ? remaining
                : rng.int(range.lowerBound...min(range.upperBound, remaining - range.lowerBound))
            sizes.append(size)
            remaining -= size
        }
        return sizes
    }

    static func schoolName(zone: String, phase: String, taken: inout Set<String>, rng: inout SplitMix64) -> String {
        for attempt in 0..<200 {
            var name: String
            if let abroad = SyntheticNames.abroad[zone] {
                let area = rng.pick(abroad.areas)
                name = rng.chance(0.5) ? "British School of \(abroad.city), \(area)" : "\(area) British International School"
                if attempt > 20 { name += " " + rng.pick(["North", "South", "East", "West", "Upper", "Lower", "Central"]) }
                if attempt > 60 { name += " \(attempt)" }
            } else {
                let modifier = attempt < 3 ? "" : rng.pick(SyntheticNames.modifiers)
                let place = rng.pick(SyntheticNames.places) + (modifier.isEmpty ? "" : " \(modifier)")
                switch phase {
                case "primary":
                    name = rng.chance(0.2) ? "\(rng.pick(SyntheticNames.saints)) CE Primary, \(place)"
                        : "\(place) \(rng.pick(["Primary", "Primary School", "Primary Academy", "Infant and Junior School"]))"
                case "secondary":
                    name = "\(place) \(rng.pick(["Academy", "High School", "School", "College", "Community School"]))"
                default:
                    name = "\(place) \(rng.pick(["School", "All-Through Academy", "Learning Campus"]))"
                }
                if attempt > 150 { name += " \(attempt)" }
            }
            if taken.insert(name).inserted { return name }
        }
        fatalError("no free school name")  // unreachable: the numbered names above are always new
    }

    /// Groups schools in England into trusts of 3–10 schools; each zone abroad is one trust.
    static func assignTrusts(_ schools: inout [(School, Int)], rng: inout SplitMix64) {
        var trustNames = Set<String>()
        var current = ""
        var left = 0
        for i in schools.indices {
            let zone = schools[i].0.zone
            if let abroad = SyntheticNames.abroad[zone] {
                schools[i].0.trust = abroad.trust
                continue
            }
            if left == 0 {
                var attempt = 0
                repeat {
                    current = "\(rng.pick(SyntheticNames.trustStems)) \(rng.pick(SyntheticNames.trustKinds))"
                    if attempt >= 20 { current += " \(trustNames.count + 1)" }
                    attempt += 1
                } while !trustNames.insert(current).inserted
                left = rng.int(3...10)
            }
            schools[i].0.trust = current
            left -= 1
        }
    }

    static func member(id: String, role: Leader.Role, school index: Int, in school: School, emails: inout Set<String>,
                       rng: inout SplitMix64) -> Member {
        let first = rng.pick(SyntheticNames.firstNames)
        let last = rng.pick(SyntheticNames.surnames)
        let domain = String(school.slug.prefix(40)) + ".example"
        let local = SyntheticNames.ascii(first) + "." + SyntheticNames.ascii(last)
        var email = "\(local)@\(domain)"
        var n = 2
        while !emails.insert(email).inserted {
            email = "\(local)\(n)@\(domain)"
            n += 1
        }
        let tagCount = rng.int(2...4)
        let expertise = role.canMentor ? rng.sample(SyntheticNames.tags, tagCount) : []
        let goals = role.canBeMentored ? rng.sample(SyntheticNames.tags, rng.int(1...3)) : []
        let years: Int
        switch role {
        case .mentor: years = rng.int(8...26)
        case .both: years = rng.int(4...12)
        case .mentee: years = rng.int(0...5)
        }
        let capacity = role.canMentor && rng.chance(0.4) ? rng.int(1...3) : nil
        return Member(id: id, name: "\(first) \(last)", email: email, role: role, school: index,
                      windows: SyntheticAvailability.windows(zone: school.zone, rng: &rng), expertise: expertise, goals: goals,
                      years: years, capacity: capacity)
    }

    /// Fixes the mentor of about 4% of mentees (at least one): at another school, within the
    /// mentor's capacity, and among the mentors with whom they can meet in the most fortnights.
    mutating func addFixedPairs(free: [FreeTime], rng: inout SplitMix64) {
        let mentees = members.indices.filter { members[$0].role == .mentee }
        let mentors = members.indices.filter { members[$0].role.canMentor }
        guard !mentees.isEmpty, !mentors.isEmpty else { return }
        var load: [Int: Int] = [:]
        let wanted = max(1, mentees.count * 4 / 100)
        var order = mentees
        rng.shuffle(&order)
        var fixed = 0
        for mentee in order where fixed < wanted {
            let candidates = mentors.filter { m in
                members[m].school != members[mentee].school
                    && load[m, default: 0] < (members[m].capacity ?? Self.defaultCapacity)
            }.map { m in (index: m, periods: FreeTime.periodsInCommon(free[mentee], free[m])) }.filter { $0.periods > 0 }
            // A coordinator fixes pairs who can meet most fortnights (a fortnightly year has about 22).
            guard let top = candidates.map(\.periods).max(), top >= 12 else { continue }
            // One of the best few, so that fixed pairs look like a coordinator's choice rather than an optimiser's.
            let best = candidates.filter { $0.periods >= top - 1 }.sorted { ($0.periods, $1.index) > ($1.periods, $0.index) }
                .prefix(3).map(\.index)
            let mentor = rng.pick(Array(best))
            load[mentor, default: 0] += 1
            members[mentee].pair = members[mentor].id
            fixed += 1
        }
    }

    /// About 2% of leaders (at least one) avoid someone in their own trust: a former line manager, say.
    mutating func addAvoids(rng: inout SplitMix64) {
        let wanted = max(1, members.count / 50)
        for who in rng.sample(Array(members.indices), wanted) {
            let trust = schools[members[who].school].trust
            let others = members.indices.filter {
                $0 != who && schools[members[$0].school].trust == trust && members[$0].id != members[who].pair
                    && members[$0].pair != members[who].id && !members[$0].avoid.contains(members[who].id)
            }
            guard !others.isEmpty else { continue }
            members[who].avoid.append(members[rng.pick(others)].id)
        }
    }
}
