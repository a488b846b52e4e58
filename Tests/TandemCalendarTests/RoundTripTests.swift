import Foundation
import Testing
@testable import TandemCalendar

/// Writer → reader: what we write is read back as exactly the occurrences we meant,
/// across every DST change of the academic year.
@Suite struct RoundTripTests {
    struct Case: Sendable, CustomStringConvertible {
        var zone: String
        var first: LocalDate
        var hour: Int
        var weeks: Int
        var interval: Int
        var except: Set<Int>
        var description: String { zone }
    }

    static let cases: [Case] = [
        // London: BST ends 2026-10-25, starts 2027-03-28. Weekly Thursdays 16:00.
        Case(zone: "Europe/London", first: LocalDate(year: 2026, month: 9, day: 17), hour: 16, weeks: 40, interval: 1, except: [6, 27]),
        // New York: EST from 2026-11-01, EDT from 2027-03-14. Fortnightly Tuesdays 07:30.
        Case(zone: "America/New_York", first: LocalDate(year: 2026, month: 9, day: 8), hour: 7, weeks: 40, interval: 2, except: [8, 26]),
        // Sydney: AEDT from 2026-10-04, AEST from 2027-04-04, AEDT again from 2027-10-03.
        Case(zone: "Australia/Sydney", first: LocalDate(year: 2026, month: 8, day: 31), hour: 18, weeks: 60, interval: 1, except: [5, 30, 57]),
        // Starting in January, in Sydney's summer: before both onsets of that year's rules.
        Case(zone: "Australia/Sydney", first: LocalDate(year: 2027, month: 1, day: 4), hour: 8, weeks: 45, interval: 1, except: [12]),
        Case(zone: "Asia/Kolkata", first: LocalDate(year: 2026, month: 9, day: 7), hour: 17, weeks: 30, interval: 3, except: [3]),
    ]

    @Test(arguments: cases)
    func weeklySeriesWithExceptionsSurvivesDST(_ c: Case) throws {
        let expected = weeklyStarts(from: c.first, hour: c.hour, minute: c.zone == "America/New_York" ? 30 : 0,
                                    zone: c.zone, weeks: c.weeks, every: c.interval, except: c.except)
        let all = weeklyStarts(from: c.first, hour: c.hour, minute: c.zone == "America/New_York" ? 30 : 0,
                               zone: c.zone, weeks: c.weeks, every: c.interval)
        let exceptions = all.filter { !expected.contains($0) }
        #expect(exceptions.count == c.except.filter { $0 % c.interval == 0 }.count)
        let event = CalendarEvent(
            uid: "series-\(c.zone)", start: all[0], end: all[0].addingTimeInterval(3_600), timeZone: c.zone,
            summary: "Mentoring",
            recurrence: WeeklyRecurrence(intervalWeeks: c.interval, until: all.last!, exceptions: exceptions))
        let text = ICalendarWriter.render(.init(method: .publish, events: [event]), stamp: utc(2026, 9, 1))
        let read = try ICalendarReader.busyIntervals(in: text, file: "rt.ics", from: utc(2026, 1, 1), to: utc(2028, 6, 1),
                                                     floatingZone: TimeZone(identifier: "UTC")!)
        #expect(read.map(\.start) == expected)
        #expect(read.allSatisfy { $0.end.timeIntervalSince($0.start) == 3_600 && $0.summary == "Mentoring" && $0.allDay == nil })
        // Same local wall time every week, on both sides of each change.
        let tz = TimeZone(identifier: c.zone)!
        #expect(Set(read.map { LocalDate.local($0.start, in: tz).minutes }).count == 1)
    }

    @Test func readingClipsToTheWindow() throws {
        let zone = "Europe/London"
        let all = weeklyStarts(from: LocalDate(year: 2026, month: 9, day: 17), hour: 16, zone: zone, weeks: 40)
        let event = CalendarEvent(uid: "s", start: all[0], end: all[0].addingTimeInterval(3_600), timeZone: zone,
                                  summary: "M", recurrence: WeeklyRecurrence(intervalWeeks: 1, until: all.last!))
        let text = ICalendarWriter.render(.init(method: .publish, events: [event]), stamp: utc(2026, 9, 1))
        // From half-way through occurrence 5 to exactly the start of occurrence 9: 5,6,7,8.
        let read = try ICalendarReader.busyIntervals(in: text, file: "rt.ics", from: all[5].addingTimeInterval(1_800), to: all[9],
                                                     floatingZone: london)
        #expect(read.map(\.start) == Array(all[5...8]))
    }

    @Test func manyEventsOfEveryKind() throws {
        var events: [CalendarEvent] = []
        var expected = 0
        for i in 0..<300 {
            let zone = ["Europe/London", "America/New_York", "Australia/Sydney"][i % 3]
            let day = LocalDate(year: 2026, month: 9, day: 7).adding(days: i)
            let minutes = 9 * 60 + (i % 8) * 60
            let start = day.instant(minutes: minutes, in: TimeZone(identifier: zone)!)
            var e = CalendarEvent(uid: "e\(i)", start: start, end: start.addingTimeInterval(2_700), timeZone: zone, summary: "Event \(i)")
            if i % 4 == 0 {
                e.recurrence = WeeklyRecurrence(intervalWeeks: 1 + i % 2, until: day.adding(days: 70).instant(minutes: minutes, in: TimeZone(identifier: zone)!),
                                                exceptions: [])
                expected += i % 2 == 0 ? 11 : 6
            } else {
                expected += 1
            }
            events.append(e)
        }
        let text = ICalendarWriter.render(.init(method: .publish, events: events), stamp: utc(2026, 9, 1))
        let read = try ICalendarReader.busyIntervals(in: text, file: "rt.ics", from: utc(2026, 1, 1), to: utc(2028, 1, 1), floatingZone: london)
        #expect(read.count == expected)
        #expect(read == read.sorted { ($0.start, $0.end) < ($1.start, $1.end) || (($0.start, $0.end) == ($1.start, $1.end) && $0.summary <= $1.summary) })
    }

    @Test func concurrentReadsAndWritesAgree() async throws {
        let zone = "Europe/London"
        let all = weeklyStarts(from: LocalDate(year: 2026, month: 9, day: 17), hour: 16, zone: zone, weeks: 40)
        let doc = CalendarDocument(method: .publish, events: [
            CalendarEvent(uid: "s", start: all[0], end: all[0].addingTimeInterval(3_600), timeZone: zone, summary: "M",
                          recurrence: WeeklyRecurrence(intervalWeeks: 1, until: all.last!, exceptions: [all[3]])),
            CalendarEvent(uid: "t", start: at(2027, 1, 5, 9, 0, "Australia/Sydney"), end: at(2027, 1, 5, 10, 0, "Australia/Sydney"),
                          timeZone: "Australia/Sydney", summary: "S"),
        ])
        let text = ICalendarWriter.render(doc, stamp: utc(2026, 9, 1))
        let expected = try busy(text)
        #expect(expected.count == 40)
        let results = try await withThrowingTaskGroup(of: (String, [BusyInterval]).self) { group in
            for _ in 0..<48 {
                group.addTask {
                    let rendered = ICalendarWriter.render(doc, stamp: utc(2026, 9, 1))
                    return (rendered, try busy(rendered))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 48)
        #expect(results.allSatisfy { $0.0 == text && $0.1 == expected })
    }
}
