import Foundation

/// The roster prepared for matching: leaders sorted by id, with schools, phases and tags
/// interned and weekly availability in UTC minutes, so that scoring a candidate pair is a few
/// integer operations. Millions of pairs are scored at national scale.
struct MatchInstance: Sendable {
    /// Why a mentor can never be paired with a mentee (hard rules first, then availability).
    enum Exclusion: Hashable, Sendable {
        case themself, avoid, sameSchool, noCommonAvailability
        /// Their windows overlap, but their calendars and closures never leave a session's time free for both.
        case neverFreeTogether
    }

    let leaders: [Leader]
    let index: [String: Int]
    let weights: Programme.Matching.Weights
    let avoidSameSchool: Bool
    let defaultCapacity: Int
    /// Interned school per leader; -1 when the roster leaves it empty (unknown, never "the same").
    private let school: [Int32]
    /// Interned phase per leader; -1 when empty.
    private let phase: [Int32]
    private let allThroughPhase: Int32
    private let words: Int
    private let goalBits: [UInt64]
    private let expertiseBits: [UInt64]
    private let goalCount: [Int32]
    /// The avoid relation made symmetric, sorted.
    private let avoid: [[Int32]]
    let weekly: [WeeklyMinutes]
    /// The windows less what each leader's calendar takes in most weeks: what the score rewards.
    let free: [WeeklyMinutes]
    /// Where each leader could start a session, to count the periods a pair could meet in.
    let starts: SessionStarts
    /// Sessions each pair should get: `sessions.count`, at most the periods open.
    let sessionsWanted: Int
    /// Minutes of one session.
    let sessionLength: Int

    /// The roster of `availability`'s programme, with its weekly minutes and session starts.
    init(_ availability: Availability) {
        let programme = availability.programme
        let leaders = availability.leaders.map(\.leader)
        self.leaders = leaders
        var index: [String: Int] = [:]
        for (i, l) in leaders.enumerated() { index[l.id] = i }
        self.index = index
        weights = programme.matching.weights
        avoidSameSchool = programme.matching.avoidSameSchool
        defaultCapacity = programme.matching.capacity

        func interner() -> (String) -> Int32 {
            var ids: [String: Int32] = [:]
            return { key in
                guard !key.isEmpty else { return -1 }
                if let id = ids[key] { return id }
                let id = Int32(ids.count)
                ids[key] = id
                return id
            }
        }
        let schoolID = interner()
        school = leaders.map { schoolID(Self.normalised($0.school)) }
        let phaseID = interner()
        phase = leaders.map { phaseID(Self.normalised($0.phase)) }
        allThroughPhase = phaseID("allthrough")

        var tagIDs: [String: Int] = [:]
        for l in leaders {
            for t in l.goals + l.expertise {
                let key = Self.normalised(t)
                if !key.isEmpty && tagIDs[key] == nil { tagIDs[key] = tagIDs.count }
            }
        }
        let words = max(1, (tagIDs.count + 63) / 64)
        self.words = words
        var goalBits = [UInt64](repeating: 0, count: leaders.count * words)
        var expertiseBits = goalBits
        for (i, l) in leaders.enumerated() {
            for t in l.goals { if let b = tagIDs[Self.normalised(t)] { goalBits[i * words + b / 64] |= 1 << UInt64(b % 64) } }
            for t in l.expertise { if let b = tagIDs[Self.normalised(t)] { expertiseBits[i * words + b / 64] |= 1 << UInt64(b % 64) } }
        }
        self.goalBits = goalBits
        self.expertiseBits = expertiseBits
        goalCount = (0..<leaders.count).map { i in
            Int32((0..<words).reduce(0) { $0 + goalBits[i * words + $1].nonzeroBitCount })
        }

        var avoid = [[Int32]](repeating: [], count: leaders.count)
        for (i, l) in leaders.enumerated() {
            for other in l.avoid {
                guard let j = index[other], j != i else { continue }
                avoid[i].append(Int32(j))
                avoid[j].append(Int32(i))
            }
        }
        self.avoid = avoid.map { Array(Set($0)).sorted() }

        weekly = availability.weekly
        free = availability.free
        starts = availability.starts
        sessionLength = programme.sessions.duration / 60
        sessionsWanted = max(1, min(programme.sessions.count ?? starts.periodCount, starts.periodCount))
    }

