import Foundation
import TandemCore
import TandemDaemon

/// The SQLite store behind the store protocol, every call passed through; fault doubles subclass it
/// and override only the calls they break.
///
/// `@unchecked Sendable`: the only stored property is the immutable, Sendable real store; subclasses
/// keep their own state in atomics.
class ForwardingStore: ReminderStore, @unchecked Sendable {
    let real: SQLiteReminderStore
    init(_ real: SQLiteReminderStore) { self.real = real }

    func recoverClaimed(now: Date) throws(TandemError) -> Int { try real.recoverClaimed(now: now) }
    func claimDue(now: Date, grace: TimeInterval, limit: Int) throws(TandemError) -> ClaimResult {
        try real.claimDue(now: now, grace: grace, limit: limit)
    }
    func markSent(_ ids: [Int64], now: Date) throws(TandemError) { try real.markSent(ids, now: now) }
    func markFailed(_ id: Int64, error message: String, now: Date, policy: RetryPolicy) throws(TandemError) -> Date? {
        try real.markFailed(id, error: message, now: now, policy: policy)
    }
    func release(_ ids: [Int64], now: Date) throws(TandemError) { try real.release(ids, now: now) }
    func nextDue() throws(TandemError) -> Date? { try real.nextDue() }
    func importPlan(_ plan: [PlannedReminder], now: Date) throws(TandemError) -> ImportSummary { try real.importPlan(plan, now: now) }
    func importInvitations(_ documents: [InvitationDocument], now: Date, pacing: InvitationPacing) throws(TandemError) -> InvitationImportSummary {
        try real.importInvitations(documents, now: now, pacing: pacing)
    }
    func respaceOverdueInvitations(now: Date, pacing: InvitationPacing) throws(TandemError) -> Int {
        try real.respaceOverdueInvitations(now: now, pacing: pacing)
    }
    func status(listLimit: Int) throws(TandemError) -> StoreStatus { try real.status(listLimit: listLimit) }
    func reminder(key: String) throws(TandemError) -> StoredReminder? { try real.reminder(key: key) }
    func reminders(in state: ReminderState) throws(TandemError) -> [StoredReminder] { try real.reminders(in: state) }
    func meta(_ name: String) throws(TandemError) -> String? { try real.meta(name) }
    func setMeta(_ name: String, _ value: String) throws(TandemError) { try real.setMeta(name, value) }
    func processedMail() throws(TandemError) -> ProcessedMailIndex { try real.processedMail() }
    func recordReplies(_ replies: [RecordedReply], mail: [ProcessedMail], now: Date) throws(TandemError) -> Int {
        try real.recordReplies(replies, mail: mail, now: now)
    }
    func responses() throws(TandemError) -> [InvitationResponse] { try real.responses() }
}
