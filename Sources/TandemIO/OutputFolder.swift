public import Foundation
public import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole output folder so that readers see the old folder or the new one, never a mix.
///
/// Files go into a hidden sibling folder first; only when every byte is written is it swapped in
/// with renames. A folder that exists and does not look like Tandem output is never replaced.
public enum OutputFolder {
    /// The marker that says a folder holds Tandem output and may be replaced.
    public static let marker = ScheduleFile.name

    public static func write(_ files: [String: Data], to path: String) throws(OutputFolderError) {
        try write(files, to: path, what: "Tandem output") { folder in
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(marker))
        }
    }

    /// Writes `files` into `path`, replacing the folder only if it is new, empty, or `isOurs` says
    /// the folder at the given path holds output of this kind (`what` names that kind in the refusal).
    public static func write(_ files: [String: Data], to path: String, what: String,
                             isOurs: (String) -> Bool) throws(OutputFolderError) {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .notAFolder(path: path) }
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            if !contents.isEmpty && !isOurs(target.path) { throw .notOurs(path: path, what: what) }
        }
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).tandem-new-\(token)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).tandem-old-\(token)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders = Set<String>()
            for name in files.keys.sorted() {
                let url = staging.appendingPathComponent(name)
                let folder = url.deletingLastPathComponent().path
                if folders.insert(folder).inserted {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
                try writePlain(files[name]!, to: url.path)
            }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: retired)
            }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: retired)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: target.path), fm.fileExists(atPath: retired.path) {
                try? fm.moveItem(at: retired, to: target)
            }
            throw .failed(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// Writes a file into the staging folder. No fsync per file: the folder is only swapped in
    /// once complete, and a crash before that leaves the old folder in place.
    static func writePlain(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // errno's own words ("No space left on device", "File name too long"), with the path.
        func failure() -> any Error {
            NSError(domain: NSPOSIXErrorDomain, code: Int(errno),
                    userInfo: [NSLocalizedDescriptionKey: "\(String(cString: strerror(errno))): \(path)"])
        }
        guard fd >= 0 else { throw failure() }
        defer { close(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                guard n > 0 else { throw failure() }
                offset += n
            }
        }
    }
}

/// Why an output folder was not written. Nothing was changed in any case.
///
/// The cases say what is wrong; the command line adds how to pick another folder with its own flag.
public enum OutputFolderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Something that is not a folder is at the path.
    case notAFolder(path: String)
    /// The folder holds files that are not `what` (Tandem output, a generated programme), so it is not replaced.
    case notOurs(path: String, what: String)
    /// Writing failed part way; the old folder, if any, is back in place.
    case failed(path: String, reason: String)

    public var path: String {
        switch self {
        case .notAFolder(let path), .notOurs(let path, _), .failed(let path, _): return path
        }
    }

    /// What is wrong, without advice.
    public var reason: String {
        switch self {
        case .notAFolder: return "it is a file, not a folder."
        case .notOurs(_, let what): return "the folder is not empty and is not \(what)."
        case .failed(_, let reason): return reason
        }
    }

    /// The error for the command line (exit 73); `advice` (e.g. "Choose another output folder.") follows the reason.
    public func tandemError(advice: String?) -> TandemError {
        .cannotWrite(path: path, reason: [reason, advice].compactMap { $0 }.joined(separator: " "))
    }

    public var description: String { tandemError(advice: nil).description }
}
