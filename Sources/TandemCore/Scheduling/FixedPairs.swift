import Foundation

/// The pairs fixed by the roster's `pair` column.
enum FixedPairs {
    static func pairs(in programme: Programme) -> (pairs: [Pair], unmatched: [Unmatched]) {
        var pairs: [Pair] = []
        var unmatched: [Unmatched] = []
        for mentee in programme.leaders where mentee.role.canBeMentored {
            if let mentorID = mentee.pair, let mentor = programme.leader(mentorID) {
                var why = ["fixed in the roster"]
                if mentor.school != mentee.school { why.append("different schools") }
                let shared = Set(mentor.expertise).intersection(mentee.goals).sorted()
                why += shared.map { "shared goal: \($0)" }
                pairs.append(Pair(mentor: mentor.id, mentee: mentee.id, score: 1, why: why))
            } else if mentee.role == .mentee {
                unmatched.append(Unmatched(
                    leader: mentee.id, reason: .excludedByRules,
                    detail: "\(mentee.name) has no mentor in the roster's pair column; name one there to schedule their sessions."))
            }
        }
        pairs.sort { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) }
        return (pairs, unmatched)
    }
}
