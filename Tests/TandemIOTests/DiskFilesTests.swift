import Foundation
import TandemCore
import TandemIO
import TandemTesting
import Testing

/// `DiskFiles`: the one reader of user files, and the errors each failure gets.
@Suite struct DiskFilesTests {
    @Test func kindsContentsAndNames() throws {
        let folder = TestSupport.temporaryFolder("disk-files")
        try Data("one".utf8).write(to: folder.appendingPathComponent("b.txt"))
        try Data("two".utf8).write(to: folder.appendingPathComponent("a.txt"))
        let files = DiskFiles()
        #expect(files.kind(of: folder.path) == .folder)
        #expect(files.kind(of: folder.appendingPathComponent("a.txt").path) == .file)
        #expect(files.kind(of: folder.appendingPathComponent("nope").path) == nil)
        #expect(files.contents(of: folder.appendingPathComponent("b.txt").path) == Data("one".utf8))
        #expect(files.names(in: folder.path) == ["a.txt", "b.txt"])
        #expect(files.names(in: folder.appendingPathComponent("a.txt").path) == nil)
        #expect(files.currentDirectory == FileManager.default.currentDirectoryPath)
    }

    @Test func relativePathsResolveAgainstTheWorkingFolder() {
        let files = DiskFiles()
        #expect(files.kind(of: "Package.swift") == (FileManager.default.fileExists(atPath: "Package.swift") ? .file : nil))
    }

    @Test func userTextGivesEachFailureItsExitCode() throws {
        let folder = TestSupport.temporaryFolder("disk-text")
        let good = folder.appendingPathComponent("good.ics"), bad = folder.appendingPathComponent("bad.ics")
        try Data("BEGIN:VCALENDAR".utf8).write(to: good)
        try Data([0x69, 0xFF, 0xFE]).write(to: bad)
        let files = DiskFiles()
        #expect(try files.userText(of: good.path) == "BEGIN:VCALENDAR")
        func code(_ path: String) -> Int32? {
            do { _ = try files.userText(of: path); return nil } catch { return error.exitCode }
        }
        #expect(code(bad.path) == 65)
        #expect(code(folder.appendingPathComponent("missing.ics").path) == 66)
        #expect(code(folder.path) == 66)
        #expect(throws: FileReadError.notUTF8) { try files.text(of: bad.path) }
        #expect(throws: FileReadError.folder) { try files.text(of: folder.path) }
        #expect(throws: FileReadError.missing) { try files.text(of: folder.appendingPathComponent("missing.ics").path) }
    }
}
