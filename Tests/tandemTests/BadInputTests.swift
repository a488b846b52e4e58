import Foundation
import TandemTesting
import Testing

/// Bad input gets exit 65 or 66, a message with file:line, and no output folder is created or changed.
@Suite struct BadInputTests {
    func schedule(_ root: URL) throws -> (ProcessResult, URL) {
        let out = root.appendingPathComponent("out")
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", out.path, "--now", "2026-09-01"], in: root)
        return (r, out)
    }

    @Test func malformedYAML() throws {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "sessions:", with: "sessions: [unclosed\n  oops: {")
        let (r, out) = try schedule(root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("programme.yaml:"), "\(r.stderr)")
        #expect(r.stderr.range(of: #"programme\.yaml:\d+"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func malformedCSV() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        var text = try String(contentsOf: csv, encoding: .utf8)
        text += "L099,\"Unterminated name,x@y.example,mentee,Hillview Academy,Northbridge,primary,,Mon 16:00-17:00,,,,,,\n"
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let (r, out) = try schedule(root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("leaders.csv:\(line)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func malformedCalendarLeavesExistingOutputUntouched() throws {
        let root = try TestSupport.copyOfExample()
        let (ok, out) = try schedule(root)
        #expect(ok.status == 0, "\(ok.stderr)")
        let before = try Data(contentsOf: out.appendingPathComponent("schedule.json"))
        let ics = root.appendingPathComponent("Calendars/example/L001.ics")
        try TestSupport.edit(ics, replacing: "BEGIN:VEVENT", with: "BEGIN:VEVENT\r\nTHIS LINE HAS NO COLON")
        let (r, _) = try schedule(root)
        #expect(r.status == 65)
        #expect(r.stderr.range(of: #"L001\.ics:\d+"#, options: .regularExpression) != nil, "\(r.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("schedule.json")) == before)
    }

    @Test func unknownTimeZoneNamesTheLeader() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        try TestSupport.edit(csv, replacing: "America/New_York", with: "America/Nowhere")
        let (r, _) = try schedule(root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("America/Nowhere"))
        #expect(r.stderr.range(of: #"leaders\.csv:\d+: leader L\d+"#, options: .regularExpression) != nil, "\(r.stderr)")
    }

    @Test func missingProgrammeIs66() throws {
        let root = TestSupport.temporaryFolder()
        let r = try runTandem(["schedule", root.appendingPathComponent("nope.yaml").path, "--out", root.appendingPathComponent("out").path])
        #expect(r.status == 66)
        #expect(r.stderr.contains("nope.yaml"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test func validateListsEveryProblem() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        try TestSupport.edit(csv, replacing: "America/New_York", with: "Mars/Olympus")
        try TestSupport.edit(csv, replacing: ",mentee,", with: ",mentey,")
        let r = try runTandem(["validate", "Config/example/programme.yaml"], in: root)
        #expect(r.status == 65)
        #expect(r.stderr.contains("Mars/Olympus"))
        #expect(r.stderr.contains("mentey"))
    }

    @Test func outputFolderThatIsNotOursIsRefused() throws {
        let root = try TestSupport.copyOfExample()
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", out.path], in: root)
        #expect(r.status == 73)
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }
}
