public import Foundation
public import TandemCore

/// One reminder row of the store: the planned message plus its delivery state.
public struct StoredReminder: Hashable, Sendable {
    public var id: Int64
    public var key: String
    public var kind: PlannedReminder.Kind
    public var meeting: String
    public var recipient: String
    public var recipientName: String
    public var recipientEmail: String
    public var offset: Int
    /// The planned due time (UTC).
    public var due: Date
    public var meetingStart: Date?
    public var state: ReminderState
    public var attempts: Int
    public var lastError: String?
    /// When it may next be claimed: the due time, or a retry time after a failure.
    public var nextAttempt: Date
    public var subject: String
    public var body: String
    /// Set for an iMIP invitation or cancellation (then `kind` is only a placeholder; see ``kindName``).
    public var invitation: InvitationPart?

    public init(id: Int64, key: String, kind: PlannedReminder.Kind, meeting: String, recipient: String,
                recipientName: String, recipientEmail: String, offset: Int, due: Date, meetingStart: Date?,
                state: ReminderState, attempts: Int, lastError: String?, nextAttempt: Date, subject: String, body: String,
                invitation: InvitationPart? = nil) {
        self.id = id
        self.key = key
        self.kind = kind
        self.meeting = meeting
        self.recipient = recipient
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.offset = offset
        self.due = due
        self.meetingStart = meetingStart
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttempt = nextAttempt
        self.subject = subject
        self.body = body
        self.invitation = invitation
    }
}
