import Foundation
public import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<db>.lock`, so that two daemons never deliver from one store.
public final class StoreLock: Sendable {
    private let fd: Int32
    public let path: String

    /// Takes the lock or throws, naming the database another daemon holds.
    ///
    /// The descriptor is stored only once the lock is held: a class whose initialiser throws after
    /// every property is set runs `deinit`, which would close the refused descriptor a second time,
    /// and by then its number may belong to a file another thread opened.
    public init(database: String) throws(TandemError) {
        let path = database + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .cannotWrite(path: path, reason: "cannot create the lock file (\(String(cString: strerror(errno)))).")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .temporary(path: database, reason: "another tandem daemon is using this reminder database. Stop it first, or pass another --db.")
        }
        self.path = path
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
