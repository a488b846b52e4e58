public import Foundation
public import TandemCore

/// What the loop and the daemon need from a durable reminder store (DESIGN §6/§7).
///
/// ``SQLiteReminderStore`` (GRDB, one file) is the default; a PostgreSQL store and the responses store
/// implement the same protocol. Every method is one transaction, so a crash leaves the old state or the
/// new one, and failures arrive as ``TandemError`` already mapped to exit codes (``StoreError`` for SQLite).
/// Calls are synchronous: they are short local transactions, made by the loop between awaited deliveries.
/// (A network store such as PostgreSQL will want `async` requirements; that is its issue.)
public protocol ReminderStore: Sendable {
    /// Hands reminders a stopped daemon left claimed back to pending (they keep their claim time).
    @discardableResult
    func recoverClaimed(now: Date) throws(TandemError) -> Int
    /// Marks never-attempted reminders due before `now - grace` as missed, then claims up to `limit` due at `now`.
    func claimDue(now: Date, grace: TimeInterval, limit: Int) throws(TandemError) -> ClaimResult
    /// Marks claimed reminders sent.
    func markSent(_ ids: [Int64], now: Date) throws(TandemError)
    /// Records a failed attempt: returns the retry time, or nil when the reminder has failed for good.
    func markFailed(_ id: Int64, error message: String, now: Date, policy: RetryPolicy) throws(TandemError) -> Date?
    /// Hands claimed but unattempted reminders back to pending.
    func release(_ ids: [Int64], now: Date) throws(TandemError)
    /// The earliest time a pending reminder is due, if any.
    func nextDue() throws(TandemError) -> Date?
    /// Imports a plan idempotently: new reminders are added, moved ones move, vanished ones are cancelled.
    @discardableResult
    func importPlan(_ plan: [PlannedReminder], now: Date) throws(TandemError) -> ImportSummary
    /// Imports the schedule's iMIP invitations idempotently (one message per UID, RECURRENCE-ID, SEQUENCE,
    /// recipient and method), paced and out of quiet hours; superseded pending ones are cancelled.
    @discardableResult
    func importInvitations(_ documents: [InvitationDocument], now: Date, pacing: InvitationPacing) throws(TandemError) -> InvitationImportSummary
    /// Re-spaces pending invitations whose send slot has passed, from `now` at the rate; returns how many.
    @discardableResult
    func respaceOverdueInvitations(now: Date, pacing: InvitationPacing) throws(TandemError) -> Int
    /// Counts by state, the next due and the recently missed (at most `listLimit` listed).
    func status(listLimit: Int) throws(TandemError) -> StoreStatus
    /// One reminder by its idempotency key.
    func reminder(key: String) throws(TandemError) -> StoredReminder?
    /// Every reminder in `state`, in due order.
    func reminders(in state: ReminderState) throws(TandemError) -> [StoredReminder]
    /// A value remembered in the store (such as the fingerprint of the last imported schedule).
    func meta(_ name: String) throws(TandemError) -> String?
    /// Remembers `value` under `name`.
    func setMeta(_ name: String, _ value: String) throws(TandemError)
    /// The mail of the replies maildir already processed (DESIGN §8).
    func processedMail() throws(TandemError) -> ProcessedMailIndex
    /// Records attendees' answers and the processed mail in one transaction; a newer answer wins.
    @discardableResult
    func recordReplies(_ replies: [RecordedReply], mail: [ProcessedMail], now: Date) throws(TandemError) -> Int
    /// Every recorded answer to the invitations.
    func responses() throws(TandemError) -> [InvitationResponse]
}

extension ReminderStore {
    /// The status with the default list length (50).
    public func status() throws(TandemError) -> StoreStatus { try status(listLimit: 50) }
}

extension SQLiteReminderStore: ReminderStore {}
