import Foundation
import TandemCore
import TandemDaemon
import TandemTesting

/// Small plans and stores for the daemon tests.
enum DaemonFixtures {
    static let t0 = Fixtures.instant("2026-09-14T12:00:00Z")

    static func reminder(_ n: Int, due: Date, meeting: String? = nil, recipient: String = "L001",
                         kind: PlannedReminder.Kind = .before, offset: Int = 3_600) -> PlannedReminder {
        PlannedReminder(kind: kind, meeting: meeting ?? "m\(n)", recipient: recipient, offset: offset, due: due,
                        meetingStart: due.addingTimeInterval(Double(offset)), recipientName: "Leader \(recipient)",
                        recipientEmail: "\(recipient.lowercased())@school.example", subject: "Reminder \(n)",
                        body: "Dear Leader,\n\nSession \(n).\n")
    }

    /// A fresh store in a new temporary folder.
    static func store() throws -> SQLiteReminderStore {
        let folder = TestSupport.temporaryFolder("daemon-store")
        return try SQLiteReminderStore(path: folder.appendingPathComponent("reminders.sqlite").path)
    }
}
