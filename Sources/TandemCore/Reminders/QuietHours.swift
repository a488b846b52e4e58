public import Foundation
import TandemCalendar

/// A recipient's nightly quiet window in local wall time, `[start, end)` in minutes past midnight; it may wrap midnight.
public struct QuietHours: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether `minutes` past local midnight lies inside the window.
    public func contains(minutes m: Int) -> Bool {
        start < end ? (m >= start && m < end) : (m >= start || m < end)
    }

    /// `instant` itself when outside quiet hours; otherwise the end of the window it falls in, in `zone`.
    ///
    /// When that end is not before `deadline` (a reminder must land before its meeting), it moves
    /// earlier instead: to one minute before the window began.
    public func adjust(_ instant: Date, in zone: TimeZone, deadline: Date? = nil) -> Date {
        let (day, m) = LocalDate.local(instant, in: zone)
        guard contains(minutes: m) else { return instant }
        // The local day on which this quiet window started.
        let startDay = (start < end || m >= start) ? day : day.adding(days: -1)
        let endDay = start < end ? startDay : startDay.adding(days: 1)
        let later = endDay.instant(minutes: end, in: zone)
        if let deadline, later >= deadline {
            return startDay.instant(minutes: start, in: zone).addingTimeInterval(-60)
        }
        return later
    }
}
