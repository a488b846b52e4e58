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
                // SQLite compares the stored text with the planned one: no String per row is built
                // from the store, only the verdict comes back (GRDB's value conversions cost more
                // than SQLite's own work here).
                let find = try db.cachedStatement(sql: """
                    SELECT id, state, due_at = ? AND meeting_start IS ? AND subject = ? AND body = ?
                    FROM reminder WHERE key = ?
                    """)
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
                // The rows the plan names, so that the pending ones it no longer names are cancelled.
                var planned = Set<Int64>()
                planned.reserveCapacity(plan.count)
                for r in plan {
                    let due = StoreTime.ms(r.due)
                    let start = r.meetingStart.map(StoreTime.ms)
                    find.setUncheckedArguments([due, start, r.subject, r.body, r.key])
                    guard let row = try Row.fetchOne(find) else {
                        try insert.execute(arguments: [r.key, r.kind.rawValue, r.meeting, r.recipient, r.recipientName,
                                                       r.recipientEmail, r.offset, due, start, due, nowMS, r.subject, r.body])
                        planned.insert(db.lastInsertedRowID)
                        summary.added += 1
                        continue
                    }
                    let id: Int64 = row[0]
                    planned.insert(id)
                    let state: String = row[1]
                    let same = (row[2] as Bool?) == true
                    switch state {
                    case ReminderState.pending.rawValue where !same:
                        summary.moved += 1
                    case ReminderState.cancelled.rawValue:
                        summary.revived += 1
                    default:
                        summary.unchanged += 1
                        continue
                    }
                    try update.execute(arguments: [due, due, start, r.recipientName, r.recipientEmail, r.subject, r.body, nowMS, id])
                }
                let cancel = try db.cachedStatement(sql: "UPDATE reminder SET state = 'cancelled', updated_at = ? WHERE id = ?")
                let pending = try Int64.fetchAll(db, sql: """
                    SELECT id FROM reminder WHERE state = 'pending' AND kind NOT IN \(InvitationPart.sqlKinds)
                    """)
                for id in pending where !planned.contains(id) {
                    try cancel.execute(arguments: [nowMS, id])
                    summary.cancelled += 1
                }
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
