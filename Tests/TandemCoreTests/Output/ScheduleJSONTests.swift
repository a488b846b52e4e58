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
}
