import Foundation
import TandemCore
import TandemTesting
import Testing

/// The matcher on a national-size roster: 4,000 leaders, about a third of them mentors.
///
/// In a debug build it runs a quarter of the size; the timing target (under 3 s) is for release:
/// `swift test -c release -Xswiftc -enable-testing --filter MatcherScaleTests`.
@Suite struct MatcherScaleTests {
    /// A synthetic roster shaped like `tandem generate --size XL`: mixed zones, 2–3 places per mentor.
    static func nationalRoster(leaders count: Int, seed: UInt64, capacity: ClosedRange<Int> = 2...3) -> Programme {
        var rng = MatchingFixtures.Random(state: seed)
        let mentorCount = count / 3
        var leaders = MatchingFixtures.randomLeaders(
            &rng, mentors: mentorCount, mentees: count - mentorCount, schools: count / 10,
            zones: ["Europe/London", "Europe/London", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"],
            fixedChance: 0.02, avoidChance: 0.02, bothChance: 0.05)
        for i in leaders.indices where leaders[i].role.canMentor { leaders[i].capacity = rng.int(capacity) }
        return MatchingFixtures.programme(leaders)
    }

    #if DEBUG
    static let size = 1_000
    static let limit = 20.0
    #else
    static let size = 4_000
    static let limit = 3.0
    #endif

    /// Matches `p` and checks the time limit and every invariant.
    static func run(_ p: Programme, label: String) {
        let clock = ContinuousClock()
        var result: MatchResult?
        let elapsed = clock.measure { result = Matcher.match(p) }
        let r = result!
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let mentees = p.leaders.filter { $0.role.canBeMentored }.count
        print("MatcherScaleTests \(label): \(p.leaders.count) leaders, \(mentees) mentees: \(r.pairs.count) pairs, \(r.unmatched.count) unmatched in \(String(format: "%.2f", seconds)) s; reasons \(Dictionary(grouping: r.unmatched, by: \.reason).mapValues(\.count))")
        #expect(seconds < limit)
        MatcherPropertyTests.checkInvariants(r, p)
    }

    @Test func nationalRosterMatchesInTime() {
        Self.run(Self.nationalRoster(leaders: Self.size, seed: 7), label: "2-3 places per mentor")
    }

    @Test func scarceCapacityMatchesInTime() {
        // One place per mentor: about half the mentees are left out, and every search is long.
        Self.run(Self.nationalRoster(leaders: Self.size, seed: 8, capacity: 1...1), label: "1 place per mentor")
    }
}
