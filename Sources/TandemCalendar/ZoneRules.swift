import Foundation
import Synchronization

/// The current yearly rules of a time zone, in the shape of a compact VTIMEZONE: at most one
/// STANDARD and one DAYLIGHT observance, each repeating yearly, or a single fixed STANDARD.
///
/// Derived from Foundation's `TimeZone` (the system tz database) for one reference year (the
/// year of the earliest event) and written with observance onsets in the year before it, so
/// that every event in the file falls after both onsets. This deliberately drops history:
/// clients only need the rules that apply to the events in the file. (Onsets in 1970, as Google
/// writes them, cost libical 3.0 a day-by-day ICU expansion of every year since 1970 on each
/// read: about 30 ms per zone per parse.)
struct ZoneRules: Hashable, Sendable {
    struct Observance: Hashable, Sendable {
        var isDaylight: Bool
        var offsetFrom: Int
        var offsetTo: Int
        var name: String?
        /// Wall-clock onset in `offsetFrom`, as a day and minutes past midnight (in the year
        /// before the reference year).
        var onsetDay: LocalDate
        var onsetMinutes: Int
        /// `FREQ=YEARLY;BYMONTH=…;BYDAY=…`, or nil for a fixed-offset zone.
        var rrule: String?
    }

    var tzid: String
    /// STANDARD first, then DAYLIGHT when the zone has one.
    var observances: [Observance]

    /// The rules of `zone` in force during `year` (local to the zone), named `tzid`; worked out
    /// once per zone and year, as every leader's file in a zone asks for the same rules.
    static func derive(tzid: String, zone: TimeZone, year: Int) -> ZoneRules {
        let key = DeriveKey(tzid: tzid, zone: zone.identifier, year: year)
        if let hit = derived.withLock({ $0[key] }) { return hit }
        let rules = deriveAfresh(tzid: tzid, zone: zone, year: year)
        derived.withLock { $0[key] = rules }
        return rules
    }

    private struct DeriveKey: Hashable {
        var tzid: String
        var zone: String
        var year: Int
    }

    private static let derived = Mutex<[DeriveKey: ZoneRules]>([:])

    private static func deriveAfresh(tzid: String, zone: TimeZone, year: Int) -> ZoneRules {
        let yearStart = LocalDate(year: year, month: 1, day: 1).instant(minutes: 0, in: zone)
        let yearEnd = LocalDate(year: year + 1, month: 1, day: 1).instant(minutes: 0, in: zone)
        let changes = transitions(of: zone, from: yearStart, to: yearEnd)

        var standard: Observance?
        var daylight: Observance?
        for change in changes {
            let isDaylight = zone.isDaylightSavingTime(for: change.at)
            if isDaylight ? daylight != nil : standard != nil { continue }
            // The onset is the wall time just before the change, in the old offset (RFC 5545).
            let secs = Int(change.at.timeIntervalSince1970.rounded(.down)) + change.from
            let day = LocalDate(dayNumber: LibicalValues.floorDiv(secs, 86_400))
            let minutes = (secs - day.dayNumber * 86_400) / 60
            let next = transitions(
                of: zone,
                from: LocalDate(year: year + 1, month: 1, day: 1).instant(minutes: 0, in: zone),
                to: LocalDate(year: year + 2, month: 1, day: 1).instant(minutes: 0, in: zone))
                .first { zone.isDaylightSavingTime(for: $0.at) == isDaylight }
                .map { change -> LocalDate in
                    let s = Int(change.at.timeIntervalSince1970.rounded(.down)) + change.from
                    return LocalDate(dayNumber: LibicalValues.floorDiv(s, 86_400))
                }
            let rule = YearlyRule.choose(for: day, confirmedBy: next)
            let observance = Observance(
                isDaylight: isDaylight, offsetFrom: change.from, offsetTo: change.to,
                name: zone.abbreviation(for: change.at),
                onsetDay: rule.day(inYear: year - 1), onsetMinutes: minutes,
                rrule: rule.rrule)
            if isDaylight { daylight = observance } else { standard = observance }
        }

        guard let standard, let daylight else {
            // No DST (Asia/Kolkata, UTC), or a zone that changed offset once this year: one fixed
            // STANDARD with the offset in force at the end of the reference year.
            let offset = zone.secondsFromGMT(for: yearEnd.addingTimeInterval(-1))
            let fixed = Observance(
                isDaylight: false, offsetFrom: offset, offsetTo: offset,
                name: zone.abbreviation(for: yearEnd.addingTimeInterval(-1)),
                onsetDay: LocalDate(year: year - 1, month: 1, day: 1), onsetMinutes: 0, rrule: nil)
            return ZoneRules(tzid: tzid, observances: [fixed])
        }
        return ZoneRules(tzid: tzid, observances: [standard, daylight])
    }

    private struct Change {
        var at: Date
        var from: Int
        var to: Int
    }

    /// Offset changes of `zone` in [from, to).
    private static func transitions(of zone: TimeZone, from: Date, to: Date) -> [Change] {
        var result: [Change] = []
        var cursor = from.addingTimeInterval(-1)
        while result.count < 6, let next = zone.nextDaylightSavingTimeTransition(after: cursor),
              next < to {
            let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: next)
            if before != after { result.append(Change(at: next, from: before, to: after)) }
            cursor = next
        }
        return result
    }
}

/// "The nth (or last) weekday of a month", the only yearly rule shape every client understands.
struct YearlyRule: Hashable, Sendable {
    var month: Int
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    var weekday: Int
    /// 1…4 for the nth weekday, -1 for the last.
    var position: Int

    var rrule: String {
        let names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        return "FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(position)\(names[weekday - 1])"
    }

    /// The day this rule falls on in `year`.
    func day(inYear year: Int) -> LocalDate {
        if position > 0 {
            let first = LocalDate(year: year, month: month, day: 1)
            let shift = (weekday - first.isoWeekday + 7) % 7
            return first.adding(days: shift + 7 * (position - 1))
        }
        let last = LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))
        return last.adding(days: -((last.isoWeekday - weekday + 7) % 7))
    }

    /// The rule that produces `day`, preferring the one that also produces `next` (the same
    /// change a year later) when the day alone is ambiguous (e.g. the 25th is both the 4th and
    /// the last Sunday of some month).
    static func choose(for day: LocalDate, confirmedBy next: LocalDate?) -> YearlyRule {
        let nth = YearlyRule(month: day.month, weekday: day.isoWeekday, position: min((day.day - 1) / 7 + 1, 4))
        let last = YearlyRule(month: day.month, weekday: day.isoWeekday, position: -1)
        var candidates: [YearlyRule] = []
        if day.day + 7 > LocalDate.daysIn(month: day.month, year: day.year) { candidates.append(last) }
        if (day.day - 1) / 7 + 1 <= 4 { candidates.append(nth) }
        if let next, let confirmed = candidates.first(where: { $0.day(inYear: next.year) == next }) {
            return confirmed
        }
        return candidates.first ?? last
    }
}
