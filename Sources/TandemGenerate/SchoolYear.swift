import TandemCalendar
import TandemCore

/// The school year every generated programme runs over: England 2026-27.
///
/// It crosses both daylight-saving changes of every generated zone (London 25 Oct and 28 Mar,
/// New York 1 Nov and 14 Mar, Sydney 4 Oct and 4 Apr), so the three-week windows in which
/// London and New York are four hours apart, not five, fall inside the programme.
enum SchoolYear {
    static let start = LocalDate(year: 2026, month: 9, day: 7)
    static let end = LocalDate(year: 2027, month: 7, day: 16)

    /// A run of closed days, both ends included.
    struct Break {
        var name: String
        var first: LocalDate
        var last: LocalDate

        func contains(_ day: LocalDate) -> Bool { first <= day && day <= last }
    }

    /// Local-authority holidays and INSET days (the generated term-dates.ics).
    static let holidays: [Break] = [
        Break(name: "INSET days (schools closed to pupils)", first: d(2026, 9, 1), last: d(2026, 9, 2)),
        Break(name: "October half term", first: d(2026, 10, 26), last: d(2026, 10, 30)),
        Break(name: "Christmas holidays", first: d(2026, 12, 21), last: d(2027, 1, 1)),
        Break(name: "February half term", first: d(2027, 2, 15), last: d(2027, 2, 19)),
        Break(name: "Easter holidays", first: d(2027, 3, 29), last: d(2027, 4, 9)),
        Break(name: "May half term", first: d(2027, 5, 31), last: d(2027, 6, 4)),
        Break(name: "Summer holidays", first: d(2027, 7, 22), last: d(2027, 8, 31)),
    ]

    /// The afternoon the autumn term ends early: (day, from, to) in minutes past midnight, London time.
    static let earlyClose = (day: d(2026, 12, 18), from: 13 * 60 + 30, to: 18 * 60, name: "End of autumn term – schools close at 1.30pm")

    /// England and Wales bank holidays inside the programme (the generated bank-holidays.ics).
    static let bankHolidays: [Break] = [
        Break(name: "Bank holiday: Christmas Day", first: d(2026, 12, 25), last: d(2026, 12, 25)),
        Break(name: "Bank holiday: Boxing Day (substitute day)", first: d(2026, 12, 28), last: d(2026, 12, 28)),
        Break(name: "Bank holiday: New Year’s Day", first: d(2027, 1, 1), last: d(2027, 1, 1)),
        Break(name: "Bank holiday: Good Friday", first: d(2027, 3, 26), last: d(2027, 3, 26)),
        Break(name: "Bank holiday: Easter Monday", first: d(2027, 3, 29), last: d(2027, 3, 29)),
        Break(name: "Bank holiday: Early May bank holiday", first: d(2027, 5, 3), last: d(2027, 5, 3)),
        Break(name: "Bank holiday: Spring bank holiday", first: d(2027, 5, 31), last: d(2027, 5, 31)),
    ]

    /// Trust-wide INSET days (the `dates:` closure in programme.yaml).
    static let trustClosureDays: [LocalDate] = [d(2026, 10, 23), d(2027, 6, 28)]

    /// Candidate school-specific INSET days (the `schools:` closures).
    static let schoolInsetDays: [LocalDate] = [d(2026, 11, 27), d(2027, 2, 12), d(2027, 5, 28)]

    /// Whether an English school is shut on `day` (holiday, bank holiday or trust INSET day).
    static func isClosed(_ day: LocalDate) -> Bool {
        holidays.contains { $0.contains(day) } || bankHolidays.contains { $0.contains(day) } || trustClosureDays.contains(day)
    }

    /// Every day of the programme, in order.
    static let days: [LocalDate] = (start.dayNumber...end.dayNumber).map { LocalDate(dayNumber: $0) }

    private static func d(_ y: Int, _ m: Int, _ day: Int) -> LocalDate { LocalDate(year: y, month: m, day: day) }
}
