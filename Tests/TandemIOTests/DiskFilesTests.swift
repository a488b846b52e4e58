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
        #expect(try TextFile.read(good.path, from: files, limit: 1_048_576, what: "a calendar") == "BEGIN:VCALENDAR")
        func code(_ path: String) -> Int32? {
            do { _ = try TextFile.read(path, from: files, limit: 1_048_576, what: "a calendar"); return nil } catch { return error.exitCode }
        }
        #expect(code(bad.path) == 65)
        #expect(code(folder.appendingPathComponent("missing.ics").path) == 66)
        #expect(code(folder.path) == 66)
        func message(_ path: String) -> String? {
            do { _ = try TextFile.read(path, from: files, limit: 1_048_576, what: "a calendar"); return nil } catch { return error.description }
        }
        #expect(message(bad.path) == "\(bad.path):1: is not UTF-8 text (byte 0xFF on this line). Export or save it as UTF-8.")
        #expect(message(folder.appendingPathComponent("missing.ics").path)?.contains("missing.ics: file not found. Check the path.") == true)
        #expect(message(folder.path)?.contains("cannot be read. Check its permissions.") == true)
    }

    /// Issue 9, class 14: a huge file, or a device that never ends, is refused after `limit + 1` bytes.
    @Test func readsStopOneBytePastTheLimit() throws {
        let folder = TestSupport.temporaryFolder("disk-limit")
        let sparse = folder.appendingPathComponent("huge.ics")
        #expect(FileManager.default.createFile(atPath: sparse.path, contents: nil))
        let handle = try FileHandle(forWritingTo: sparse)
        try handle.truncate(atOffset: 1 << 30)   // 1 GiB, sparse: no disk used
        try handle.close()
        let files = DiskFiles()
        #expect(files.contents(of: sparse.path, limit: 1_000)?.count == 1_001)
        #expect(files.contents(of: "/dev/zero", limit: 3 << 20)?.count == (3 << 20) + 1)
        try Data("12345".utf8).write(to: folder.appendingPathComponent("small.txt"))
        #expect(files.contents(of: folder.appendingPathComponent("small.txt").path, limit: 5) == Data("12345".utf8))
        #expect(files.contents(of: folder.appendingPathComponent("small.txt").path, limit: 4) == Data("12345".utf8))
        #expect(files.contents(of: folder.appendingPathComponent("small.txt").path, limit: 3) == Data("1234".utf8))
        do {
            _ = try TextFile.read(sparse.path, from: files, limit: 20 << 20, what: "a calendar")
            Issue.record("read a 1 GiB calendar")
        } catch {
            #expect(error.exitCode == 65)
            #expect(error.description == "\(sparse.path): is larger than 20 MiB, the most Tandem reads of a calendar. Check that this is the right file.")
        }
    }
}
