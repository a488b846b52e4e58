import Foundation
import TandemCore
import TandemIO
import TandemTesting
import Testing

/// Reading schedule.json from the disk: the programme check and a missing file.
@Suite struct ScheduleJSONDiskTests {
    @Test func readRefusesAnotherProgrammesScheduleAndAMissingFile() throws {
        let dir = TestSupport.temporaryFolder("schedule-json")
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

    @Test func previousScheduleIsTheOutputFoldersOrNone() throws {
        let out = TestSupport.temporaryFolder("previous")
        let programme = Fixtures.programme([])
        #expect(try ScheduleRun.previousSchedule(explicit: nil, outputFolder: out.path, programme: programme, fix: "x") == nil)
        try ScheduleJSON.encode(Schedule(programme: programme.id)).write(to: out.appendingPathComponent("schedule.json"))
        #expect(try ScheduleRun.previousSchedule(explicit: nil, outputFolder: out.path, programme: programme, fix: "x")?.programme
                == programme.id)
        // A named file must be there.
        #expect { _ = try ScheduleRun.previousSchedule(explicit: out.appendingPathComponent("gone.json").path,
                                                        outputFolder: out.path, programme: programme, fix: "x") }
            throws: { ($0 as? TandemError)?.exitCode == 66 }
        // Another programme's schedule is refused with the caller's advice.
        try ScheduleJSON.encode(Schedule(programme: "other")).write(to: out.appendingPathComponent("schedule.json"))
        #expect { _ = try ScheduleRun.previousSchedule(explicit: nil, outputFolder: out.path, programme: programme,
                                                        fix: "Pick another.") }
            throws: { ($0 as? TandemError)?.exitCode == 65 && "\($0)".contains("Pick another.") }
    }
}
