import Foundation
import TandemCalendar

/// A leader's weekly availability as minute ranges of one reference week in UTC, so that the
/// overlap of two leaders in different zones is a merge of two short sorted lists.
///
/// The reference week starts on Monday 2026-01-12 00:00 UTC. No zone the programme is likely to
/// use changes its offset within a week of it, so the overlap is the one of an ordinary week
/// (London on GMT, New York on EST, Sydney on AEDT). The week wraps: a Sunday-evening window in
/// Sydney that falls on Sunday morning in London still meets a London Sunday window.
struct WeeklyMinutes: Hashable, Sendable {
    static let minutesPerWeek: Int32 = 7 * 1440
    static let referenceMonday = LocalDate(year: 2026, month: 1, day: 12)

    /// Sorted, disjoint, non-empty `[start, end)` ranges as flat pairs: start0, end0, start1, end1, …
    private(set) var bounds: [Int32]

    init(bounds: [Int32]) { self.bounds = bounds }

    init(windows: [WeeklyWindow], zone: TimeZone) {
        let monday = Self.referenceMonday
        let origin = monday.instant(minutes: 0, in: TimeZone(identifier: "UTC")!)
        var ranges: [(Int32, Int32)] = []
        /// Wraps `[start, start + length)` into one week, splitting a range that crosses its end.
        func add(_ start: Int32, _ length: Int32) {
            var s = start % Self.minutesPerWeek
            if s < 0 { s += Self.minutesPerWeek }
            let e = s + length
            if e <= Self.minutesPerWeek {
                ranges.append((s, e))
            } else {
                ranges.append((s, Self.minutesPerWeek))
                ranges.append((0, e - Self.minutesPerWeek))
            }
        }
        for w in windows where w.end > w.start && (1...7).contains(w.weekday) {
            let day = monday.adding(days: w.weekday - 1)
            let s = day.instant(minutes: w.start, in: zone).timeIntervalSince(origin) / 60
            let e = day.instant(minutes: w.end, in: zone).timeIntervalSince(origin) / 60
            guard e > s else { continue }
            let start = Int32(s.rounded(.down))
            add(start, Int32(min(Double(Self.minutesPerWeek), (e - s).rounded())))
        }
        ranges.sort { $0 < $1 }
        var merged: [Int32] = []
        for (s, e) in ranges where e > s {
            if let last = merged.last, s <= last {
                merged[merged.count - 1] = max(last, e)
            } else {
                merged.append(s)
                merged.append(e)
            }
        }
        self.bounds = merged
    }

    var totalMinutes: Int {
        var t = 0
        var i = 0
        while i < bounds.count {
            t += Int(bounds[i + 1] - bounds[i])
            i += 2
        }
        return t
    }

    /// Minutes a week both leaders are available.
    func shared(with other: WeeklyMinutes) -> Int {
        let a = bounds, b = other.bounds
        var i = 0, j = 0, total = 0
        while i < a.count && j < b.count {
            let s = max(a[i], b[j]), e = min(a[i + 1], b[j + 1])
            if s < e { total += Int(e - s) }
            if a[i + 1] < b[j + 1] { i += 2 } else { j += 2 }
        }
        return total
    }
}
