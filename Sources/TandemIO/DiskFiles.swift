public import Foundation
public import TandemCore

/// The user's files on disk: the one file reader behind programme.yaml, the roster, calendars,
/// `tandem busy` and schedule.json.
public struct DiskFiles: FileSource {
    public let currentDirectory: String
    public let homeDirectory: String

    /// Relative paths resolve against the process's working folder, `~/` against the user's home.
    public init() {
        currentDirectory = FileManager.default.currentDirectoryPath
        homeDirectory = NSString(string: "~").expandingTildeInPath
    }

    public func kind(of path: String) -> FileKind? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isFolder) else { return nil }
        return isFolder.boolValue ? .folder : .file
    }

    public func contents(of path: String, limit: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: absolute(path)) else { return nil }
        defer { try? handle.close() }
        var data = Data()
        // Chunks, so a device such as /dev/zero is cut off at the limit too.
        while data.count <= limit {
            let want = min(1 << 20, limit + 1 - data.count)
            let chunk: Data?
            do { chunk = try handle.read(upToCount: want) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }   // nil or empty: the end of the file
            data.append(chunk)
        }
        return data
    }

    public func names(in folder: String) -> [String]? {
        guard kind(of: folder) == .folder else { return nil }
        return (try? FileManager.default.contentsOfDirectory(atPath: absolute(folder)))?.sorted()
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") || path.isEmpty ? path : currentDirectory + "/" + path
    }
}