    /// Lower-case letters and digits only, so "All-through" and "all through" are one phase.
    static func normalised(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    func capacity(_ mentor: Int) -> Int { max(0, leaders[mentor].capacity ?? defaultCapacity) }

    // MARK: Rules and scores

    /// The first rule that stops `mentor` from mentoring `mentee`, or nil when they may be paired.
    func exclusion(mentor: Int, mentee: Int) -> Exclusion? {
        if let rule = ruleExclusion(mentor: mentor, mentee: mentee) { return rule }
        if starts.mayMeet(mentor, mentee) && starts.periodsInCommon(mentor, mentee) > 0 { return nil }
        return weekly[mentor].shared(with: weekly[mentee]) > 0 ? .neverFreeTogether : .noCommonAvailability
    }

    /// The avoid list, the same-school rule and self-pairing, without availability.
    func ruleExclusion(mentor: Int, mentee: Int) -> Exclusion? {
        if mentor == mentee { return .themself }
        if avoidSameSchool && school[mentor] >= 0 && school[mentor] == school[mentee] { return .sameSchool }
        if !avoid[mentee].isEmpty && avoid[mentee].contains(Int32(mentor)) { return .avoid }
        return nil
    }

    func sameSchool(_ a: Int, _ b: Int) -> Bool { school[a] >= 0 && school[a] == school[b] }
    func differentSchools(_ a: Int, _ b: Int) -> Bool { school[a] >= 0 && school[b] >= 0 && school[a] != school[b] }
    func avoids(_ a: Int, _ b: Int) -> Bool { avoid[a].contains(Int32(b)) }

    func breakdown(mentor: Int, mentee: Int) -> ScoreBreakdown {
        breakdown(mentor: mentor, mentee: mentee, shared: free[mentor].shared(with: free[mentee]),
                  periodsInCommon: starts.periodsInCommon(mentor, mentee))
    }

    func breakdown(mentor: Int, mentee: Int, shared: Int, periodsInCommon: Int) -> ScoreBreakdown {
        var goals = 0.5
        if goalCount[mentee] > 0 {
            var common = 0
            for w in 0..<words { common += (goalBits[mentee * words + w] & expertiseBits[mentor * words + w]).nonzeroBitCount }
            goals = Double(common) / Double(goalCount[mentee])
        }
        let pa = phase[mentor], pb = phase[mentee]
        let phaseScore: Double
        if pa < 0 || pb < 0 {
            phaseScore = 0.5
        } else if pa == pb {
            phaseScore = 1
        } else if pa == allThroughPhase || pb == allThroughPhase {
            phaseScore = 0.5
        } else {
            phaseScore = 0
        }
        var experience = 0.5
        if let ym = leaders[mentor].years, let ye = leaders[mentee].years {
            experience = min(1, max(0, Double(ym - ye) / Double(ScoreBreakdown.fullExperienceGap)))
        }
        let often = min(1, Double(periodsInCommon) / Double(sessionsWanted))
        let room = min(1, Double(shared) / Double(ScoreBreakdown.fullAvailabilityMinutes))
        let availability = ScoreBreakdown.periodsShare * often + (1 - ScoreBreakdown.periodsShare) * room
        return ScoreBreakdown(goals: goals, phase: phaseScore, availability: availability, experience: experience,
                              sharedMinutes: shared, periodsInCommon: periodsInCommon, periods: starts.periodCount)
    }

    /// The assignment cost of an allowed pair, or nil when a rule or availability excludes it.
    func cost(mentor: Int, mentee: Int) -> Int? {
        guard let bound = costBound(mentor: mentor, mentee: mentee) else { return nil }
        let common = starts.periodsInCommon(mentor, mentee)
        guard common > 0 else { return nil }
        if common >= sessionsWanted { return bound.cost }
        return ScoreBreakdown.cost(score: breakdown(mentor: mentor, mentee: mentee, shared: bound.shared, periodsInCommon: common)
            .score(weights))
    }

    /// A lower bound of ``cost(mentor:mentee:)`` that skips counting the periods in common (it
    /// assumes every period), with the weekly minutes shared; nil when a rule or the windows exclude the pair.
    func costBound(mentor: Int, mentee: Int) -> (cost: Int, shared: Int)? {
        guard ruleExclusion(mentor: mentor, mentee: mentee) == nil else { return nil }
        guard starts.mayMeet(mentor, mentee) else { return nil }
        let shared = free[mentor].shared(with: free[mentee])
        let best = breakdown(mentor: mentor, mentee: mentee, shared: shared, periodsInCommon: sessionsWanted)
        return (ScoreBreakdown.cost(score: best.score(weights)), shared)
    }
}
