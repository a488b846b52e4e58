import Foundation
public import TandemCalendar

/// One scheduling period: consecutive days of a cadence, counted from the programme's start.
public struct Period: Hashable, Sendable {
    /// 1-based.
    public var index: Int
    public var first: LocalDate
    /// Inclusive.
    public var last: LocalDate

    public init(index: Int, first: LocalDate, last: LocalDate) {
        self.index = index
        self.first = first
        self.last = last
    }

    public var days: [LocalDate] {
        (first.dayNumber...last.dayNumber).map(LocalDate.init(dayNumber:))
    }

    public var label: String { "period \(index) (\(first) to \(last))" }
}

extension LocalDate {
    /// The same day-of-month `months` later, clamped to the month's length.
    public func adding(months: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))
    }
}

extension Programme {
    /// The periods of `cadence` from `start` to `end`; the last one is cut at `end`.
    public func periods(_ cadence: Cadence) -> [Period] {
        var result: [Period] = []
        var first = start
        var index = 1
        while first <= end {
            let next: LocalDate
            switch cadence {
            case .weeks(let n): next = first.adding(days: 7 * max(1, n))
            case .monthly: next = start.adding(months: index)
            }
            result.append(Period(index: index, first: first, last: min(next.adding(days: -1), end)))
            first = next
            index += 1
        }
        return result
    }

    /// Closed days and intervals that apply to `leader`: the programme's plus their school's.
    public func closures(for leader: Leader) -> Closures {
        guard let school = schoolClosures[leader.school] else { return closures }
        var all = closures
        all.merge(school)
        return all
    }
}
