import Foundation
import TandemTesting
import Testing

/// The library reports typed problems; the command line words them with the flag the user typed.
@Suite struct FlagWordingTests {
    static let example = "Config/example/programme.yaml"

    @Test func badFromIsReportedUnderFrom() throws {
        let r = try runTandem(["reminders", "plan", Self.example, "--from", "someday", "--to", "2026-09-08"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--from someday: use a UTC time like"), "\(r.stderr)")
        #expect(!r.stderr.contains("--now"), "\(r.stderr)")
    }

    @Test func badNowIsReportedUnderNow() throws {
        let out = TestSupport.temporaryFolder("flag-now").appendingPathComponent("out")
        let r = try runTandem(["schedule", Self.example, "--out", out.path, "--now", "someday", "--quiet"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--now someday: use a UTC time like"), "\(r.stderr)")
        let check = try runTandem(["check", Self.example, "nowhere/schedule.json", "--now", "later"])
        #expect(check.status == 64)
        #expect(check.stderr.contains("--now later:"), "\(check.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func busyQueryProblemsNameTheirFlags() throws {
        let file = "Calendars/example/L001.ics"
        let cases: [([String], String)] = [
            (["--from", "2026-13-01", "--to", "2027-08-01"], "--from 2026-13-01: use a date like 2026-09-01."),
            (["--from", "2026-09-01", "--to", "soon"], "--to soon: use a date like 2027-07-31."),
            (["--from", "2027-09-01", "--to", "2027-08-01"], "--from 2027-09-01 must be before --to 2027-08-01."),
            (["--from", "2026-09-01", "--to", "2027-08-01", "--tz", "Mars/Olympus"], "--tz Mars/Olympus: unknown time zone."),
        ]
        for (flags, message) in cases {
            let r = try runTandem(["busy", file] + flags)
            #expect(r.status == 64, "\(flags)")
            #expect(r.stderr.contains(message), "\(flags): \(r.stderr)")
        }
    }

    @Test func outputFolderProblemsNameOut() throws {
        let root = TestSupport.temporaryFolder("flag-out")
        let file = root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let onFile = try runTandem(["schedule", Self.example, "--out", file.path, "--now", "2026-09-01", "--quiet"])
        #expect(onFile.status == 73)
        #expect(onFile.stderr.contains("it is a file, not a folder. Choose another --out folder."), "\(onFile.stderr)")

        let foreign = root.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        let generate = try runTandem(["generate", "--size", "S", "--seed", "1", "--out", foreign.path, "--quiet"])
        #expect(generate.status == 73)
        #expect(generate.stderr.contains("is not a generated programme. Choose an empty or new --out folder."), "\(generate.stderr)")
        #expect(try String(contentsOf: foreign.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }
}
