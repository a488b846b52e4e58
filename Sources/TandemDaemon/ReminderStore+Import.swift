public import Foundation
import GRDB
public import TandemCore

/// What importing a plan changed.
public struct ImportSummary: Hashable, Sendable, CustomStringConvertible {
    public var added = 0
    /// Pending reminders whose due time or text changed (their meeting moved or was renamed).
    public var moved = 0
    /// Pending reminders whose meeting vanished.
    public var cancelled = 0
    /// Cancelled reminders whose meeting came back.
    public var revived = 0
    public var unchanged = 0

    public init() {}

    public var description: String {
        "\(added) added, \(moved) moved, \(cancelled) cancelled, \(revived) revived, \(unchanged) unchanged"
    }
}

extension SQLiteReminderStore {
    /// Brings the store in line with a freshly planned schedule, in one transaction; importing twice changes nothing.
    ///
    /// New keys are added as pending. Pending (and cancelled) reminders take the new due time and text.
    /// Pending reminders whose key is no longer planned are cancelled. Sent, failed, missed and
    /// in-flight reminders are history and stay as they are.
    @discardableResult
    public func importPlan(_ plan: [PlannedReminder], now: Date) throws(TandemError) -> ImportSummary {
        let nowMS = StoreTime.ms(now)
        do {
            let summary = try pool.write { db in
                var summary = ImportSummary()
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS planned_key (key TEXT PRIMARY KEY) WITHOUT ROWID")
                try db.execute(sql: "DELETE FROM planned_key")
                let remember = try db.cachedStatement(sql: "INSERT OR IGNORE INTO planned_key(key) VALUES (?)")
                let find = try db.cachedStatement(sql: "SELECT id, state, due_at, meeting_start, subject, body FROM reminder WHERE key = ?")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO reminder (key, kind, meeting, recipient, recipient_name, recipient_email, offset_seconds,
                                          due_at, meeting_start, state, next_attempt_at, updated_at, subject, body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                    """)
                let update = try db.cachedStatement(sql: """
                    UPDATE reminder SET state = 'pending', due_at = ?, next_attempt_at = ?, meeting_start = ?,
                        recipient_name = ?, recipient_email = ?, subject = ?, body = ?, attempts = 0, last_error = NULL,
                        claimed_at = NULL, updated_at = ?
                    WHERE id = ?
                    """)
                for r in plan {
                    let key = r.key
                    let due = StoreTime.ms(r.due)
                    let start = r.meetingStart.map(StoreTime.ms)
                    try remember.execute(arguments: [key])
                    guard let row = try Row.fetchOne(find, arguments: [key]) else {
                        try insert.execute(arguments: [key, r.kind.rawValue, r.meeting, r.recipient, r.recipientName,
                                                       r.recipientEmail, r.offset, due, start, due, nowMS, r.subject, r.body])
                        summary.added += 1
                        continue
                    }
                    let state: String = row["state"]
                    let same = (row["due_at"] as Int64) == due && (row["meeting_start"] as Int64?) == start
                        && (row["subject"] as String) == r.subject && (row["body"] as String) == r.body
                    switch state {
                    case ReminderState.pending.rawValue where !same:
                        summary.moved += 1
                    case ReminderState.cancelled.rawValue:
                        summary.revived += 1
                    default:
                        summary.unchanged += 1
                        continue
                    }
                    try update.execute(arguments: [due, due, start, r.recipientName, r.recipientEmail, r.subject, r.body,
                                                   nowMS, row["id"] as Int64])
                }
                try db.execute(sql: """
                    UPDATE reminder SET state = 'cancelled', updated_at = ?
                    WHERE state = 'pending' AND key NOT IN (SELECT key FROM planned_key)
                        AND kind NOT IN \(InvitationPart.sqlKinds)
                    """, arguments: [nowMS])
                summary.cancelled = db.changesCount
                try db.execute(sql: "DELETE FROM planned_key")
                return summary
            }
            // A big import leaves a big write-ahead log: fold it into the database now, so that start-up
            // stays fast and the maildir's per-batch disk sync does not pay for it later.
            if summary.added + summary.moved + summary.cancelled + summary.revived > 10_000 {
                _ = try pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            }
            return summary
        } catch {
            throw failure(error)
        }
    }
}
