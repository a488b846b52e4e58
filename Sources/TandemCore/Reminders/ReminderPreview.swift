public import Foundation

/// `tandem reminders --from --to`: what the daemon would send, and when, as a table or JSON.
public enum ReminderPreview {
    /// One line per reminder (UTC due time, kind, recipient, subject) and a count.
    public static func table(_ reminders: [PlannedReminder], from: Date, to: Date) -> String {
        var out = ""
        for r in reminders {
            let kind = r.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            out += "\(ISO8601.string(r.due))  \(kind)  \(r.recipient)  \(r.subject)\n"
        }
        out += "\(reminders.count) reminder(s) due from \(ISO8601.string(from)) to \(ISO8601.string(to)).\n"
        return out
    }

    /// A JSON array of `{key, kind, meeting, recipient, email, offset, due, subject, body}`, due in UTC.
    public static func json(_ reminders: [PlannedReminder]) -> String {
        struct Row: Encodable {
            var key, kind, meeting, recipient, email: String
            var offset: Int
            var due, subject, body: String
        }
        let rows = reminders.map {
            Row(key: $0.key, kind: $0.kind.rawValue, meeting: $0.meeting, recipient: $0.recipient,
                email: $0.recipientEmail, offset: $0.offset, due: ISO8601.string($0.due), subject: $0.subject, body: $0.body)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(rows), as: UTF8.self)
    }
}
