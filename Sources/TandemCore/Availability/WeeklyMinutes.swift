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

extension WeeklyMinutes {
    /// The part of a leader's weekly windows that their own calendar leaves free in most weeks of
    /// the programme: a quarter hour counts when it is free in at least half of the weeks.
    ///
    /// Windows alone say when a leader *may* meet; standing meetings (a weekly SLT, a fortnightly
    /// governors' committee) decide when they *can*. Scoring pairs on this keeps the matcher from
    /// pairing two leaders whose only common window is always taken.
    init(freeTimeOf leader: Leader, busy: [BusyInterval], from start: LocalDate, to end: LocalDate) {
        let merged = LeaderAvailability.merge(busy.map { Interval($0.start, $0.end) })
        guard !merged.isEmpty else {
            self.init(windows: leader.availability, zone: leader.timeZone)
            return
        }
        let zone = leader.timeZone
        let firstMonday = start.adding(days: 1 - start.isoWeekday)
        let weeks = max(1, (end.dayNumber - firstMonday.dayNumber) / 7 + 1)
        let step = 15
        var free: [WeeklyWindow] = []
        for w in leader.availability where w.end > w.start && (1...7).contains(w.weekday) {
            // Each week's window as instants, worked out once: where no clock change falls inside
            // it, its quarter hours are plain offsets from its start.
            let days = (0..<weeks).map { firstMonday.adding(days: 7 * $0 + w.weekday - 1) }.filter { $0 >= start && $0 <= end }
            let opens = days.map { $0.instant(minutes: w.start, in: zone) }
            let steady = days.indices.map { i in
                days[i].instant(minutes: w.end, in: zone).timeIntervalSince(opens[i]) == TimeInterval((w.end - w.start) * 60)
            }
            var m = w.start
            while m < w.end {
                let slotEnd = min(w.end, m + step)
                var freeWeeks = 0
                let counted = days.count
                for i in days.indices {
                    let slot = steady[i]
                        ? Interval(opens[i].addingTimeInterval(TimeInterval((m - w.start) * 60)),
                                   opens[i].addingTimeInterval(TimeInterval((slotEnd - w.start) * 60)))
                        : Interval(days[i].instant(minutes: m, in: zone), days[i].instant(minutes: slotEnd, in: zone))
                    if !LeaderAvailability.hits(merged, slot) { freeWeeks += 1 }
                }
                if counted > 0 && freeWeeks * 2 >= counted {
                    if let last = free.last, last.weekday == w.weekday, last.end == m {
                        free[free.count - 1].end = slotEnd
                    } else {
                        free.append(WeeklyWindow(weekday: w.weekday, start: m, end: slotEnd))
                    }
                }
                m = slotEnd
            }
        }
        self.init(windows: free, zone: zone)
    }
}
