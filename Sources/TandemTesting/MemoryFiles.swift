public import Foundation
public import TandemCore

/// Files held in memory, so that loading a programme can be tested without a disk.
///
/// Folders exist implicitly: a path is a folder when some file lies below it.
public struct MemoryFiles: FileSource {
    /// Every file's bytes by absolute, normalised path.
    public var files: [String: Data]
    /// Paths that exist but cannot be read (as a file without read permission).
    public var unreadable: Set<String> = []
    public var currentDirectory: String
    public var homeDirectory: String

    public init(_ texts: [String: String] = [:], currentDirectory: String = "/work", homeDirectory: String = "/home/user") {
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory
        files = [:]
        for (path, text) in texts { self[path] = Data(text.utf8) }
    }

    /// The bytes at `path` (absolute, or relative to ``currentDirectory``).
    public subscript(path: String) -> Data? {
        get { files[absolute(path)] }
        set { files[absolute(path)] = newValue }
    }

    public func kind(of path: String) -> FileKind? {
        let p = absolute(path)
        if files[p] != nil || unreadable.contains(p) { return .file }
        let prefix = p == "/" ? "/" : p + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } ? .folder : nil
    }

    public func contents(of path: String, limit: Int) -> Data? {
        let p = absolute(path)
        return unreadable.contains(p) ? nil : files[p].map { Data($0.prefix(limit + 1)) }
    }

    public func names(in folder: String) -> [String]? {
        guard kind(of: folder) == .folder else { return nil }
        let p = absolute(folder)
        let prefix = p == "/" ? "/" : p + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }
            .map { String($0.dropFirst(prefix.count).prefix { $0 != "/" }) }
        return Set(names).sorted()
    }

    /// `path` made absolute and lexically normalised (no `.`, `..` or empty components).
    public func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : currentDirectory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
