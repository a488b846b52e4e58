import Foundation
import Testing
@testable import TandemCalendar

@Suite struct ICalendarReaderTests {
    static func calendar(_ body: String) -> String {
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n\(body)END:VCALENDAR\n"
    }

    @Test func rruleWithExdatesInBuiltinZone() throws {
        // No VTIMEZONE: America/New_York resolves to libical's built-in zone. EXDATE both as a
        // list and as a second property.
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:weekly@x
        DTSTART;TZID=America/New_York:20261020T090000
        DTEND;TZID=America/New_York:20261020T100000
        RRULE:FREQ=WEEKLY;COUNT=6
        EXDATE;TZID=America/New_York:20261027T090000,20261110T090000
        EXDATE;TZID=America/New_York:20261117T090000
        SUMMARY:Staff briefing
        END:VEVENT

        """)
        let read = try busy(ics)
        let expected = [20, 3, 24].enumerated().map { i, d in at(2026, i == 0 ? 10 : 11, d, 9, 0, "America/New_York") }
        #expect(read.map(\.start) == expected)
        #expect(read.allSatisfy { $0.end.timeIntervalSince($0.start) == 3_600 && $0.summary == "Staff briefing" })
    }

    @Test func rdatesWithTZIDAndPeriods() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:rdate@x
        DTSTART;TZID=Europe/London:20261102T140000
        DTEND;TZID=Europe/London:20261102T150000
        RDATE;TZID=Europe/London:20261105T140000,20261112T160000
        RDATE;VALUE=PERIOD:20261120T090000Z/PT2H
        EXDATE;TZID=Europe/London:20261112T160000
        SUMMARY:Governors
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.map(\.start) == [utc(2026, 11, 2, 14), utc(2026, 11, 5, 14), utc(2026, 11, 20, 9)])
        #expect(read.map { $0.end.timeIntervalSince($0.start) } == [3_600, 3_600, 7_200])
    }

    @Test func rdateWithRRuleDoesNotDuplicate() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:both@x
        DTSTART:20260105T100000Z
        DTEND:20260105T110000Z
        RRULE:FREQ=DAILY;COUNT=3
        RDATE:20260106T100000Z,20260110T100000Z
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.map(\.start) == [utc(2026, 1, 5, 10), utc(2026, 1, 6, 10), utc(2026, 1, 7, 10), utc(2026, 1, 10, 10)])
        #expect(read.allSatisfy { $0.summary == "Busy" })
    }

    static let series = """
    BEGIN:VEVENT
    UID:series@x
    DTSTART;TZID=Europe/London:20270301T120000
    DTEND;TZID=Europe/London:20270301T130000
    RRULE:FREQ=WEEKLY;UNTIL=20270412T110000Z
    SUMMARY:Lunch duty
    END:VEVENT

    """

    @Test func movedOccurrenceOverride() throws {
        let ics = Self.calendar(Self.series + """
        BEGIN:VEVENT
        UID:series@x
        RECURRENCE-ID;TZID=Europe/London:20270329T120000
        DTSTART;TZID=Europe/London:20270331T150000
        DTEND;TZID=Europe/London:20270331T153000
        SUMMARY:Lunch duty (moved)
        END:VEVENT

        """)
        let read = try busy(ics)
        let mondays = [1, 8, 15, 22].map { at(2027, 3, $0, 12, 0, "Europe/London") } + [at(2027, 4, 5, 12, 0, "Europe/London"), at(2027, 4, 12, 12, 0, "Europe/London")]
        let expected = (mondays + [at(2027, 3, 31, 15, 0, "Europe/London")]).sorted()
        #expect(read.map(\.start) == expected)
        #expect(read.first { $0.summary == "Lunch duty (moved)" }?.end == at(2027, 3, 31, 15, 30, "Europe/London"))
        #expect(!read.contains { $0.start == at(2027, 3, 29, 12, 0, "Europe/London") })
    }

    @Test func cancelledOccurrenceOverride() throws {
        let ics = Self.calendar(Self.series + """
        BEGIN:VEVENT
        UID:series@x
        RECURRENCE-ID;TZID=Europe/London:20270315T120000
        DTSTART;TZID=Europe/London:20270315T120000
        DTEND;TZID=Europe/London:20270315T130000
        STATUS:CANCELLED
        SUMMARY:Lunch duty
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.count == 6)
        #expect(!read.contains { $0.start == at(2027, 3, 15, 12, 0, "Europe/London") })
        // The series crosses BST (2027-03-28): still 12:00 local.
        #expect(read.allSatisfy { LocalDate.local($0.start, in: london).minutes == 12 * 60 })
    }

    @Test func cancelledTransparentAndTentative() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:a@x
        DTSTART:20261001T100000Z
        DTEND:20261001T110000Z
        STATUS:CANCELLED
        SUMMARY:Cancelled
        END:VEVENT
        BEGIN:VEVENT
        UID:b@x
        DTSTART:20261002T100000Z
        DTEND:20261002T110000Z
        TRANSP:TRANSPARENT
        SUMMARY:Free
        END:VEVENT
        BEGIN:VEVENT
        UID:c@x
        DTSTART:20261003T100000Z
        DTEND:20261003T110000Z
        STATUS:TENTATIVE
        TRANSP:OPAQUE
        SUMMARY:Maybe
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.map(\.summary) == ["Maybe"])
    }

    @Test func allDayEventsBlockWholeLocalDays() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:trip@x
        DTSTART;VALUE=DATE:20261026
        DTEND;VALUE=DATE:20261029
        SUMMARY:Residential trip
        END:VEVENT
        BEGIN:VEVENT
        UID:inset@x
        DTSTART;VALUE=DATE:20270104
        SUMMARY:INSET day
        END:VEVENT

        """)
        let sydney = TimeZone(identifier: "Australia/Sydney")!
        let read = try busy(ics, zone: sydney)
        #expect(read.count == 2)
        let trip = LocalDate(year: 2026, month: 10, day: 26)...LocalDate(year: 2026, month: 10, day: 28)
        #expect(read[0] == BusyInterval(start: at(2026, 10, 26, 0, 0, "Australia/Sydney"), end: at(2026, 10, 29, 0, 0, "Australia/Sydney"),
                                        summary: "Residential trip", allDay: trip))
        let inset = LocalDate(year: 2027, month: 1, day: 4)
        #expect(read[1] == BusyInterval(start: at(2027, 1, 4, 0, 0, "Australia/Sydney"), end: at(2027, 1, 5, 0, 0, "Australia/Sydney"),
                                        summary: "INSET day", allDay: inset...inset))
    }

    @Test func recurringAllDayAcrossDST() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:club@x
        DTSTART;VALUE=DATE:20261023
        DTEND;VALUE=DATE:20261024
        RRULE:FREQ=WEEKLY;COUNT=3
        EXDATE;VALUE=DATE:20261030
        SUMMARY:Fridays
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.map(\.start) == [at(2026, 10, 23, 0, 0, "Europe/London"), at(2026, 11, 6, 0, 0, "Europe/London")])
        #expect(read.map { $0.allDay?.lowerBound.day } == [23, 6])
    }

    @Test func floatingTimesUseTheFloatingZone() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:float@x
        DTSTART:20270328T003000
        DURATION:PT2H
        RRULE:FREQ=DAILY;COUNT=2
        SUMMARY:Floating
        END:VEVENT

        """)
        let read = try busy(ics)
        // 2027-03-28 is the day BST starts: 00:30 GMT, then 00:30 BST the next day.
        #expect(read.map(\.start) == [utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 23, 30)])
        // Two hours of wall time, which on the first day spans the change (00:30 → 02:30 BST).
        #expect(read[0].end == utc(2027, 3, 28, 1, 30))
        let ny = try busy(ics, zone: TimeZone(identifier: "America/New_York")!)
        #expect(ny.first?.start == utc(2027, 3, 28, 4, 30))
    }

    @Test func durationAndZeroLengthEvents() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:dur@x
        DTSTART:20261001T100000Z
        DURATION:PT45M
        END:VEVENT
        BEGIN:VEVENT
        UID:zero@x
        DTSTART:20261001T120000Z
        SUMMARY:Reminder only
        END:VEVENT
        BEGIN:VEVENT
        UID:same@x
        DTSTART:20261001T130000Z
        DTEND:20261001T130000Z
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read == [BusyInterval(start: utc(2026, 10, 1, 10), end: utc(2026, 10, 1, 10, 45), summary: "Busy")])
    }

    /// What Outlook writes: Windows zone names with its own VTIMEZONE from 1601, CRLF, quoted TZIDs.
    @Test func outlookWindowsZoneWithOwnVTimezone() throws {
        let ics = """
        BEGIN:VCALENDAR
        PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
        VERSION:2.0
        METHOD:PUBLISH
        X-MS-OLK-FORCEINSPECTOROPEN:TRUE
        BEGIN:VTIMEZONE
        TZID:GMT Standard Time
        BEGIN:STANDARD
        DTSTART:16011028T020000
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
        TZOFFSETFROM:+0100
        TZOFFSETTO:-0000
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010325T010000
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
        TZOFFSETFROM:-0000
        TZOFFSETTO:+0100
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        CLASS:PUBLIC
        DTEND;TZID="GMT Standard Time":20261019T100000
        DTSTAMP:20260901T120000Z
        DTSTART;TZID="GMT Standard Time":20261019T090000
        RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO
        EXDATE;TZID="GMT Standard Time":20261026T090000
        SUMMARY;LANGUAGE=en-gb:SLT meeting
        TRANSP:OPAQUE
        UID:040000008200E00074C5B7101A82E00800000000
        X-MICROSOFT-CDO-BUSYSTATUS:BUSY
        END:VEVENT
        END:VCALENDAR

        """.crlf
        let read = try busy(ics)
        // 19 Oct is BST (08:00Z); 2 Nov is GMT (09:00Z).
        #expect(read.map(\.start) == [utc(2026, 10, 19, 8), utc(2026, 11, 2, 9)])
        #expect(read.allSatisfy { $0.summary == "SLT meeting" })
    }

    @Test func windowsZoneNameWithoutVTimezoneIsMapped() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:aus@x
        DTSTART;TZID="AUS Eastern Standard Time":20261005T090000
        DTEND;TZID="AUS Eastern Standard Time":20261005T100000
        END:VEVENT
        BEGIN:VEVENT
        UID:ind@x
        DTSTART;TZID=India Standard Time:20261005T090000
        DTEND;TZID=India Standard Time:20261005T100000
        END:VEVENT

        """)
        let read = try busy(ics)
        #expect(read.map(\.start) == [at(2026, 10, 5, 9, 0, "Australia/Sydney"), at(2026, 10, 5, 9, 0, "Asia/Kolkata")])
        #expect(read[0].start == utc(2026, 10, 4, 22))  // AEDT, +11
    }

    @Test func weeklyMeetingSince2015IsCorrectAndFast() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:old@x
        DTSTART;TZID=Europe/London:20150106T083000
        DTEND;TZID=Europe/London:20150106T093000
        RRULE:FREQ=WEEKLY;INTERVAL=2
        SUMMARY:Heads' forum
        END:VEVENT

        """)
        let clock = ContinuousClock()
        var read: [BusyInterval] = []
        let elapsed = try clock.measure {
            for _ in 0..<20 { read = try busy(ics, from: utc(2026, 9, 1), to: utc(2027, 9, 1)) }
        }
        #expect(elapsed < .seconds(2))
        // 2015-01-06 + k fortnights: the first in the window is Tue 2026-09-01 (k = 304).
        let first = LocalDate(year: 2015, month: 1, day: 6).adding(days: 14 * 304)
        #expect(first == LocalDate(year: 2026, month: 9, day: 1))
        let expected = (0..<27).map { first.adding(days: 14 * $0).instant(minutes: 8 * 60 + 30, in: london) }
        #expect(read.map(\.start) == expected)
    }

    @Test func vfreebusy() throws {
        let ics = Self.calendar("""
        BEGIN:VFREEBUSY
        UID:fb@x
        DTSTART:20261001T000000Z
        DTEND:20261008T000000Z
        FREEBUSY:20261001T090000Z/20261001T100000Z,20261002T090000Z/PT30M
        FREEBUSY;FBTYPE=FREE:20261003T090000Z/20261003T100000Z
        FREEBUSY;FBTYPE=BUSY-TENTATIVE:20261004T090000Z/20261004T100000Z
        FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20261005T090000Z/20261005T100000Z
        END:VFREEBUSY

        """)
        let read = try busy(ics)
        #expect(read.map(\.start) == [utc(2026, 10, 1, 9), utc(2026, 10, 2, 9), utc(2026, 10, 4, 9), utc(2026, 10, 5, 9)])
        #expect(read[1].end == utc(2026, 10, 2, 9, 30))
        #expect(read.allSatisfy { $0.summary == "Busy" })
    }

    @Test func resultsAreSortedByStartEndSummary() throws {
        let ics = Self.calendar("""
        BEGIN:VEVENT
        UID:1@x
        DTSTART:20261001T100000Z
        DTEND:20261001T120000Z
        SUMMARY:B
        END:VEVENT
        BEGIN:VEVENT
        UID:2@x
        DTSTART:20261001T100000Z
        DTEND:20261001T110000Z
        SUMMARY:Z
        END:VEVENT
        BEGIN:VEVENT
        UID:3@x
        DTSTART:20261001T100000Z
        DTEND:20261001T120000Z
        SUMMARY:A
        END:VEVENT
        BEGIN:VEVENT
        UID:4@x
        DTSTART:20260901T100000Z
        DTEND:20260901T120000Z
        SUMMARY:Early
        END:VEVENT

        """)
        #expect(try busy(ics).map(\.summary) == ["Early", "Z", "A", "B"])
    }

    @Test func libicalPrefixedTZIDAndByteOrderMark() throws {
        let ics = "\u{FEFF}" + Self.calendar("""
        BEGIN:VEVENT
        UID:evo@x
        DTSTART;TZID=/freeassociation.sourceforge.net/Europe/London:20260701T090000
        DTEND;TZID=/freeassociation.sourceforge.net/Europe/London:20260701T100000
        SUMMARY:Evolution
        END:VEVENT

        """)
        #expect(try busy(ics).map(\.start) == [utc(2026, 7, 1, 8)])
    }
}

