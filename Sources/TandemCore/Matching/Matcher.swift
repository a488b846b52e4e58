public import Foundation

/// The pairs chosen by ``Matcher``, the leaders left without a mentor, and each pair's score breakdown.
public struct MatchResult: Sendable {
    /// Sorted by mentor, then mentee.
    public var pairs: [Pair]
    /// Sorted by leader.
    public var unmatched: [Unmatched]
    /// The score components of every pair in ``pairs``.
    public var breakdown: [PairKey: ScoreBreakdown]
    /// The pairs fixed by the roster's `pair` column.
    public var fixed: Set<PairKey>

    public init(pairs: [Pair], unmatched: [Unmatched], breakdown: [PairKey: ScoreBreakdown], fixed: Set<PairKey> = []) {
        self.pairs = pairs
        self.unmatched = unmatched
        self.breakdown = breakdown
        self.fixed = fixed
    }

    public func breakdown(of pair: Pair) -> ScoreBreakdown? { breakdown[PairKey(pair)] }
}

/// Pairs mentors with mentees by a min-cost assignment with mentor capacities (DESIGN §4, Matching).
///
/// - Hard rules: never a pair on either leader's `avoid` list; with `avoid_same_school`, never two
///   leaders of the same school (an empty school is unknown, not shared); never a `both` leader
///   with themself; never a pair with no weekly availability in common, nor one whose calendars
///   and closures leave no period with a session's time free for both (they could never meet).
/// - Fixed pairs from the roster's `pair` column are kept as they are, even beyond the mentor's
///   capacity or against a rule (the `why` says so), and use up the mentor's capacity first.
/// - Objective: as many mentees matched as possible, then the least total cost `1 - score`
///   (see ``ScoreBreakdown``).
///
/// At national scale a dense assignment is too slow, so each mentee keeps only their
/// ``Options/candidatesPerMentee`` cheapest allowed mentors. The flow is exactly optimal on that
/// sparse graph. It can miss a better global optimum only when a mentee's best choice lies
/// outside every one of their top candidates, which costs at most the small score difference
/// between their K-th and a later mentor. A mentee left unmatched is then retried with every
/// allowed mentor, so no mentee is ever left out while a compatible mentor has capacity.
///
/// Deterministic: leaders are processed in id order and every tie is broken by id.
public enum Matcher {
    public struct Options: Sendable {
        /// Mentors kept per mentee for the assignment (the sparsification; see ``Matcher``).
        public var candidatesPerMentee: Int

        public init(candidatesPerMentee: Int = 40) {
            self.candidatesPerMentee = candidatesPerMentee
        }
    }

    /// - Parameter keeping: the pairs of the schedule being re-planned. Each stays as it was while
    ///   both leaders are still on the roster in their roles, no hard rule now forbids it, and the
    ///   mentor has room after the roster's fixed pairs: a new calendar export never re-pairs
    ///   leaders mid-year. Only mentees without such a pair are matched afresh.
    /// - Parameter notBefore: periods and times before this instant do not count towards a pair's
    ///   time in common (the scheduler passes now + notice).
    public static func match(_ programme: Programme, keeping: [Pair] = [], notBefore: Date? = nil,
                             options: Options = Options()) -> MatchResult {
        match(Availability(programme, notBefore: notBefore), keeping: keeping, options: options)
    }

    /// The match stage of ``SchedulePipeline``: on the run's availability, built once.
    static func match(_ availability: Availability, keeping: [Pair] = [], options: Options = Options()) -> MatchResult {
        let instance = MatchInstance(availability)
        var run = MatchRun(instance: instance, limit: max(1, options.candidatesPerMentee), keeping: keeping)
        return run.result()
    }
}

/// One matching run: fixed pairs, the sparse candidate lists, the assignment and the explanations.
struct MatchRun {
    let instance: MatchInstance
    let limit: Int
    /// Leader index of each mentor column.
    let mentors: [Int]
    /// Column of each leader; -1 for leaders who cannot mentor.
    let column: [Int]
    /// Leader index of each mentee that the assignment places (not fixed).
    private(set) var rows: [Int] = []
    /// Fixed pairs as (mentor leader index, mentee leader index).
    private(set) var fixedPairs: [(mentor: Int, mentee: Int)] = []
    private(set) var invalidFixed: [Int] = []
    /// Pairs kept from the previous schedule as (mentor leader index, mentee leader index).
    private(set) var keptPairs: [(mentor: Int, mentee: Int)] = []
    private(set) var fixedLoad: [Int]
    /// Capacity left after fixed pairs, per column.
    private(set) var remaining: [Int]

    init(instance: MatchInstance, limit: Int, keeping: [Pair] = []) {
        self.instance = instance
        self.limit = limit
        let leaders = instance.leaders
        mentors = leaders.indices.filter { leaders[$0].role.canMentor }
        var column = [Int](repeating: -1, count: leaders.count)
        for (c, m) in mentors.enumerated() { column[m] = c }
        self.column = column
        fixedLoad = Array(repeating: 0, count: mentors.count)
        var free: [Int] = []
        for i in leaders.indices where leaders[i].role.canBeMentored {
            guard let id = leaders[i].pair else {
                free.append(i)
                continue
            }
            if let j = instance.index[id], j != i, column[j] >= 0 {
                fixedPairs.append((j, i))
                fixedLoad[column[j]] += 1
            } else {
                invalidFixed.append(i)
            }
        }
        var remaining = zip(mentors, fixedLoad).map { max(0, instance.capacity($0) - $1) }
        let previousMentor = Dictionary(keeping.map { ($0.mentee, $0.mentor) }, uniquingKeysWith: { a, _ in a })
        for i in free {
            if let id = previousMentor[leaders[i].id], let j = instance.index[id], j != i, column[j] >= 0,
               remaining[column[j]] > 0, instance.exclusion(mentor: j, mentee: i) == nil {
                keptPairs.append((j, i))
                remaining[column[j]] -= 1
            } else {
                rows.append(i)
            }
        }
        self.remaining = remaining
    }

