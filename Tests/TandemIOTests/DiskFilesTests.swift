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

    @Test func textFileGivesEachFailureItsExitCode() throws {
        let folder = TestSupport.temporaryFolder("disk-text")
        let good = folder.appendingPathComponent("good.ics"), bad = folder.appendingPathComponent("bad.ics")
        try Data("BEGIN:VCALENDAR".utf8).write(to: good)
        try Data([0x69, 0xFF, 0xFE]).write(to: bad)
        let files = DiskFiles()
        #expect(try TextFile.read(good.path, from: files) == "BEGIN:VCALENDAR")
        func code(_ path: String) -> Int32? {
            do { _ = try TextFile.read(path, from: files); return nil } catch { return error.exitCode }
        }
        #expect(code(bad.path) == 65)
        #expect(code(folder.appendingPathComponent("missing.ics").path) == 66)
        #expect(code(folder.path) == 66)
        func message(_ path: String) -> String? {
            do { _ = try TextFile.read(path, from: files); return nil } catch { return error.description }
        }
        #expect(message(bad.path) == "\(bad.path):1: is not UTF-8 text (byte 0xFF on this line). Export or save it as UTF-8.")
        #expect(message(folder.appendingPathComponent("missing.ics").path)?.contains("missing.ics: file not found. Check the path.") == true)
        #expect(message(folder.path)?.contains("cannot be read. Check its permissions.") == true)
    }
}
