public import Foundation
import TandemCalendar

/// A half-open span of time `[start, end)`.
public struct Interval: Hashable, Sendable, Comparable {
    public var start: Date
    public var end: Date

    public init(_ start: Date, _ end: Date) {
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: Interval) -> Bool { start < other.end && other.start < end }

    public static func < (a: Interval, b: Interval) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// One leader's time, precomputed once per run by ``Availability``.
struct LeaderAvailability: Sendable {
    let leader: Leader
    /// This leader's row in ``Availability`` (and in its ``SessionStarts`` bits).
    let row: Int
    let closures: Programme.Closures
    /// Busy intervals sorted by start, each with its summary, for explanations.
    let busy: [BusyInterval]
    /// The union of busy intervals, sorted and disjoint, for fast checks.
    let busyMerged: [Interval]
    let closedIntervals: [Interval]

    init(leader: Leader, programme: Programme, row: Int) {
        self.leader = leader
        self.row = row
        self.closures = programme.closures(for: leader)
        let busy = (programme.busy[leader.id] ?? []).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        self.busy = busy
        self.busyMerged = Self.merge(busy.map { Interval($0.start, $0.end) })
        self.closedIntervals = Self.merge(closures.intervals.map { Interval($0.start, $0.end) })
    }

    static func merge(_ intervals: [Interval]) -> [Interval] {
        var out: [Interval] = []
        for i in intervals.sorted() where i.end > i.start {
            if let last = out.last, i.start <= last.end {
                out[out.count - 1].end = max(last.end, i.end)
            } else {
                out.append(i)
            }
        }
        return out
    }

    /// The leader's availability windows that fall on the local days `days`, as instants.
    /// Closed days are left out when `skipClosed` is set.
    func windows(on days: ClosedRange<Int>, skipClosed: Bool) -> [Interval] {
        var result: [Interval] = []
        for dayNumber in days {
            let day = LocalDate(dayNumber: dayNumber)
            if skipClosed && closures.days.contains(day) { continue }
            for w in leader.availability where w.weekday == day.isoWeekday {
                let s = day.instant(minutes: w.start, in: leader.timeZone)
                let e = day.instant(minutes: w.end, in: leader.timeZone)
                if e > s { result.append(Interval(s, e)) }
            }
        }
        return Self.merge(result)
    }

    /// Whether `span` touches a busy interval (the caller widens it by the buffer).
    func isBusy(_ span: Interval) -> Bool { Self.hits(busyMerged, span) }

    func isClosed(_ span: Interval) -> Bool {
        let (d1, _) = LocalDate.local(span.start, in: leader.timeZone)
        let (d2, _) = LocalDate.local(span.end.addingTimeInterval(-1), in: leader.timeZone)
        if closures.days.contains(d1) || closures.days.contains(d2) { return true }
        return Self.hits(closedIntervals, span)
    }

    /// The first busy event that touches `span`, for explanations.
    func firstBusy(in span: Interval) -> BusyInterval? {
        busy.first { $0.start < span.end && span.start < $0.end }
    }

    /// "Ana Diaz and Tom Evans", for messages.
    static func names(_ attendees: [LeaderAvailability]) -> String {
        attendees.map(\.leader.name).joined(separator: " and ")
    }

    /// Binary search in sorted disjoint intervals.
    static func hits(_ sorted: [Interval], _ span: Interval) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].end <= span.start { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo].start < span.end
    }

    /// Intersection of two sorted disjoint interval lists.
    static func intersect(_ a: [Interval], _ b: [Interval]) -> [Interval] {
        var out: [Interval] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let s = max(a[i].start, b[j].start), e = min(a[i].end, b[j].end)
            if s < e { out.append(Interval(s, e)) }
            if a[i].end < b[j].end { i += 1 } else { j += 1 }
        }
        return out
    }
}
