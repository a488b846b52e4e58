public import Foundation

/// One message the daemon will send: what, to whom, when (UTC), and its text.
public struct PlannedReminder: Hashable, Sendable, Codable {
    /// What a reminder is for (DESIGN §6).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Before a meeting, to every attendee.
        case before
        /// After a mentoring session: reflective prompts about the action points.
        case checkin
        /// After every Nth mentoring session: the feedback-survey link.
        case survey
        /// After the programme's end: the end-of-programme survey.
        case endSurvey = "end-survey"
    }

    public var kind: Kind
    /// The meeting's uid; `programme:<id>` for the end-of-programme survey.
    public var meeting: String
    /// The recipient's leader id.
    public var recipient: String
    /// Seconds before the meeting (before) or after it (checkin, survey) or after the programme (end-survey).
    public var offset: Int
    /// When to deliver, in UTC, after quiet hours were applied.
    public var due: Date
    /// The meeting's start (nil for the end-of-programme survey); a moved meeting changes it.
    public var meetingStart: Date?
    public var recipientName: String
    public var recipientEmail: String
    public var subject: String
    public var body: String

    public init(kind: Kind, meeting: String, recipient: String, offset: Int, due: Date, meetingStart: Date?,
                recipientName: String, recipientEmail: String, subject: String, body: String) {
        self.kind = kind
        self.meeting = meeting
        self.recipient = recipient
        self.offset = offset
        self.due = due
        self.meetingStart = meetingStart
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.subject = subject
        self.body = body
    }

    /// The idempotency key: kind, meeting uid, recipient and offset. Stable across re-plans of the same meeting.
    public var key: String { PlannedReminder.key(kind: kind, meeting: meeting, recipient: recipient, offset: offset) }

    /// Builds an idempotency key from its parts.
    public static func key(kind: Kind, meeting: String, recipient: String, offset: Int) -> String {
        "\(kind.rawValue)|\(meeting)|\(recipient)|\(offset)"
    }
}
