import Foundation

extension MatchInstance {
    /// Human reasons for a pair: "shared goal: curriculum", "different schools", "same phase: primary",
    /// "2h a week in common", "14 vs 2 years' experience".
    func why(mentor m: Int, mentee e: Int, breakdown b: ScoreBreakdown, fixed: Bool, fixedBeyondCapacity: Int?) -> [String] {
        let mentor = leaders[m], mentee = leaders[e]
        var why: [String] = []
        if fixed { why.append("fixed in the roster") }
        if let count = fixedBeyondCapacity {
            why.append("\(mentor.id) has \(count) fixed mentees, over their capacity of \(capacity(m))")
        }
        if fixed {
            if avoids(e, m) { why.append("kept although one avoids the other") }
            if sameSchool(m, e) && avoidSameSchool { why.append("kept although they share a school") }
        }
        let expertise = Set(mentor.expertise.map(Self.normalised))
        var seen = Set<String>()
        for g in mentee.goals where expertise.contains(Self.normalised(g)) && seen.insert(Self.normalised(g)).inserted {
            why.append("shared goal: \(g)")
        }
        if differentSchools(m, e) { why.append("different schools") } else if sameSchool(m, e) { why.append("same school") }
        if b.phase == 1 {
            why.append("same phase: \(mentee.phase)")
        } else if !mentor.phase.isEmpty && !mentee.phase.isEmpty {
            why.append(b.phase > 0 ? "related phases: \(mentor.phase) and \(mentee.phase)" : "different phases: \(mentor.phase) and \(mentee.phase)")
        }
        why.append(b.sharedMinutes > 0 ? "\(Self.duration(b.sharedMinutes)) a week in common" : "no weekly availability in common")
        why.append("time for a session in \(b.periodsInCommon) of \(b.periods) periods")
        if let ym = mentor.years, let ye = mentee.years { why.append("\(ym) vs \(ye) years' experience") }
        return why
    }

    /// "2h", "1h 30m", "45m".
    static func duration(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        if h == 0 { return "\(m)m" }
        return m == 0 ? "\(h)h" : "\(h)h \(m)m"
    }

    /// Why `mentee` has no mentor, from the most to the least actionable cause.
    ///
    /// - `no-mentor-capacity`: some mentor passes every rule and shares time, but all such are full.
    /// - `no-common-availability`: the rules allow some mentors, but none shares any weekly time.
    /// - `excluded-by-rules`: avoid lists, the same-school rule (or no mentor at all) leave nobody.
    func explainUnmatched(_ e: Int, mentors: [Int], load: [Int]) -> Unmatched {
        let l = leaders[e]
        let who = "\(l.name) (\(l.id))"
        var compatible: [Int] = [], ruleAllowed: [Int] = [], neverFree: [Int] = []
        var byAvoid = 0, bySchool = 0
        for (c, m) in mentors.enumerated() {
            switch exclusion(mentor: m, mentee: e) {
            case nil:
                compatible.append(c)
                ruleAllowed.append(c)
            case .noCommonAvailability: ruleAllowed.append(c)
            case .neverFreeTogether:
                ruleAllowed.append(c)
                neverFree.append(c)
            case .avoid: byAvoid += 1
            case .sameSchool: bySchool += 1
            case .themself: break
            }
        }
        func names(_ columns: [Int]) -> String {
            let shown = columns.prefix(3).map { leaders[mentors[$0]].id }.joined(separator: ", ")
            return columns.count > 3 ? "\(shown) and \(columns.count - 3) more" : shown
        }
        if !compatible.isEmpty {
            let full = compatible.filter { load[$0] >= capacity(mentors[$0]) }
            return Unmatched(
                leader: l.id, reason: .noMentorCapacity,
                detail: "\(who) has \(compatible.count) compatible mentor(s) (\(names(full))), all at capacity. Raise one of their capacities in the roster, or add a mentor.")
        }
        if !neverFree.isEmpty {
            return Unmatched(
                leader: l.id, reason: .noCommonAvailability,
                detail: "\(who) shares weekly windows with \(neverFree.count) of the \(ruleAllowed.count) mentor(s) the rules allow (\(names(neverFree))), but in no period do their windows, calendars and closures leave a whole \(Self.duration(sessionLength)) session free for both at once. Widen their availability, or check their calendar exports and closures.")
        }
        if !ruleAllowed.isEmpty {
            let windows = l.availability.isEmpty ? "none" : l.availability.map(\.description).joined(separator: "; ")
            return Unmatched(
                leader: l.id, reason: .noCommonAvailability,
                detail: "\(who) shares no weekly time with any of the \(ruleAllowed.count) mentor(s) the rules allow (\(names(ruleAllowed))). Widen their availability (now \(windows), \(l.timeZone.identifier)) or a mentor's.")
        }
        let others = mentors.filter { $0 != e }.count
        guard others > 0 else {
            return Unmatched(leader: l.id, reason: .excludedByRules,
                             detail: "\(who) has no mentor to pair with: the roster has no other mentor. Add a mentor, or make a leader's role both.")
        }
        var causes: [String] = []
        if byAvoid > 0 { causes.append("\(byAvoid) by an avoid list") }
        if bySchool > 0 { causes.append("\(bySchool) at the same school") }
        return Unmatched(
            leader: l.id, reason: .excludedByRules,
            detail: "The matching rules exclude every mentor for \(who) (\(causes.joined(separator: ", "))). Remove an avoid entry, set matching.avoid_same_school to false, or add a mentor from another school.")
    }
}
