public import TandemCore

/// The replies part of `tandem reminders status`: per meeting of the schedule, who accepted,
/// declined (with their comment), answered tentatively or has not answered yet.
public enum ReplyStatus {
    /// - Parameters:
    ///   - mail: processed messages by outcome (``SQLiteReminderStore/processedMailCounts()``).
    ///   - schedule: the current schedule.json; without it the recorded answers are listed as they are.
    ///   - listLimit: the most meetings listed one by one.
    public static func text(responses: [InvitationResponse], mail: [String: Int], schedule: Schedule?, listLimit: Int = 50) -> String {
        var out = "Invitation replies:\n"
        let processed = mail.values.reduce(0, +)
        out += "  mail processed: \(processed)"
        if processed > 0 { out += " (" + mail.keys.sorted().map { "\($0) \(mail[$0]!)" }.joined(separator: ", ") + ")" }
        out += "\n"
        guard let schedule else {
            out += "  answers recorded: \(responses.count) (pass the programme or --schedule to see them per meeting)\n"
            for r in responses.prefix(listLimit) {
                out += "  \(ISO8601.string(r.start))  \(r.meeting)  \(r.leader): \(r.answer.word)\n"
            }
            return out
        }
        let current = InvitationResponse.current(responses)
        var totals: [String: Int] = [:]
        var lines: [String] = []
        var answered = 0
        for m in schedule.meetings {
            let answers = current[InvitationResponse.key(m)] ?? [:]
            var parts: [String: [String]] = [:]
            for a in m.attendees {
                guard let r = answers[a] else { parts["no answer", default: []].append(a); totals["no answer", default: 0] += 1; continue }
                totals[r.answer.word, default: 0] += 1
                let comment = r.comment.map { " (\"\(ReplyInbox.clean($0))\")" } ?? ""
                parts[r.answer.word, default: []].append(a + comment)
            }
            guard !answers.isEmpty else { continue }
            answered += 1
            let text = ["accepted", "declined", "tentative", "no answer"].compactMap { w in parts[w].map { "\(w): \($0.joined(separator: ", "))" } }
            lines.append("  \(ISO8601.string(m.start))  \(m.uid)  " + text.joined(separator: "; "))
        }
        out += "  meetings with an answer: \(answered) of \(schedule.meetings.count) ("
        out += ["accepted", "declined", "tentative", "no answer"].map { "\($0) \(totals[$0] ?? 0)" }.joined(separator: ", ") + ")\n"
        out += lines.prefix(listLimit).joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        if lines.count > listLimit { out += "  … and \(lines.count - listLimit) more meetings with answers\n" }
        return out
    }
}
