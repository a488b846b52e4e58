public import Foundation
public import TandemCalendar
public import TandemCore

/// Builders for small programmes in tests.
public enum Fixtures {
    public static func zone(_ id: String) -> TimeZone { TimeZone(identifier: id)! }

    public static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// `2026-11-02T16:00:00Z`.
    public static func instant(_ iso: String) -> Date { ISO8601.parse(iso)! }

    /// A window like `("Mon", "16:00", "18:00")`.
    public static func window(_ day: String, _ from: String, _ to: String) -> WeeklyWindow {
        func minutes(_ s: String) -> Int {
            let p = s.split(separator: ":").map { Int($0)! }
            return p[0] * 60 + p[1]
        }
        return WeeklyWindow(weekday: WeeklyWindow.dayNames.firstIndex(of: day)! + 1, start: minutes(from), end: minutes(to))
    }

    public static func leader(_ id: String, _ role: Leader.Role, school: String, zone: String = "Europe/London",
                              windows: [WeeklyWindow], pair: String? = nil) -> Leader {
        Leader(id: id, name: "Leader \(id)", email: "\(id.lowercased())@school.example", role: role, school: school,
               trust: "Test Trust", phase: "primary", timeZone: TimeZone(identifier: zone)!, availability: windows,
               pair: pair)
    }

    public static func programme(_ leaders: [Leader], start: String = "2026-09-07", end: String = "2027-07-16",
                                 count: Int? = 12, cadence: Programme.Cadence = .weeks(2)) -> Programme {
        var p = Programme(
            id: "test-programme", name: "Test Programme", timeZone: TimeZone(identifier: "Europe/London")!,
            start: date(start), end: date(end),
            coordinator: .init(name: "Co Ordinator", email: "coordinator@trust.example"), leaders: leaders)
        p.sessions.count = count
        p.sessions.cadence = cadence
        return p
    }
}
