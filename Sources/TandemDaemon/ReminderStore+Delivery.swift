public import Foundation
import GRDB
public import TandemCore

/// The reminders one claim took, and those it found too old to send.
public struct ClaimResult: Sendable {
    /// Now `claimed`, in due order: deliver them, then mark each.
    public var claimed: [StoredReminder]
    /// Keys newly marked `missed` (due longer ago than the grace window, never attempted).
    public var missed: [String]
}

extension SQLiteReminderStore {
    /// Puts reminders left `claimed` by a daemon that stopped mid-delivery back to `pending`.
    ///
    /// They keep their claim time, so the grace rule never turns them into `missed`: a maildir
    /// delivery that completed before the crash is then found and only marked.
    @discardableResult
    public func recoverClaimed(now: Date) throws(TandemError) -> Int {
        do {
            return try pool.write { db in
                try db.execute(sql: "UPDATE reminder SET state = 'pending', updated_at = ? WHERE state = 'claimed'",
                               arguments: [StoreTime.ms(now)])
                return db.changesCount
            }
        } catch { throw failure(error) }
    }

    /// In one transaction: marks never-attempted reminders due before `now - grace` as missed, then claims
    /// up to `limit` of those due at `now`.
    public func claimDue(now: Date, grace: TimeInterval, limit: Int = 1_000) throws(TandemError) -> ClaimResult {
        let nowMS = StoreTime.ms(now)
        let oldest = StoreTime.ms(now.addingTimeInterval(-grace))
        do {
            return try pool.write { db in
                let missed = try String.fetchAll(db, sql: """
                    UPDATE reminder SET state = 'missed', updated_at = ?, last_error = 'due more than the grace window before the daemon ran'
                    WHERE id IN (SELECT id FROM reminder WHERE state = 'pending' AND next_attempt_at <= ?
                                 AND due_at < ? AND attempts = 0 AND claimed_at IS NULL
                                 AND (useful_until IS NULL OR useful_until <= ?))
                    RETURNING key
                    """, arguments: [nowMS, nowMS, oldest, nowMS])
                let rows = try Row.fetchAll(db, sql: """
                    UPDATE reminder SET state = 'claimed', claimed_at = ?, updated_at = ?
                    WHERE id IN (SELECT id FROM reminder WHERE state = 'pending' AND next_attempt_at <= ?
                                 ORDER BY next_attempt_at, id LIMIT ?)
                    RETURNING *
                    """, arguments: [nowMS, nowMS, nowMS, limit])
                let claimed = rows.map(StoredReminder.init(row:)).sorted { ($0.nextAttempt, $0.id) < ($1.nextAttempt, $1.id) }
                return ClaimResult(claimed: claimed, missed: missed)
            }
        } catch { throw failure(error) }
    }

    /// Marks claimed reminders delivered, in one transaction.
    public func markSent(_ ids: [Int64], now: Date) throws(TandemError) {
        guard !ids.isEmpty else { return }
        do {
            try pool.write { db in
                let s = try db.cachedStatement(sql: """
                    UPDATE reminder SET state = 'sent', sent_at = ?, updated_at = ?, attempts = attempts + 1
                    WHERE id = ? AND state = 'claimed'
                    """)
                let t = StoreTime.ms(now)
                for id in ids { try s.execute(arguments: [t, t, id]) }
            }
        } catch { throw failure(error) }
    }

    /// Records a failed attempt: back to pending after the policy's backoff, or `failed` when no attempt is left.
    /// Returns the retry time, or nil when the reminder is now `failed`.
    @discardableResult
    public func markFailed(_ id: Int64, error message: String, now: Date, policy: RetryPolicy) throws(TandemError) -> Date? {
        do {
            return try pool.write { db -> Date? in
                guard let row = try Row.fetchOne(db, sql: "SELECT attempts, kind, due_at, meeting_start, useful_until FROM reminder WHERE id = ?",
                                                 arguments: [id]) else {
                    return nil
                }
                let attempts: Int = row["attempts"]
                let t = StoreTime.ms(now)
                if let next = policy.nextAttempt(afterAttempt: attempts + 1, now: now, usefulUntil: Self.usefulUntil(row, policy: policy)) {
                    try db.execute(sql: """
                        UPDATE reminder SET state = 'pending', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
                        WHERE id = ? AND state = 'claimed'
                        """, arguments: [message, StoreTime.ms(next), t, id])
                    return next
                }
                try db.execute(sql: """
                    UPDATE reminder SET state = 'failed', attempts = attempts + 1, last_error = ?, updated_at = ?
                    WHERE id = ? AND state = 'claimed'
                    """, arguments: [message, t, id])
                return nil
            }
        } catch { throw failure(error) }
    }

    /// Until when a reminder is worth retrying: an invitation until its meeting ends (`useful_until`), a
    /// before-reminder until its meeting starts, anything else (check-in, survey) `retryFor` after its due time.
    static func usefulUntil(_ row: Row, policy: RetryPolicy) -> Date {
        if let until: Int64 = row["useful_until"] { return StoreTime.date(until) }
        let due = StoreTime.date(row["due_at"])
        if (row["kind"] as String?) == PlannedReminder.Kind.before.rawValue, let start: Int64 = row["meeting_start"] {
            return StoreTime.date(start)
        }
        return due.addingTimeInterval(policy.retryFor)
    }

    /// Puts reminders back in the queue by hand (`tandem reminders retry`): those waiting for a retry are due
    /// now, and with `failed` also those that failed for good. Returns how many were re-queued.
    @discardableResult
    public func retryNow(failed: Bool, now: Date) throws(TandemError) -> Int {
        let t = StoreTime.ms(now)
        do {
            return try pool.write { db in
                try db.execute(sql: """
                    UPDATE reminder SET state = 'pending', next_attempt_at = ?, updated_at = ?
                    WHERE (state = 'pending' AND attempts > 0 AND next_attempt_at > ?)\(failed ? " OR state = 'failed'" : "")
                    """, arguments: [t, t, t])
                return db.changesCount
            }
        } catch { throw failure(error) }
    }

    /// Hands claimed reminders back unattempted (a graceful stop before they were delivered).
    public func release(_ ids: [Int64], now: Date) throws(TandemError) {
        guard !ids.isEmpty else { return }
        do {
            try pool.write { db in
                let s = try db.cachedStatement(sql: "UPDATE reminder SET state = 'pending', updated_at = ? WHERE id = ? AND state = 'claimed'")
                for id in ids { try s.execute(arguments: [StoreTime.ms(now), id]) }
            }
        } catch { throw failure(error) }
    }

    /// When the next pending reminder (or retry) falls due; nil when nothing is pending.
    public func nextDue() throws(TandemError) -> Date? {
        do {
            return try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM reminder WHERE state = 'pending'").map(StoreTime.date)
            }
        } catch { throw failure(error) }
    }

    /// One reminder by idempotency key.
    public func reminder(key: String) throws(TandemError) -> StoredReminder? {
        do {
            return try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM reminder WHERE key = ?", arguments: [key]).map(StoredReminder.init(row:))
            }
        } catch { throw failure(error) }
    }

    /// Every reminder in a state (tests and tools; not for the loop).
    public func reminders(in state: ReminderState) throws(TandemError) -> [StoredReminder] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM reminder WHERE state = ? ORDER BY due_at, id", arguments: [state.rawValue])
                    .map(StoredReminder.init(row:))
            }
        } catch { throw failure(error) }
    }
}
