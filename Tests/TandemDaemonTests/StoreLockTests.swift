import Foundation
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct StoreLockTests {
    @Test func aHeldLockRefusesASecondDaemonAndKeepsHoldingIt() throws {
        let database = TestSupport.temporaryFolder("store-lock").appendingPathComponent("reminders.sqlite").path
        let first = try StoreLock(database: database)
        #expect(throws: TandemError.self) { _ = try StoreLock(database: database) }
        // The refused attempt released nothing of the first one's: the lock is still held.
        let fd = open(first.path, O_RDWR)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) != 0)
    }

    /// The lock is on the database file found through its real path: a symlink, a path spelled with `..`
    /// or a hard link all reach the same lock, and it is refused naming the real file.
    @Test func everyPathToTheSameFileMeetsTheSameLock() throws {
        let folder = TestSupport.temporaryFolder("store-lock")
        let database = folder.appendingPathComponent("reminders.sqlite").path
        let held = try StoreLock(database: database)
        #expect(FileManager.default.fileExists(atPath: database), "the lock creates the database file it locks")
        #expect(!FileManager.default.fileExists(atPath: database + ".lock"), "no lock file that could be deleted")
        let link = folder.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: database)
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent("sub").path, withIntermediateDirectories: true)
        let hard = folder.appendingPathComponent("hard.sqlite").path
        #expect(Glibc.link(database, hard) == 0)
        for path in [link, folder.appendingPathComponent("sub/../reminders.sqlite").path, hard] {
            do {
                _ = try StoreLock(database: path)
                Issue.record("a second lock through \(path) was granted")
            } catch {
                #expect(error.exitCode == 75)
                #expect(error.description.contains(held.path), "\(error.description)")
            }
        }
        #expect(held.path == URL(fileURLWithPath: database).resolvingSymlinksInPath().path)
    }

    /// Released, the lock can be taken again (the parked descriptor is reused, not a new one opened).
    @Test func aReleasedLockCanBeTakenAgain() throws {
        let database = TestSupport.temporaryFolder("store-lock").appendingPathComponent("reminders.sqlite").path
        do { _ = try StoreLock(database: database) }
        let again = try StoreLock(database: database)
        let fd = open(again.path, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) != 0, "the second lock is really held")
    }

    /// A refused lock closes its descriptor exactly once. Closing it again (from `deinit`) closes
    /// whatever file another thread opened under the same number meanwhile: in the tests that was a
    /// parallel test's SQLite file, which then failed with "disk I/O error".
    @Test func aRefusedLockNeverClosesAnotherThreadsFile() async throws {
        let folder = TestSupport.temporaryFolder("store-lock")
        let database = folder.appendingPathComponent("reminders.sqlite").path
        let held = try StoreLock(database: database)
        let probe = folder.appendingPathComponent("probe")
        try Data("x".utf8).write(to: probe)
        let stop = Flag()
        let reader = Task.detached { () -> Int in
            var broken = 0
            var byte: UInt8 = 0
            while !stop.isSet {
                let fd = open(probe.path, O_RDONLY)
                if fd < 0 { continue }
                for _ in 0..<8 where pread(fd, &byte, 1, 0) != 1 { broken += 1 }
                if close(fd) != 0 { broken += 1 }
            }
            return broken
        }
        for _ in 0..<20_000 { _ = try? StoreLock(database: database) }
        stop.set()
        let broken = await reader.value
        #expect(broken == 0, "a refused StoreLock closed \(broken) descriptors it did not own")
        _ = held
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