    /// Allowed mentors of `mentee` with spare capacity, cheapest first (ties by id), at most `limit`.
    ///
    /// Counting a pair's periods in common is the costly part of a cost, so mentors are visited in
    /// order of a cheap lower bound (``MatchInstance/costBound(mentor:mentee:)``) and the exact cost
    /// is computed only until the `limit`-th best exact cost is below every remaining bound: the
    /// result is the same as scoring every mentor exactly.
    func candidates(of mentee: Int, limit: Int?) -> [CapacitatedAssignment.Edge] {
        var bounds: [Int] = []
        bounds.reserveCapacity(64)
        for (c, m) in mentors.enumerated() where remaining[c] > 0 {
            if let b = instance.costBound(mentor: m, mentee: mentee) { bounds.append(b.cost << 32 | c) }
        }
        bounds.sort()
        var keys: [Int] = []
        keys.reserveCapacity(min(bounds.count, (limit ?? bounds.count) + 1))
        for bound in bounds {
            if let limit, keys.count >= limit, keys[limit - 1] >> 32 < bound >> 32 { break }
            let c = bound & 0xFFFF_FFFF
            guard let cost = instance.cost(mentor: mentors[c], mentee: mentee) else { continue }
            let key = cost << 32 | c
            keys.insert(key, at: keys.firstIndex { $0 > key } ?? keys.endIndex)
            if let limit, keys.count > limit { keys.removeLast() }
        }
        return keys.map { CapacitatedAssignment.Edge(column: Int32(truncatingIfNeeded: $0), cost: Int32($0 >> 32)) }
    }

    mutating func result() -> MatchResult {
        let run = self
        let edges = Parallel.map(rows, chunks: min(8, rows.count / 64)) { run.candidates(of: $0, limit: run.limit) }
        var solver = CapacitatedAssignment(capacity: remaining, edges: edges, maxCost: ScoreBreakdown.costScale)
        solver.solve()
        // Mentees left out by the sparse lists get every allowed mentor, until none is left out
        // while an allowed mentor has room. Loads only grow, so this ends.
        var changed = true
        while changed {
            changed = false
            for r in rows.indices where solver.assignment[r] == CapacitatedAssignment.unassigned {
                let all = candidates(of: rows[r], limit: nil)
                guard all.contains(where: { solver.load[Int($0.column)] < remaining[Int($0.column)] }) else { continue }
                solver.retry(row: r, with: all)
                changed = true
            }
        }
        return build(solver)
    }

    private func build(_ solver: CapacitatedAssignment) -> MatchResult {
        let leaders = instance.leaders
        var pairs: [Pair] = []
        var breakdown: [PairKey: ScoreBreakdown] = [:]
        var fixed = Set<PairKey>()
        let capacityUse = fixedLoad
        func add(_ mentor: Int, _ mentee: Int, isFixed: Bool, isKept: Bool = false) {
            let b = instance.breakdown(mentor: mentor, mentee: mentee)
            let key = PairKey(mentor: leaders[mentor].id, mentee: leaders[mentee].id)
            breakdown[key] = b.rounded
            if isFixed { fixed.insert(key) }
            let fixedCount = isFixed ? capacityUse[column[mentor]] : 0
            let why = (isKept ? ["kept from the previous schedule"] : [])
                + instance.why(mentor: mentor, mentee: mentee, breakdown: b, fixed: isFixed,
                               fixedBeyondCapacity: fixedCount > instance.capacity(mentor) ? fixedCount : nil)
            pairs.append(Pair(mentor: key.mentor, mentee: key.mentee,
                              score: ScoreBreakdown.round3(b.score(instance.weights)), why: why))
        }
        for f in fixedPairs { add(f.mentor, f.mentee, isFixed: true) }
        for k in keptPairs { add(k.mentor, k.mentee, isFixed: false, isKept: true) }
        var mentoring = Set<Int>((fixedPairs + keptPairs).map(\.mentor))
        var unmatchedRows: [Int] = []
        for (r, mentee) in rows.enumerated() {
            if let c = solver.column(of: r) {
                add(mentors[c], mentee, isFixed: false)
                mentoring.insert(mentors[c])
            } else {
                unmatchedRows.append(mentee)
            }
        }
        pairs.sort { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) }

        var load = mentors.indices.map { fixedLoad[$0] + solver.load[$0] }
        for k in keptPairs { load[column[k.mentor]] += 1 }
        var unmatched: [Unmatched] = []
        for i in invalidFixed {
            let l = leaders[i]
            unmatched.append(Unmatched(
                leader: l.id, reason: .excludedByRules,
                detail: "\(l.name) (\(l.id)) has \(l.pair ?? "") as a fixed mentor in the pair column, who is not a mentor on the roster. Name a mentor there or leave it empty."))
        }
        for i in unmatchedRows {
            // A `both` leader who mentors someone takes part; only their own mentoring is missing.
            if leaders[i].role == .both && mentoring.contains(i) { continue }
            unmatched.append(instance.explainUnmatched(i, mentors: mentors, load: load))
        }
        unmatched.sort { $0.leader < $1.leader }
        return MatchResult(pairs: pairs, unmatched: unmatched, breakdown: breakdown, fixed: fixed)
    }
}
