import Foundation
import TandemCalendar

extension OverviewPage {
    /// Replies to the invitations: for each meeting with at least one answer (for its current time),
    /// who accepted, declined (with their comment), answered tentatively, and who has not answered;
    /// the meetings nobody has answered yet are counted. Every text is escaped.
    static func repliesTable(_ schedule: Schedule, programme: Programme, responses: [InvitationResponse]) -> String {
        let zone = programme.timeZone
        let current = InvitationResponse.current(responses)
        var totals: [String: Int] = [:]
        var rows = ""
        var silent = 0
        func names(_ ids: [String]) -> String { ids.map { esc(programme.leader($0)?.name ?? $0) }.joined(separator: ", ") }
        for m in schedule.meetings {
            let answers = current[InvitationResponse.key(m)] ?? [:]
            var by: [InvitationResponse.Answer: [String]] = [:]
            var none: [String] = []
            for a in m.attendees {
                if let r = answers[a] { by[r.answer, default: []].append(a) } else { none.append(a) }
            }
            for (answer, ids) in by { totals[answer.word, default: 0] += ids.count }
            totals["no answer", default: 0] += none.count
            if answers.isEmpty { silent += 1; continue }
            let declined = (by[.declined] ?? []).map { id -> String in
                let who = esc(programme.leader(id)?.name ?? id)
                guard let c = answers[id]?.comment, !c.isEmpty else { return who }
                return "\(who) (“\(esc(c))”)"
            }.joined(separator: ", ")
            let label = m.title ?? m.attendees.map { programme.leader($0)?.name ?? $0 }.joined(separator: " & ")
            rows += "<tr><td class=\"row\">\(esc(TimeText.span(m.start, m.end, in: zone)))</td><td class=\"row\">\(esc(label))</td>"
            rows += "<td class=\"row\">\(names(by[.accepted] ?? []))</td><td class=\"row\(declined.isEmpty ? "" : " miss")\">\(declined)</td>"
            rows += "<td class=\"row\">\(names(by[.tentative] ?? []))</td><td class=\"row\">\(names(none))</td></tr>\n"
        }
        var h = "<h2>Replies to the invitations</h2><p class=\"meta\">"
        h += ["accepted", "declined", "tentative", "no answer"].map { "\($0): \(totals[$0] ?? 0)" }.joined(separator: " · ")
        h += " (attendees × meetings) · \(silent) meeting(s) without any answer yet</p>\n"
        if !rows.isEmpty {
            h += "<table><tr><th class=\"row\">When</th><th class=\"row\">Meeting</th><th class=\"row\">Accepted</th><th class=\"row\">Declined</th><th class=\"row\">Tentative</th><th class=\"row\">No answer</th></tr>\n"
            h += rows + "</table>\n"
        }
        return h
    }
}
