import Foundation
import Synchronization
public import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on the reminder database file itself, found through its resolved real path, so
/// that two daemons never deliver from one store: a symlinked or differently spelled `--db` leads to the
/// same file (and so the same lock), and there is no separate lock file that could be deleted from under
/// a running daemon.
///
/// SQLite locks the same file with POSIX `fcntl` locks. On Linux `flock` is independent of them, but a
/// POSIX lock is dropped when the process closes *any* descriptor of the file. So this type never closes
/// the descriptors it opens on a database: a released lock only unlocks (`LOCK_UN`) and leaves its
/// descriptor parked for the next lock on the same file in this process (one descriptor per database
/// file the process ever locked), and a second lock in the same process is refused without opening one.
public final class StoreLock: Sendable {
    /// The database file as given.
    public let database: String
    /// Its resolved real path: the file that is locked.
    public let path: String
    private let key: FileKey

    /// Takes the lock or throws, naming the real path of the database another daemon holds.
    ///
    /// A missing database file is created empty (SQLite takes an empty file as a new database).
    public init(database: String) throws(TandemError) {
        var newFile: Int32 = -1
        var st = stat()
        if stat(database, &st) != 0 {
            guard errno == ENOENT else {
                throw .cannotWrite(path: database, reason: "cannot reach the database file (\(String(cString: strerror(errno)))).")
            }
            // A brand-new file: no SQLite connection of this process can hold a lock on it, so this
            // descriptor is safe to keep as the lock's.
            newFile = open(database, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard newFile >= 0, fstat(newFile, &st) == 0 else {
                throw .cannotWrite(path: database, reason: "cannot create the database file (\(String(cString: strerror(errno)))).")
            }
        }
        guard let resolved = realpath(database, nil) else {
            throw .cannotWrite(path: database, reason: "cannot resolve the database path (\(String(cString: strerror(errno)))).")
        }
        let real = String(cString: resolved)
        free(resolved)
        let key = FileKey(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        let via = real == database ? "" : " (\(database) leads to it)"
        let outcome: Result<Void, TandemError> = StoreLock.descriptors.withLock { table in
            var entry: Descriptor
            if let known = table[key] {
                if newFile >= 0 { table[FileKey(device: key.device, inode: key.inode, spare: newFile)] = Descriptor(fd: newFile, held: false, path: real) }
                if known.held {
                    let holder = known.path == real ? "" : " (as \(known.path))"
                    return .failure(.temporary(path: real, reason: "another tandem daemon in this process is using this reminder database\(via)\(holder). Stop it first, or pass another --db."))
                }
                entry = known
            } else if newFile >= 0 {
                entry = Descriptor(fd: newFile, held: false, path: real)
            } else {
                let fd = open(real, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    return .failure(.cannotWrite(path: real, reason: "cannot open the database file to lock it (\(String(cString: strerror(errno))))."))
                }
                entry = Descriptor(fd: fd, held: false, path: real)
            }
            guard flock(entry.fd, LOCK_EX | LOCK_NB) == 0 else {
                table[key] = entry   // parked, never closed
                return .failure(.temporary(path: real, reason: "another tandem daemon is using this reminder database\(via). Stop it first, or pass another --db."))
            }
            entry.held = true
            entry.path = real
            table[key] = entry
            return .success(())
        }
        try outcome.get()
        self.database = database
        self.path = real
        self.key = key
    }

    deinit {
        StoreLock.descriptors.withLock { table in
            guard var entry = table[key] else { return }
            flock(entry.fd, LOCK_UN)
            entry.held = false
            table[key] = entry
        }
    }

    /// Which file a descriptor is open on (`spare` tells apart extra descriptors opened in a race).
    private struct FileKey: Hashable {
        var device: UInt64
        var inode: UInt64
        var spare: Int32 = -1
    }

    private struct Descriptor {
        var fd: Int32
        var held: Bool
        /// The real path it was last locked through.
        var path: String
    }

    /// Every database descriptor this process opened for locking, by file.
    private static let descriptors = Mutex<[FileKey: Descriptor]>([:])
}
