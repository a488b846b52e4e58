import Foundation
import TandemTesting
import Testing
@testable import TandemCalendar

@Suite struct ICalendarWriterTests {
    static let stamp = utc(2026, 9, 1, 12)

    static func mentoringEvent(uid: String = "northbridge-L001-L014-s1@tandem", zone: String = "Europe/London") -> CalendarEvent {
        CalendarEvent(
            uid: uid, sequence: 2,
            start: at(2026, 10, 15, 16, 0, zone), end: at(2026, 10, 15, 17, 0, zone), timeZone: zone,
            summary: "Mentoring: Priya Shah & Tom Evans",
            description: "Agenda:\n1. Goals, targets; next steps\nSurvey: https://forms.example/f?s=1",
            location: "Video call", url: "https://meet.example/abc",
            categories: ["Mentoring", "Tandem"])
    }

    @Test func calendarHeaderAndLineDiscipline() {
        let doc = CalendarDocument(method: .publish, name: "Northbridge — Priya", events: [Self.mentoringEvent()])
        let text = ICalendarWriter.render(doc, stamp: Self.stamp)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.unfoldedLines
        #expect(lines.contains("PRODID:-//Tandem//Tandem Mentoring Scheduler//EN"))
        #expect(lines.contains("VERSION:2.0"))
        #expect(lines.contains("CALSCALE:GREGORIAN"))
        #expect(lines.contains("METHOD:PUBLISH"))
        #expect(lines.contains("X-WR-CALNAME:Northbridge — Priya"))
        // Every line ends in CRLF: no bare LF, no bare CR.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        // Folded to at most 75 octets per physical line.
        for line in text.physicalLines { #expect(line.utf8.count <= 75, "\(line)") }
    }

    /// X-WR-CALNAME is TEXT: libical escapes `,` `;` `\\`, so Radicale and Python's icalendar read the whole name.
    @Test func calendarNameIsEscapedTextAndReadsBackWhole() throws {
        let name = "Smith, Jones & Co; North\\East: Priya, Tom"
        let doc = CalendarDocument(method: .publish, name: name, events: [Self.mentoringEvent()])
        let text = ICalendarWriter.render(doc, stamp: Self.stamp)
        #expect(text.unfoldedLines.contains("X-WR-CALNAME:Smith\\, Jones & Co\\; North\\\\East: Priya\\, Tom"), "\(text)")
        let file = TestSupport.temporaryFolder("calname").appendingPathComponent("name.ics")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let report = try Oracle.run("properties.py", [file.path]) as! [String: [String: Any]]
        let calendar = report[file.path]!["calendar"] as! [String: [String]]
        #expect(calendar["X-WR-CALNAME"] == [name])
        // vobject (Radicale's parser) splits an unescaped value at its first comma.
        #expect(report[file.path]!["vobject_calname"] as? String == name)
    }

    @Test func eventProperties() {
        let doc = CalendarDocument(method: .publish, events: [Self.mentoringEvent()])
        let event = blocks("VEVENT", in: ICalendarWriter.render(doc, stamp: Self.stamp)).first ?? []
        #expect(event.contains("UID:northbridge-L001-L014-s1@tandem"))
        #expect(event.contains("DTSTAMP:20260901T120000Z"))
        #expect(event.contains("DTSTART;TZID=Europe/London:20261015T160000"))
        #expect(event.contains("DTEND;TZID=Europe/London:20261015T170000"))
        #expect(event.contains("SEQUENCE:2"))
        #expect(event.contains("STATUS:CONFIRMED"))
        #expect(event.contains("SUMMARY:Mentoring: Priya Shah & Tom Evans"))
        // libical escapes TEXT: newline, comma, semicolon.
        #expect(event.contains("DESCRIPTION:Agenda:\\n1. Goals\\, targets\\; next steps\\nSurvey: https://forms.example/f?s=1"))
        #expect(event.contains("LOCATION:Video call"))
        #expect(event.contains("URL:https://meet.example/abc"))
        #expect(event.contains("CATEGORIES:Mentoring"))
        #expect(event.contains("CATEGORIES:Tandem"))
        #expect(!event.contains { $0.hasPrefix("ORGANIZER") || $0.hasPrefix("ATTENDEE") || $0.hasPrefix("RRULE") })
    }

    @Test func recurrenceUntilIsUTCAndExdateCarriesTZID() {
        var event = Self.mentoringEvent()
        event.recurrence = WeeklyRecurrence(
            intervalWeeks: 2, until: at(2027, 4, 8, 16, 0, "Europe/London"),
            exceptions: [at(2026, 10, 29, 16, 0, "Europe/London"), at(2027, 3, 25, 16, 0, "Europe/London")])
        let lines = blocks("VEVENT", in: ICalendarWriter.render(.init(method: .publish, events: [event]), stamp: Self.stamp))[0]
        let rrule = lines.first { $0.hasPrefix("RRULE:") }
        #expect(rrule != nil)
        if let rrule {
            let parts = Set(rrule.dropFirst("RRULE:".count).split(separator: ";").map(String.init))
            #expect(parts == ["FREQ=WEEKLY", "INTERVAL=2", "UNTIL=20270408T150000Z"])
        }
        #expect(lines.contains("EXDATE;TZID=Europe/London:20261029T160000"))
        #expect(lines.contains("EXDATE;TZID=Europe/London:20270325T160000"))
        #expect(!lines.contains { $0.hasPrefix("EXDATE") && $0.hasSuffix("Z") })
    }

    @Test func awkwardNamesCannotInjectLines() {
        var event = Self.mentoringEvent()
        event.organizer = CalendarPerson(name: "Amara Okafor", email: "amara.okafor@northbridge.example", role: .chair)
        event.attendees = [
            CalendarPerson(name: "Siobhán \"Shiv\" O'Neill, Deputy; Head", email: "shiv@school.example"),
            CalendarPerson(name: "Mallory\r\nATTENDEE:mailto:x@evil.example", email: "mallory@school.example\r\nATTENDEE:mailto:y@evil.example"),
            CalendarPerson(name: "王秀英", email: "wang@school.example", role: .optional),
            CalendarPerson(name: "Ελένη Παπαδοπούλου", email: "eleni@school.example"),
        ]
        event.summary = "Hi\r\nATTENDEE:mailto:x@evil.example"
        event.uid = "uid-1\r\nATTENDEE:mailto:x@evil.example"
        let text = ICalendarWriter.render(.init(method: .request, events: [event]), stamp: Self.stamp)
        let lines = text.unfoldedLines
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE:mailto:x@evil") || $0.hasPrefix("ATTENDEE:mailto:y@evil") })
        #expect(!text.physicalLines.contains { $0.hasPrefix("ATTENDEE:mailto:") })
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 4)
        #expect(lines.filter { $0.hasPrefix("ORGANIZER") }.count == 1)
        #expect(lines.contains("ORGANIZER;CN=Amara Okafor:mailto:amara.okafor@northbridge.example"))
        #expect(lines.contains(
            "ATTENDEE;CN=\"Siobhán 'Shiv' O'Neill, Deputy; Head\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:shiv@school.example"))
        #expect(lines.contains(
            "ATTENDEE;CN=王秀英;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:wang@school.example"))
        #expect(lines.contains { $0.hasPrefix("ATTENDEE;CN=Ελένη Παπαδοπούλου;") })
        #expect(lines.contains { $0.hasPrefix("ATTENDEE;CN=Mallory ATTENDEE:mailto:x@evil.example;") || $0.hasPrefix("ATTENDEE;CN=\"Mallory  ATTENDEE:mailto:x@evil.example\";") })
        #expect(lines.contains("UID:uid-1ATTENDEE:mailto:x@evil.example"))
        #expect(lines.contains { $0.hasPrefix("SUMMARY:Hi") })
        // The file still parses and the event is still one event.
        let read = try? ICalendarReader.busyIntervals(in: text, file: "x.ics", from: utc(2026, 1, 1), to: utc(2027, 1, 1), floatingZone: london)
        #expect(read?.count == 1)
        // Non-Latin text is folded between characters, never inside one (valid UTF-8 per line).
        for line in text.physicalLines { #expect(line.utf8.count <= 75) }
    }

    @Test func alarmsAreRelativeDisplayAlarms() {
        var event = Self.mentoringEvent()
        event.alarmOffsets = [86_400, 3_600]
        let alarms = blocks("VALARM", in: ICalendarWriter.render(.init(method: .publish, events: [event]), stamp: Self.stamp))
        #expect(alarms.count == 2)
        #expect(alarms.allSatisfy { $0.contains("ACTION:DISPLAY") && $0.contains { $0.hasPrefix("DESCRIPTION:") } })
        #expect(alarms[0].contains("TRIGGER:-P1D"))
        #expect(alarms[1].contains("TRIGGER:-PT1H"))
    }

    @Test func cancelDocument() {
        var event = Self.mentoringEvent()
        event.status = .cancelled
        event.sequence = 3
        let text = ICalendarWriter.render(.init(method: .cancel, events: [event]), stamp: Self.stamp)
        #expect(text.unfoldedLines.contains("METHOD:CANCEL"))
        #expect(text.unfoldedLines.contains("STATUS:CANCELLED"))
        #expect(text.unfoldedLines.contains("SEQUENCE:3"))
        // A cancelled event is not busy.
        let read = try? ICalendarReader.busyIntervals(in: text, file: "x.ics", from: utc(2026, 1, 1), to: utc(2027, 1, 1), floatingZone: london)
        #expect(read == [])
    }

    @Test func renderingIsDeterministic() {
        let zones = ["Australia/Sydney", "Europe/London", "America/New_York", "Asia/Kolkata"]
        let doc = CalendarDocument(method: .publish, events: zones.enumerated().map { Self.mentoringEvent(uid: "e\($0.offset)", zone: $0.element) })
        let a = ICalendarWriter.render(doc, stamp: Self.stamp)
        let b = ICalendarWriter.render(doc, stamp: Self.stamp)
        #expect(a == b)
        #expect(a != ICalendarWriter.render(doc, stamp: Self.stamp.addingTimeInterval(1)))
    }

    @Test func unknownZoneIsWrittenInUTC() {
        var event = Self.mentoringEvent()
        event.timeZone = "Mars/Olympus_Mons"
        let text = ICalendarWriter.render(.init(method: .publish, events: [event]), stamp: Self.stamp)
        #expect(text.unfoldedLines.contains("DTSTART:20261015T150000Z"))
        #expect(!text.contains("TZID"))
    }

    @Test func concurrentRendersAreIdentical() async {
        var event = Self.mentoringEvent()
        event.recurrence = WeeklyRecurrence(intervalWeeks: 1, until: at(2027, 7, 15, 16, 0, "Europe/London"),
                                            exceptions: [at(2026, 12, 24, 16, 0, "Europe/London")])
        let doc = CalendarDocument(method: .publish, events: [event, Self.mentoringEvent(uid: "ny", zone: "America/New_York")])
        let expected = ICalendarWriter.render(doc, stamp: Self.stamp)
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { ICalendarWriter.render(doc, stamp: Self.stamp) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 == expected })
    }
}
