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

    @Test func readRefusesAnotherProgrammesScheduleAndAMissingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schedule-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("schedule.json").path
        try ScheduleJSON.encode(Schedule(programme: "someone-else")).write(to: URL(fileURLWithPath: path))
        let programme = Fixtures.programme([])
        #expect(try ScheduleJSON.read(path).programme == "someone-else")
        #expect {
            _ = try ScheduleJSON.read(path, for: programme, fix: "Pass the right one.")
        } throws: { error in
            (error as? TandemError)?.exitCode == 65
                && "\(error)".contains("is the schedule of programme someone-else, not \(programme.id). Pass the right one.")
        }
        #expect { _ = try ScheduleJSON.read(dir.appendingPathComponent("missing.json").path) } throws: { error in
            (error as? TandemError)?.exitCode == 66
        }
    }
}
