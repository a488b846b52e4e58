import Foundation
import Synchronization
public import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// Delivers into a maildir exactly once: `tmp/<name>` is written, synced and renamed into `new/<name>`,
/// where `<name>` comes from the idempotency key. A message already in `new/` or `cur/` is never written again.
public final class MaildirChannel: DeliveryChannel, Sendable {
    public let path: String
    public let from: Programme.Person
    /// Whether each message is fsync'ed before the rename (survives power loss, not only `kill -9`).
    public let durable: Bool
    private let clock: any ReminderClock
    /// The cached listing of `cur/` and the modification time it was read at.
    private struct CurCache {
        var names: Set<String> = []
        var stamp: timespec?
    }
    private let cur = Mutex(CurCache())

    public var name: String { "maildir \(path)" }
    public var batches: Bool { true }

    public init(path: String, from: Programme.Person, durable: Bool = true, clock: any ReminderClock) {
        self.path = path
        self.from = from
        self.durable = durable
        self.clock = clock
    }

    /// The file name a reminder gets in `new/` (and, after a mail reader saw it, `cur/<name>:2,…`).
    public static func fileName(forKey key: String) -> String { "tandem." + MailMessage.safeName(key) }

    public func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome {
        try writeAll([reminder])[0].get()
    }

    /// Writes every message of the batch to `tmp/`, syncs the file system once, then renames each into `new/`.
    ///
    /// One sync per batch instead of one per message keeps a burst of thousands fast, and the rename
    /// still happens only after the bytes are on disk.
    ///
    /// The file work is synchronous local I/O (writes of a few kilobytes and one `syncfs`), done
    /// in place rather than on another thread: hopping threads would cost more than it spares.
    public func deliver(batch: [StoredReminder]) async -> [Result<DeliveryOutcome, DeliveryError>] {
        writeAll(batch)
    }

    private func writeAll(_ batch: [StoredReminder]) -> [Result<DeliveryOutcome, DeliveryError>] {
        var results = [Result<DeliveryOutcome, DeliveryError>?](repeating: nil, count: batch.count)
        do {
            try prepareFolders()
        } catch {
            return batch.map { _ in .failure(error) }
        }
        var written: [(index: Int, tmp: String, new: String)] = []
        for (i, reminder) in batch.enumerated() {
            let file = MaildirChannel.fileName(forKey: reminder.key)
            let newPath = "\(path)/new/\(file)"
            if access(newPath, F_OK) == 0 || inCur(file) {
                results[i] = .success(.alreadyDelivered)
                continue
            }
            let tmpPath = "\(path)/tmp/\(file)"
            do {
                try writeFile(tmpPath, MailMessage(from: from, reminder: reminder, date: clock.now()).text)
                written.append((i, tmpPath, newPath))
            } catch {
                results[i] = .failure(error)
            }
        }
        if durable && !written.isEmpty && !MaildirChannel.syncFileSystem(of: "\(path)/tmp") {
            let reason = String(cString: strerror(errno))
            for w in written {
                unlink(w.tmp)
                results[w.index] = .failure(DeliveryError("\(path)/tmp: cannot sync (\(reason))."))
            }
            written = []
        }
        for w in written {
            if rename(w.tmp, w.new) == 0 {
                results[w.index] = .success(.delivered)
            } else {
                let reason = String(cString: strerror(errno))
                unlink(w.tmp)
                results[w.index] = .failure(DeliveryError("\(w.new): cannot move the message into new/ (\(reason))."))
            }
        }
        return results.map { $0 ?? .failure(DeliveryError("not attempted")) }
    }

    private func prepareFolders() throws(DeliveryError) {
        for sub in ["tmp", "new", "cur"] {
            let dir = "\(path)/\(sub)"
            if access(dir, F_OK) != 0 {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw DeliveryError("\(dir): cannot create the maildir folder (\(error.localizedDescription)). Check delivery.path and its permissions.")
                }
            }
        }
    }

    private func writeFile(_ tmpPath: String, _ text: String) throws(DeliveryError) {
        let data = Array(text.utf8)
        let fd = open(tmpPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DeliveryError("\(tmpPath): cannot create (\(String(cString: strerror(errno)))).") }
        defer { close(fd) }
        var done = 0
        while done < data.count {
            let n = data[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                unlink(tmpPath)
                throw DeliveryError("\(tmpPath): cannot write (\(reason)).")
            }
            done += n
        }
    }

    private typealias SyncFS = @convention(c) (Int32) -> Int32
    /// Linux `syncfs(2)` (not exported by the Glibc module), looked up once.
    private static let syncfsFunction: SyncFS? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)
    }()

    /// Flushes the file system holding `folder` (one journal commit for a whole batch).
    static func syncFileSystem(of folder: String) -> Bool {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if let syncfs = syncfsFunction { return syncfs(fd) == 0 }
        return fsync(fd) == 0 && { sync(); return true }()
    }

    /// Whether `cur/` holds `file` (a reader may have added `:2,S` flags); the listing is cached until `cur/` changes.
    private func inCur(_ file: String) -> Bool {
        var st = stat()
        guard stat("\(path)/cur", &st) == 0 else { return false }
        let folder = "\(path)/cur"
        return cur.withLock { cache in
            if cache.stamp.map({ $0.tv_sec != st.st_mtim.tv_sec || $0.tv_nsec != st.st_mtim.tv_nsec }) ?? true {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                cache.names = Set(names.map { String($0.split(separator: ":", maxSplits: 1).first ?? Substring($0)) })
                cache.stamp = st.st_mtim
            }
            return cache.names.contains(file)
        }
    }
}
