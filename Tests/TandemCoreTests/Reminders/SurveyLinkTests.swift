import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

/// One session key everywhere: the survey link in a calendar event and in the survey email of the
/// same session carry the same `{session}` (the meeting's uid), percent-encoded.
@Suite struct SurveyLinkTests {
    func programme(cadence: Programme.Cadence) -> Programme {
        let windows = [Fixtures.window("Mon", "16:00", "18:00"), Fixtures.window("Thu", "16:00", "18:00")]
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: windows),
            Fixtures.leader("L2", .mentee, school: "B", windows: windows, pair: "L1"),
        ], start: "2026-09-07", end: "2026-12-18", count: 6, cadence: cadence)
        p.reminders.before = []
        p.reminders.survey = .init(after: 7_200, every: 1, link: "https://forms.example/f?session={session}&pair={pair}")
        return p
    }

    /// The leader file's events as Python's icalendar decodes them.
    func events(_ run: ScheduleRun, leader: String) throws -> [[String: [String]]] {
        let file = TestSupport.temporaryFolder("survey").appendingPathComponent("\(leader).ics")
        try run.files["\(leader).ics"]!.write(to: file)
        let report = try Oracle.run("properties.py", [file.path]) as! [String: [String: Any]]
        return (report[file.path]!["events"] as! [[String: Any]]).map { $0.mapValues { ($0 as? [String]) ?? [] } }
    }

    func link(in text: String) -> String? {
        text.components(separatedBy: .whitespacesAndNewlines).first { $0.hasPrefix("https://forms.example/") }
    }

    @Test func calendarAndEmailCarryTheSameEncodedKey() throws {
        let p = programme(cadence: .monthly)  // monthly sessions are never folded: one VEVENT each
        let run = ScheduleRun(programme: p, now: Fixtures.instant("2026-08-01T00:00:00Z"), stamp: Fixtures.instant("2026-08-01T00:00:00Z"))
        #expect(run.schedule.meetings.count >= 3)
        let mails = ReminderPlanner(programme: p, schedule: run.schedule).plan().filter { $0.kind == .survey }
        #expect(mails.count == run.schedule.meetings.count * 2)
        let events = try events(run, leader: "L2")
        #expect(events.count == run.schedule.meetings.count)
        for event in events {
            let uid = event["UID"]![0]
            let calendarLink = link(in: event["DESCRIPTION"]![0])
            let expected = "https://forms.example/f?session=" + uid.replacingOccurrences(of: "@", with: "%40") + "&pair=L1-L2"
            #expect(calendarLink == expected)
            #expect(!(calendarLink ?? "@").dropFirst(8).contains("@"))
            for mail in mails where mail.meeting == uid {
                #expect(link(in: mail.body) == calendarLink, "\(mail.key)")
            }
            #expect(mails.filter { $0.meeting == uid }.count == 2)
        }
    }

    @Test func aFoldedSeriesSharesNoPerSessionLink() throws {
        let p = programme(cadence: .weeks(2))
        let run = ScheduleRun(programme: p, now: Fixtures.instant("2026-08-01T00:00:00Z"), stamp: Fixtures.instant("2026-08-01T00:00:00Z"))
        let events = try events(run, leader: "L1")
        let series = events.filter { $0["RRULE"] != nil }
        #expect(!series.isEmpty)
        for event in series {
            let text = event["DESCRIPTION"]![0]
            #expect(link(in: text) == nil, "\(text)")
            #expect(text.contains("comes by email"))
        }
        // A template without {session} is the same for every session, so a series carries it.
        var q = p
        q.reminders.survey?.link = "https://forms.example/general?pair={pair}"
        let general = ScheduleRun(programme: q, now: Fixtures.instant("2026-08-01T00:00:00Z"), stamp: Fixtures.instant("2026-08-01T00:00:00Z"))
        for event in try self.events(general, leader: "L1") {
            #expect(link(in: event["DESCRIPTION"]![0]) == "https://forms.example/general?pair=L1-L2")
        }
    }

    @Test func keysArePercentEncoded() {
        #expect(SurveyLink.fill("https://f.example/?s={session}&p={pair}", session: "a b@c/d&e", pair: "L1-L2")
                == "https://f.example/?s=a%20b%40c%2Fd%26e&p=L1-L2")
    }
}
