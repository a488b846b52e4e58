import Foundation
import TandemCalendar

/// Stable UIDs derived from the programme, the attendees and the series, so re-runs update rather than duplicate.
public enum Identifiers {
    public static let domain = "tandem"

    public static func mentoringSeries(programme: String, mentor: String, mentee: String) -> String {
        "mentoring-\(safe(mentor))-\(safe(mentee)).\(programme)@\(domain)"
    }

    public static func groupSeries(programme: String, group: String) -> String {
        "group-\(safe(group)).\(programme)@\(domain)"
    }

    /// The UID of one occurrence of a series: `mentoring-L001-L014-p07.<programme>@tandem`.
    public static func occurrence(series: String, period: Int) -> String {
        guard let dot = series.firstIndex(of: ".") else { return "\(series)-p\(period)" }
        return series[..<dot] + "-p" + Digits.padded(period, 2) + series[dot...]
    }

    /// Another UID for the VEVENT that would take `uid` when an unchanged one keeps it:
    /// `mentoring-l001-l014-p07-v2.<programme>@tandem`.
    public static func variant(of uid: String, _ k: Int) -> String {
        guard let dot = uid.firstIndex(of: ".") else { return "\(uid)-v\(k)" }
        return uid[..<dot] + "-v\(k)" + uid[dot...]
    }

    /// Lowercase letters, digits and dashes only.
    static func safe(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "-" })
    }
}
