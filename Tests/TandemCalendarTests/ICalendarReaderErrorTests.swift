import Foundation
import Testing
@testable import TandemCalendar

/// Malformed files: every error names the file, the line and what to fix.
@Suite struct ICalendarReaderErrorTests {
    static func error(_ ics: String) -> InputProblem? {
        calendarError { _ = try busy(ics) }
    }

    @Test func notACalendar() {
        let e = Self.error("id,name,email\nL001,Priya,p@x\n")
        #expect(e?.line == 1)
        #expect(e?.file == "test.ics")
        #expect(e?.message.contains("BEGIN:VCALENDAR") == true)
        #expect(Self.error("")?.message.contains("empty") == true)
    }

    @Test func lineWithoutColon() {
        let e = Self.error("""
        BEGIN:VCALENDAR
        VERSION:2.0
        BEGIN:VEVENT
        UID:x
        DTSTART:20261001T100000Z
        this line is broken
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(e?.line == 6)
        #expect(e?.message.contains("no ':'") == true)
        #expect(e?.description.hasPrefix("test.ics:6: ") == true)
    }

    @Test func foldedLinesKeepPhysicalLineNumbers() {
        let e = Self.error("""
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        DESCRIPTION:a long
          description folded
          over three lines
        DTSTART:20261001T100000Z
        BROKEN LINE
        END:VEVENT
        END:VCALENDAR

        """.crlf)
        #expect(e?.line == 7)
    }

    @Test func unbalancedBeginEnd() {
        let mismatched = Self.error("""
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        DTSTART:20261001T100000Z
        END:VTODO
        END:VCALENDAR

        """)
        #expect(mismatched?.line == 4)
        #expect(mismatched?.message.contains("BEGIN:VEVENT on line 2") == true)

        let unclosed = Self.error("""
        BEGIN:VCALENDAR
        VERSION:2.0
        BEGIN:VEVENT
        DTSTART:20261001T100000Z

        """)
        #expect(unclosed?.line == 3)
        #expect(unclosed?.message.contains("END:VEVENT") == true)

        let extraEnd = Self.error("BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VEVENT\n")
        #expect(extraEnd?.line == 3)
    }

    @Test func unparsableDTStart() {
        let e = Self.error("""
        BEGIN:VCALENDAR
        VERSION:2.0
        BEGIN:VEVENT
        UID:ok
        DTSTART:20261001T100000Z
        DTEND:20261001T110000Z
        END:VEVENT
        BEGIN:VEVENT
        UID:bad
        DTSTART:2026-10-01 10:00
        DTEND:20261001T110000Z
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(e?.line == 10)
        #expect(e?.message.contains("DTSTART") == true)
        #expect(e?.message.contains("YYYYMMDD") == true)
    }

    @Test func badRRuleAndMissingDTStart() {
        let rrule = Self.error("""
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        DTSTART:20261001T100000Z
        DTEND:20261001T110000Z
        RRULE:FREQ=SOMETIMES
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(rrule?.line == 5)
        #expect(rrule?.message.contains("RRULE") == true)

        let missing = Self.error("""
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        UID:x
        SUMMARY:No start
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(missing?.line == 2)
        #expect(missing?.message.contains("DTSTART") == true)
    }

    @Test func unknownTZIDNamesTheZoneAndLine() {
        let e = Self.error("""
        BEGIN:VCALENDAR
        VERSION:2.0
        BEGIN:VEVENT
        UID:x
        DTSTART;TZID=Middle Earth Standard Time:20261001T100000
        DTEND;TZID=Middle Earth Standard Time:20261001T110000
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(e?.line == 5)
        #expect(e?.message.contains("Middle Earth Standard Time") == true)
        #expect(e?.message.contains("VTIMEZONE") == true)

        // Path-like names are never looked up on disk.
        #expect(Self.error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=../../../etc/passwd:20261001T100000\nEND:VEVENT\nEND:VCALENDAR\n")?.line == 3)
    }

    @Test func harmlessOdditiesAreTolerated() throws {
        // Unknown property names and bad values in properties that do not affect busy time.
        let read = try busy("""
        BEGIN:VCALENDAR
        VERSION:2.0
        BEGIN:VEVENT
        UID:x
        DTSTART:20261001T100000Z
        DTEND:20261001T110000Z
        COLOUR-OF-THE-DAY:blue
        X-GOOGLE-CONFERENCE:https://meet.example/x
        SEQUENCE:not-a-number
        END:VEVENT
        END:VCALENDAR

        """)
        #expect(read.count == 1)
    }
}
