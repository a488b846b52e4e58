import Foundation

/// The feedback-survey link of `reminders.survey.link`, filled in the same way wherever it appears:
/// in a calendar event's DESCRIPTION and in the survey email after the session.
///
/// `{session}` is the session key: the meeting's own uid (`Meeting.uid`, e.g.
/// `mentoring-l001-l014-p07.<programme>@tandem`), which is one per session and stable across
/// re-plans (a session moved within its period keeps it). `{pair}` is the attendees' ids joined with
/// `-`, mentor first. Both are percent-encoded as URL query values (RFC 3986 unreserved characters
/// only), so the `@` of a uid goes out as `%40`.
public enum SurveyLink {
    /// The `{session}` value of a meeting.
    public static func sessionKey(_ meeting: Meeting) -> String { meeting.uid }

    /// `template` with `{session}` and `{pair}` replaced by the percent-encoded values.
    public static func fill(_ template: String, session: String, pair: String) -> String {
        template.replacingOccurrences(of: "{session}", with: encode(session))
            .replacingOccurrences(of: "{pair}", with: encode(pair))
    }

    /// The link for one meeting: its session key and its pair.
    public static func fill(_ template: String, for meeting: Meeting) -> String {
        fill(template, session: sessionKey(meeting), pair: ReminderPlanner.pairToken(meeting))
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}
