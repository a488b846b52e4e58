public import Foundation
public import TandemCalendar

/// Dates and times as a busy head teacher reads them: their own local time, with the zone named.
public enum LocalTimeText {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// "Monday 26 October 2026, 09:00–10:00 London time (UTC+00:00)".
    public static func span(_ start: Date, _ end: Date?, in zone: TimeZone) -> String {
        let (d, m) = LocalDate.local(start, in: zone)
        var s = "\(day(d)), \(TimeText.hhmm(m))"
        if let end {
            let (d2, m2) = LocalDate.local(end, in: zone)
            s += d2 == d ? "–\(TimeText.hhmm(m2))" : " – \(day(d2)), \(TimeText.hhmm(m2))"
        }
        return s + " " + zoneName(zone, at: start)
    }

    /// "Monday 26 October 2026".
    public static func day(_ d: LocalDate) -> String {
        "\(weekdays[d.isoWeekday - 1]) \(d.day) \(months[d.month - 1]) \(d.year)"
    }

    /// "London time (UTC+01:00)": the city of the IANA name and the offset in force at `instant`.
    public static func zoneName(_ zone: TimeZone, at instant: Date) -> String {
        let offset = zone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let utc = String(format: "UTC%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
        guard let city = zone.identifier.split(separator: "/").last, zone.identifier.contains("/") else {
            return "(\(utc))"
        }
        return "\(city.replacingOccurrences(of: "_", with: " ")) time (\(utc))"
    }
}