@Suite struct ClosureReadingTests {
    @Test func freeEventsCountOnlyWhenAskedFor() throws {
        let ics = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Test//EN\r
        BEGIN:VEVENT\r
        UID:half-term@la.example\r
        DTSTAMP:20260801T000000Z\r
        DTSTART;VALUE=DATE:20261026\r
        DTEND;VALUE=DATE:20261031\r
        SUMMARY:October half term\r
        TRANSP:TRANSPARENT\r
        END:VEVENT\r
        END:VCALENDAR\r

        """
        let london = TimeZone(identifier: "Europe/London")!
        let from = LocalDate(year: 2026, month: 9, day: 1).instant(minutes: 0, in: london)
        let to = LocalDate(year: 2027, month: 8, day: 1).instant(minutes: 0, in: london)
        let busy = try ICalendarReader.busyIntervals(in: ics, file: "t.ics", from: from, to: to, floatingZone: london)
        #expect(busy.isEmpty)
        let closed = try ICalendarReader.busyIntervals(in: ics, file: "t.ics", from: from, to: to, floatingZone: london, includingFree: true)
        #expect(closed.count == 1)
        #expect(closed.first?.allDay == LocalDate(year: 2026, month: 10, day: 26)...LocalDate(year: 2026, month: 10, day: 30))
    }

    /// A zoned series is stepped in its own wall time: its UTC UNTIL bounds it inclusively, and
    /// EXDATEs written in UTC, in another zone and in its own zone each remove exactly their
    /// occurrence, on both sides of both clock changes.
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Sydney"])
    func zonedSeriesHonoursUntilAndExdatesInAnyZone(zone: String) throws {
        let first = LocalDate(year: 2026, month: 9, day: 7)
        let all = weeklyStarts(from: first, hour: 8, minute: 30, zone: zone, weeks: 34)
        func utcText(_ d: Date) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            return f.string(from: d)
        }
        func wallText(_ d: Date, _ z: String) -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: z); f.dateFormat = "yyyyMMdd'T'HHmmss"
            return f.string(from: d)
        }
        func series(_ uid: String, until: Date) -> String {
            """
            BEGIN:VEVENT
            UID:\(uid)
            DTSTART;TZID=\(zone):20260907T083000
            DTEND;TZID=\(zone):20260907T093000
            RRULE:FREQ=WEEKLY;UNTIL=\(utcText(until))
            EXDATE:\(utcText(all[3]))
            EXDATE;TZID=Asia/Kolkata:\(wallText(all[10], "Asia/Kolkata"))
            EXDATE;TZID=\(zone):\(wallText(all[20], zone))
            SUMMARY:\(uid)
            END:VEVENT

            """
        }
        let body = series("inclusive", until: all[33]) + series("short", until: all[33].addingTimeInterval(-1))
        let read = try busy(ICalendarReaderTests.calendar(body))
        var kept: [Date] = []
        for (k, start) in all.enumerated() where ![3, 10, 20].contains(k) { kept.append(start) }
        let inclusive: [Date] = read.filter { $0.summary == "inclusive" }.map { $0.start }
        let short: [Date] = read.filter { $0.summary == "short" }.map { $0.start }
        #expect(inclusive == kept)
        #expect(short == Array(kept.dropLast()))
        #expect(read.allSatisfy { $0.end.timeIntervalSince($0.start) == 3_600 })
    }
}
