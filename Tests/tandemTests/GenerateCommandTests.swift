import Foundation
import TandemTesting
import Testing

/// `tandem generate` end to end: the real binary writes a programme that the other commands accept.
@Suite(.serialized) struct GenerateCommandTests {
    @Test func generatedProgrammeValidatesAndSchedules() throws {
        let root = TestSupport.temporaryFolder("generate-e2e")
        let programme = root.appendingPathComponent("prog")
        let generated = try runTandem(["generate", "--size", "S", "--seed", "1", "--out", programme.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("30 leaders"))

        let yaml = programme.appendingPathComponent("programme.yaml").path
        let validated = try runTandem(["validate", yaml])
        #expect(validated.status == 0, "\(validated.stderr)")

        let out = root.appendingPathComponent("schedule")
        let scheduled = try runTandem(["schedule", yaml, "--out", out.path, "--now", "2026-09-01", "--quiet"])
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("schedule.json").path))
    }

    @Test func sameSeedWritesTheSameFolderAndReplacesItsOwnOutput() throws {
        let root = TestSupport.temporaryFolder("generate-det")
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
        #expect(try runTandem(["generate", "--size", "s", "--seed", "42", "--out", a.path, "--quiet"]).status == 0)
        #expect(try runTandem(["generate", "--size", "S", "--seed", "7", "--out", b.path, "--quiet"]).status == 0)
        #expect(try TestSupport.files(in: a) != TestSupport.files(in: b))
        // Generating again over a generated folder replaces it.
        let again = try runTandem(["generate", "--size", "S", "--seed", "42", "--out", b.path, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.isEmpty)
        #expect(try TestSupport.files(in: a) == TestSupport.files(in: b))
    }

    @Test func refusesAFolderThatIsNotAGeneratedProgramme() throws {
        let folder = TestSupport.temporaryFolder("generate-foreign")
        try Data("keep me".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let r = try runTandem(["generate", "--size", "S", "--seed", "1", "--out", folder.path])
        #expect(r.status == 73)
        #expect(r.stderr.contains("not a generated programme"))
    }

    @Test func unknownSizeIsAUsageError() throws {
        let r = try runTandem(["generate", "--size", "XXL", "--seed", "1", "--out", TestSupport.temporaryFolder().path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("S, M, L or XL"))
    }
}
