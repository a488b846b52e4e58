import Foundation
@testable import TandemCore
import TandemTesting
import Testing

/// The matcher against exhaustive search on small random rosters.
@Suite struct MatcherOptimalityTests {
    /// The best (most mentees matched, then least total cost) over every capacity-respecting assignment.
    static func bruteForce(_ programme: Programme) -> (matched: Int, cost: Int) {
        let instance = MatchInstance(Availability(programme, notBefore: nil))
        let leaders = instance.leaders
        let mentors = leaders.indices.filter { leaders[$0].role.canMentor }
        var remaining = mentors.map { instance.capacity($0) }
        var rows: [Int] = []
        for i in leaders.indices where leaders[i].role.canBeMentored {
            if let p = leaders[i].pair, let j = instance.index[p], let c = mentors.firstIndex(of: j), j != i {
                remaining[c] -= 1
            } else {
                rows.append(i)
            }
        }
        remaining = remaining.map { max(0, $0) }
        let costs = rows.map { r in mentors.map { instance.cost(mentor: $0, mentee: r) } }
        var best = (matched: -1, cost: 0)
        func search(_ k: Int, _ matched: Int, _ cost: Int) {
            if k == rows.count {
                if matched > best.matched || (matched == best.matched && cost < best.cost) { best = (matched, cost) }
                return
            }
            if matched + (rows.count - k) < best.matched { return }
            for (c, cc) in costs[k].enumerated() {
                guard let cc, remaining[c] > 0 else { continue }
                remaining[c] -= 1
                search(k + 1, matched + 1, cost + cc)
                remaining[c] += 1
            }
            search(k + 1, matched, cost)
        }
        search(0, 0, 0)
        return best
    }

    /// Matched count and cost of the matcher's own (non-fixed) pairs.
    static func evaluate(_ result: MatchResult, _ programme: Programme) -> (matched: Int, cost: Int) {
        let instance = MatchInstance(Availability(programme, notBefore: nil))
        var cost = 0, matched = 0
        for p in result.pairs where !result.fixed.contains(PairKey(p)) {
            matched += 1
            cost += instance.cost(mentor: instance.index[p.mentor]!, mentee: instance.index[p.mentee]!)!
        }
        return (matched, cost)
    }

    @Test func matchesBruteForceOn200RandomInstances() {
        var rng = MatchingFixtures.Random(state: 20_260_907)
        var nontrivial = 0
        for n in 0..<200 {
            let leaders = MatchingFixtures.randomLeaders(
                &rng, mentors: rng.int(1...5), mentees: rng.int(1...7), schools: rng.int(1...4),
                fixedChance: n % 4 == 0 ? 0.2 : 0)
            let p = MatchingFixtures.programme(leaders, capacity: rng.int(1...2))
            let got = Self.evaluate(Matcher.match(p), p)
            let want = Self.bruteForce(p)
            #expect(got.matched == want.matched, "instance \(n): matched \(got.matched), optimum \(want.matched)")
            #expect(got.cost == want.cost, "instance \(n): cost \(got.cost), optimum \(want.cost)")
            if want.matched >= 2 { nontrivial += 1 }
        }
        #expect(nontrivial >= 100, "the random instances should mostly have real choices")
    }

    @Test func matchesBruteForceWhenCapacityIsScarce() {
        // More mentees than places, and one zone: the hard case for "most mentees, then least cost".
        var rng = MatchingFixtures.Random(state: 42)
        for n in 0..<100 {
            let leaders = MatchingFixtures.randomLeaders(&rng, mentors: rng.int(1...3), mentees: rng.int(4...7),
                                                         schools: 3, zones: ["Europe/London"], bothChance: 0)
            let p = MatchingFixtures.programme(leaders, capacity: 1)
            let got = Self.evaluate(Matcher.match(p), p)
            let want = Self.bruteForce(p)
            #expect(got.matched == want.matched && got.cost == want.cost, "instance \(n): \(got) vs \(want)")
        }
    }

    @Test func solverPrefersMoreMatchesOverCheaperOnes() {
        // Row 0 is cheap on column 0 only if row 1 goes without; row 1 can only use column 0.
        var s = CapacitatedAssignment(capacity: [1, 1], edges: [
            [.init(column: 0, cost: 0), .init(column: 1, cost: 9_000)],
            [.init(column: 0, cost: 9_999)],
        ], maxCost: 10_000)
        s.solve()
        #expect(s.column(of: 0) == 1)
        #expect(s.column(of: 1) == 0)
    }

    @Test func solverLeavesTheExpensiveRowOutWhenOneMustGo() {
        var s = CapacitatedAssignment(capacity: [1], edges: [
            [.init(column: 0, cost: 9_000)],
            [.init(column: 0, cost: 1_000)],
        ], maxCost: 10_000)
        s.solve()
        #expect(s.column(of: 0) == nil)
        #expect(s.column(of: 1) == 0)
    }
}
