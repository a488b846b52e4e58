public import Foundation
import GRDB
public import TandemCore

/// What `tandem reminders status` shows: counts by state, the next reminder due, and the missed list.
public struct StoreStatus: Sendable {
    public var counts: [ReminderState: Int]
    public var next: StoredReminder?
    /// The most recent missed reminders (at most `missedLimit`), newest due first.
    public var missed: [StoredReminder]
    public var missedTotal: Int
    /// The most recent failed reminders, with their last error.
    public var failed: [StoredReminder]
    /// iMIP messages by kind (`invitation`, `cancellation`) and state, apart from the reminders' counts.
    public var invitations: [String: [ReminderState: Int]] = [:]

    /// The report as text.
    public func text(zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        var out = "Reminders by state:\n"
        for state in ReminderState.allCases {
            out += "  \(state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(counts[state] ?? 0)\n"
        }
        out += invitationText
        if let next {
            out += "Next due: \(ISO8601.string(next.nextAttempt))  \(next.kindName) to \(next.recipient): \(next.subject)\n"
        } else {
            out += "Next due: nothing pending.\n"
        }
        if missedTotal > 0 {
            out += "Missed (due while the daemon was down, older than the grace window): \(missedTotal)\n"
            for r in missed { out += "  \(ISO8601.string(r.due))  \(r.kindName) to \(r.recipient) <\(r.recipientEmail)>: \(r.subject)\n" }
            if missedTotal > missed.count { out += "  … and \(missedTotal - missed.count) more\n" }
        }
        if !failed.isEmpty {
            out += "Failed (retried while useful; `tandem reminders retry --failed` re-queues them):\n"
            for r in failed { out += "  \(ISO8601.string(r.due))  \(r.kindName) to \(r.recipient): \(r.lastError ?? "unknown error")\n" }
        }
        return out
    }
}

extension SQLiteReminderStore {
    /// Counts by state, the next pending reminder, and the most recent missed and failed ones.
    public func status(listLimit: Int = 50) throws(TandemError) -> StoreStatus {
        do {
            return try pool.read { db in
                var counts: [ReminderState: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM reminder WHERE kind NOT IN \(InvitationPart.sqlKinds) GROUP BY state") {
                    if let s = ReminderState(rawValue: row["state"]) { counts[s] = row["n"] }
                }
                let next = try Row.fetchOne(db, sql: "SELECT * FROM reminder WHERE state = 'pending' ORDER BY next_attempt_at, id LIMIT 1")
                    .map(StoredReminder.init(row:))
                let missed = try Row.fetchAll(db, sql: "SELECT * FROM reminder WHERE state = 'missed' ORDER BY due_at DESC, id LIMIT ?",
                                              arguments: [listLimit]).map(StoredReminder.init(row:))
                let failed = try Row.fetchAll(db, sql: "SELECT * FROM reminder WHERE state = 'failed' ORDER BY due_at DESC, id LIMIT ?",
                                              arguments: [listLimit]).map(StoredReminder.init(row:))
                var status = StoreStatus(counts: counts, next: next, missed: missed, missedTotal: counts[.missed] ?? 0, failed: failed)
                status.invitations = try SQLiteReminderStore.invitationCounts(db)
                return status
            }
        } catch { throw failure(error) }
    }
}
