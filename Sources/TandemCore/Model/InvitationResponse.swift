public import Foundation

/// One attendee's answer to one meeting occurrence, as an iMIP REPLY recorded it (DESIGN §8).
///
/// A pure value: the daemon reads replies from the coordinator's maildir into its store, and
/// `tandem schedule` reads them back at its edge and hands them to ``SchedulePipeline``. The core
/// never touches the store. `start` and `end` are the occurrence's time when it was answered: a
/// decline makes exactly that time unavailable to that leader, even after the meeting has moved.
public struct InvitationResponse: Hashable, Sendable {
    /// The PARTSTATs Tandem records (RFC 5545 §3.2.12); NEEDS-ACTION means no answer and is not stored.
    public enum Answer: String, Hashable, Sendable, CaseIterable {
        case accepted = "ACCEPTED"
        case declined = "DECLINED"
        case tentative = "TENTATIVE"

        /// Lowercase, for people.
        public var word: String { rawValue.lowercased() }
    }

    /// The occurrence's uid (schedule.json `meetings[].uid`).
    public var meeting: String
    /// The leader id of the attendee who answered.
    public var leader: String
    public var start: Date
    public var end: Date
    public var answer: Answer
    /// The attendee's COMMENT, if they wrote one.
    public var comment: String?

    public init(meeting: String, leader: String, start: Date, end: Date, answer: Answer, comment: String? = nil) {
        self.meeting = meeting
        self.leader = leader
        self.start = start
        self.end = end
        self.answer = answer
        self.comment = comment
    }
}

extension InvitationResponse {
    /// The answers that apply to `meeting` as it is now: recorded for its uid and its current start.
    public static func current(_ responses: [InvitationResponse]) -> [String: [String: InvitationResponse]] {
        var out: [String: [String: InvitationResponse]] = [:]
        for r in responses { out["\(r.meeting)|\(r.start.timeIntervalSince1970)", default: [:]][r.leader] = r }
        return out
    }

    /// The key of ``current(_:)`` for a meeting.
    public static func key(_ m: Meeting) -> String { "\(m.uid)|\(m.start.timeIntervalSince1970)" }
}
