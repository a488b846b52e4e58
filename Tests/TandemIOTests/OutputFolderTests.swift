import Foundation
import TandemCore
import TandemIO
import TandemTesting
import Testing

/// `OutputFolder`: old folder or new, never a mix; foreign folders and files are refused untouched.
@Suite struct OutputFolderTests {
    @Test func writesANewFolderAndReplacesItsOwnWholly() throws {
        let root = TestSupport.temporaryFolder("output-folder")
        let out = root.appendingPathComponent("out")
        let first = ["schedule.json": Data("1".utf8), "a.ics": Data("a".utf8), "invites/x.ics": Data("x".utf8)]
        try OutputFolder.write(first, to: out.path)
        #expect(try TestSupport.files(in: out) == first)
        let second = ["schedule.json": Data("2".utf8), "b.ics": Data("b".utf8)]
        try OutputFolder.write(second, to: out.path)
        #expect(try TestSupport.files(in: out) == second, "nothing of the old folder is left")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"], "no staging folders left behind")
    }

    @Test func refusesAFolderThatIsNotOursAndAFile() throws {
        let root = TestSupport.temporaryFolder("output-foreign")
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: out.appendingPathComponent("notes.txt"))
        #expect(throws: OutputFolderError.notOurs(path: out.path, what: "Tandem output")) {
            try OutputFolder.write(["schedule.json": Data()], to: out.path)
        }
        #expect(try TestSupport.files(in: out) == ["notes.txt": Data("keep me".utf8)])

        let file = root.appendingPathComponent("file")
        try Data("plain".utf8).write(to: file)
        #expect(throws: OutputFolderError.notAFolder(path: file.path)) {
            try OutputFolder.write(["schedule.json": Data()], to: file.path)
        }
        #expect(try Data(contentsOf: file) == Data("plain".utf8))
        #expect(OutputFolderError.notAFolder(path: file.path).tandemError(advice: "Choose another.").exitCode == 73)
    }

    @Test func aWriteThatFailsPartWayLeavesTheOldFolder() throws {
        let root = TestSupport.temporaryFolder("output-failed")
        let out = root.appendingPathComponent("out")
        let old = ["schedule.json": Data("old".utf8)]
        try OutputFolder.write(old, to: out.path)
        // "a" is written as a file, so the folder "a/" that "a/b.ics" needs cannot be made.
        #expect {
            try OutputFolder.write(["schedule.json": Data("new".utf8), "a": Data(), "a/b.ics": Data()], to: out.path)
        } throws: { error in
            guard case .failed(let path, _) = error as? OutputFolderError else { return false }
            return path == out.path && (error as! OutputFolderError).tandemError(advice: nil).exitCode == 73
        }
        #expect(try TestSupport.files(in: out) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["out"], "the staging folder is removed")
    }

    @Test func anEmptyFolderAndAnOwnedOneAreReplaced() throws {
        let root = TestSupport.temporaryFolder("output-empty")
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try OutputFolder.write(["x": Data("x".utf8)], to: empty.path, what: "thing") { _ in false }
        #expect(try TestSupport.files(in: empty) == ["x": Data("x".utf8)])
        try OutputFolder.write(["y": Data("y".utf8)], to: empty.path, what: "thing") { $0 == empty.path }
        #expect(try TestSupport.files(in: empty) == ["y": Data("y".utf8)])
    }
}
