import Foundation
import Testing
@testable import TandemCalendar

@Suite struct VTimezoneTests {
    static let zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]

    static func document() -> CalendarDocument {
        CalendarDocument(method: .publish, events: zones.enumerated().map { i, zone in
            CalendarEvent(uid: "z\(i)", start: at(2026, 9, 15, 9, 0, zone), end: at(2026, 9, 15, 10, 0, zone),
                          timeZone: zone, summary: "In \(zone)")
        })
    }

    static func observance(_ kind: String, of zone: String, in text: String) -> [[String]] {
        let vtz = blocks("VTIMEZONE", in: text).first { $0.contains("TZID:\(zone)") } ?? []
        return blocks(kind, in: vtz.joined(separator: "\r\n") + "\r\n")
    }

    @Test func oneCompactVTimezonePerZoneWithPlainTZID() {
        let text = ICalendarWriter.render(Self.document(), stamp: utc(2026, 9, 1))
        let zones = blocks("VTIMEZONE", in: text)
        #expect(zones.count == Self.zones.count)
        let tzids = zones.compactMap { $0.first { $0.hasPrefix("TZID:") }?.dropFirst(5) }.map(String.init)
        #expect(tzids == Self.zones.sorted())
        #expect(!text.contains("freeassociation"))
        for zone in zones {
            let joined = zone.joined(separator: "\r\n") + "\r\n"
            #expect(blocks("STANDARD", in: joined).count == 1)
            #expect(blocks("DAYLIGHT", in: joined).count <= 1)
            // No history: every observance starts the year before the earliest event (2026).
            #expect(zone.filter { $0.hasPrefix("DTSTART:") }.allSatisfy { $0.hasPrefix("DTSTART:2025") })
            #expect(!zone.contains { $0.hasPrefix("RDATE") })
        }
        // VTIMEZONEs come before the first VEVENT.
        let lines = text.unfoldedLines
        let lastZone = lines.lastIndex(of: "END:VTIMEZONE") ?? Int.max
        let firstEvent = lines.firstIndex(of: "BEGIN:VEVENT") ?? -1
        #expect(lastZone < firstEvent)
    }

    @Test func everyTZIDParameterHasAVTimezone() {
        var doc = Self.document()
        doc.events[0].recurrence = WeeklyRecurrence(intervalWeeks: 1, until: at(2027, 6, 1, 9, 0, "Europe/London"),
                                                    exceptions: [at(2026, 9, 22, 9, 0, "Europe/London")])
        let text = ICalendarWriter.render(doc, stamp: utc(2026, 9, 1))
        let defined = Set(text.unfoldedLines.filter { $0.hasPrefix("TZID:") }.map { String($0.dropFirst(5)) })
        let used = text.unfoldedLines.compactMap { line -> String? in
            guard let r = line.range(of: ";TZID=") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != ":" && $0 != ";" })
        }
        #expect(used.count == Self.zones.count * 2 + 1)
        #expect(Set(used).isSubset(of: defined))
    }

    @Test(arguments: [
        ("Europe/London", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "+0000", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "20250330T010000", "20251026T020000"),
        ("America/New_York", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "-0500", "-0400", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "20250309T020000", "20251102T020000"),
        ("Australia/Sydney", "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", "+1000", "+1100", "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "20251005T020000", "20250406T030000"),
    ])
    func dstRules(zone: String, daylightRule: String, standardOffset: String, daylightOffset: String,
                  standardRule: String, daylightStart: String, standardStart: String) {
        let text = ICalendarWriter.render(Self.document(), stamp: utc(2026, 9, 1))
        let daylight = Self.observance("DAYLIGHT", of: zone, in: text)
        let standard = Self.observance("STANDARD", of: zone, in: text)
        #expect(daylight.count == 1 && standard.count == 1)
        guard let d = daylight.first, let s = standard.first else { return }
        let rrule = { (lines: [String]) in
            lines.first { $0.hasPrefix("RRULE:") }.map { Set($0.dropFirst(6).split(separator: ";").map(String.init)) }
        }
        #expect(rrule(d) == Set(daylightRule.split(separator: ";").map(String.init)))
        #expect(rrule(s) == Set(standardRule.split(separator: ";").map(String.init)))
        #expect(d.contains("TZOFFSETFROM:\(standardOffset)") && d.contains("TZOFFSETTO:\(daylightOffset)"))
        #expect(s.contains("TZOFFSETFROM:\(daylightOffset)") && s.contains("TZOFFSETTO:\(standardOffset)"))
        #expect(d.contains("DTSTART:\(daylightStart)"))
        #expect(s.contains("DTSTART:\(standardStart)"))
    }

    @Test(arguments: [("Asia/Kolkata", "+0530"), ("UTC", "+0000")])
    func zonesWithoutDSTHaveOneStandard(zone: String, offset: String) {
        let text = ICalendarWriter.render(Self.document(), stamp: utc(2026, 9, 1))
        #expect(Self.observance("DAYLIGHT", of: zone, in: text).isEmpty)
        let standard = Self.observance("STANDARD", of: zone, in: text)
        #expect(standard.count == 1)
        #expect(standard.first?.contains("TZOFFSETFROM:\(offset)") == true)
        #expect(standard.first?.contains("TZOFFSETTO:\(offset)") == true)
        #expect(standard.first?.contains { $0.hasPrefix("RRULE") } == false)
    }

    @Test func yearlyRuleDisambiguation() {
        // 2026-03-29 is the last Sunday of March; 2027-03-28 confirms "last", not "4th".
        let rule = YearlyRule.choose(for: LocalDate(year: 2026, month: 3, day: 29), confirmedBy: LocalDate(year: 2027, month: 3, day: 28))
        #expect(rule.rrule == "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        // 2026-03-08: second Sunday.
        #expect(YearlyRule.choose(for: LocalDate(year: 2026, month: 3, day: 8), confirmedBy: nil).rrule == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU")
        // A 4th-Sunday rule that is also the last one in 2026 (Feb 22 → 2027-02-28 is 4th, not last... both) stays consistent.
        #expect(YearlyRule(month: 3, weekday: 7, position: -1).day(inYear: 2027) == LocalDate(year: 2027, month: 3, day: 28))
        #expect(YearlyRule(month: 11, weekday: 7, position: 1).day(inYear: 2026) == LocalDate(year: 2026, month: 11, day: 1))
    }
}
