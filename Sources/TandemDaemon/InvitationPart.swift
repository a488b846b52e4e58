public import Foundation
public import TandemCore

/// What makes a stored row an iMIP invitation rather than a reminder: its iTIP identity and the
/// iCalendar object it carries.
///
/// Invitations live in the reminder table (kinds `invitation` and `cancellation`, columns added by the
/// `invitations-v1` migration), so that they share every guarantee of the reminder pipeline without a
/// second delivery engine: the unique idempotency key, the claim lease, recovery after `kill -9`, the
/// retries with back-off, the maildir's exactly-once rename and the key-derived Message-ID for sendmail.
public struct InvitationPart: Hashable, Sendable {
    public var method: PlannedInvitation.Method
    public var uid: String
    public var recurrenceID: Date?
    public var sequence: Int
    /// The iCalendar object (CRLF lines, as libical wrote it), identical for every attendee of one version.
    public var calendar: String
    /// After this the invitation is of no use (its last meeting has ended); until then it is never `missed`.
    public var usefulUntil: Date

    public init(method: PlannedInvitation.Method, uid: String, recurrenceID: Date?, sequence: Int, calendar: String, usefulUntil: Date) {
        self.method = method
        self.uid = uid
        self.recurrenceID = recurrenceID
        self.sequence = sequence
        self.calendar = calendar
        self.usefulUntil = usefulUntil
    }

    /// The value of the row's `kind` column: `invitation` for a REQUEST, `cancellation` for a CANCEL.
    public var kind: String { method == .request ? InvitationPart.requestKind : InvitationPart.cancelKind }

    public static let requestKind = "invitation"
    public static let cancelKind = "cancellation"
    /// The SQL list of invitation kinds, for the queries that keep reminders and invitations apart.
    static let sqlKinds = "('\(requestKind)', '\(cancelKind)')"
}

extension StoredReminder {
    /// `invitation` or `cancellation` for invitations, the reminder kind otherwise (logs, status, headers).
    public var kindName: String { invitation?.kind ?? kind.rawValue }
}
