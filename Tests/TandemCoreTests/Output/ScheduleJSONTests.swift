import Foundation
import TandemCore
import TandemTesting
import Testing

/// Reading schedule.json back: round trip, and what a broken or foreign file gets told.
@Suite struct ScheduleJSONTests {
    @Test func brokenJSONNamesTheFileAndTheLine() {
        let text = "{\"programme\": \"p\",\n  \"meetings\": [\n    1,,\n  ]\n}\n"
        #expect {
            _ = try ScheduleJSON.decode(Data(text.utf8), file: "old.json")
        } throws: { error in
            guard let e = error as? TandemError else { return false }
            return e.exitCode == 65 && e.description.contains("old.json:3: is not a Tandem schedule.json")
        }
    }

    @Test func validJSONOfTheWrongShapeHasNoLineButSaysWhatIsWrong() {
        #expect {
            _ = try ScheduleJSON.decode(Data("{\"programme\": 3}".utf8), file: "other.json")
        } throws: { error in
            guard let e = error as? TandemError else { return false }
            return e.description.contains("other.json: is not a Tandem schedule.json") && e.description.contains("programme")
        }
    }

    @Test func readingFromASourceChecksTheProgramme() throws {
        var files = MemoryFiles()
        files["/out/schedule.json"] = ScheduleJSON.encode(Schedule(programme: "someone-else"))
        let programme = Fixtures.programme([])
        #expect(try ScheduleJSON.read("/out/schedule.json", from: files).programme == "someone-else")
        #expect {
            _ = try ScheduleJSON.read("/out/schedule.json", from: files, for: programme, fix: "Pass the right one.")
        } throws: { error in
            (error as? TandemError)?.exitCode == 65
                && "\(error)".contains("/out/schedule.json: is the schedule of programme someone-else, not \(programme.id). Pass the right one.")
        }
        #expect { _ = try ScheduleJSON.read("/out/missing.json", from: files) } throws: { error in
            (error as? TandemError)?.exitCode == 66
        }
    }

    @Test func theSummaryIsWorkedOutFromThePairsAndMeetingsEvenInOlderFiles() throws {
        // One mentor, two mentees, one meeting a day, one Thursday a week: one pair goes short.
        var p = Fixtures.programme([
            Fixtures.leader("M", .mentor, school: "A", windows: [Fixtures.window("Thu", "15:00", "18:00")]),
            Fixtures.leader("E1", .mentee, school: "B", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
            Fixtures.leader("E2", .mentee, school: "C", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
        ], start: "2026-09-07", end: "2026-10-04", count: nil, cadence: .weeks(1))
        p.limits.perLeaderPerDay = 1
        let s = SchedulePipeline(programme: p, now: Fixtures.instant("2026-08-01T00:00:00Z")).schedule()
        let short = s.pairs.filter { pair in s.meetings.filter { $0.attendees == [pair.mentor, pair.mentee] }.count < 4 }.count
        #expect(short >= 1)
        #expect(s.summary == ScheduleSummary(requested: 8, placed: 4, pairsShort: short))
        #expect(s.summary.placed == s.meetings.count)

        // Files from before `sessions_per_pair`, and from before `summary` as well, read the same.
        var object = try #require(JSONSerialization.jsonObject(with: ScheduleJSON.encode(s)) as? [String: Any])
        #expect(object["sessions_per_pair"] as? Int == 4)
        object["sessions_per_pair"] = nil
        let withoutCount = try ScheduleJSON.decode(JSONSerialization.data(withJSONObject: object), file: "older.json")
        #expect(withoutCount.summary == s.summary)
        object["summary"] = nil
        let withoutSummary = try ScheduleJSON.decode(JSONSerialization.data(withJSONObject: object), file: "oldest.json")
        #expect(withoutSummary.summary == s.summary)
        #expect(withoutSummary == s)
    }
}
