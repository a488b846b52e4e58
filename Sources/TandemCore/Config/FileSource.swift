import Foundation

/// Where the core reads the user's files from.
///
/// The core never touches the disk itself: the edge passes a source in (TandemIO's `DiskFiles`),
/// and tests pass files held in memory. Paths are absolute or relative to ``currentDirectory``.
public protocol FileSource: Sendable {
    /// The folder relative paths are resolved against.
    var currentDirectory: String { get }
    /// The folder `~/` stands for in paths inside programme.yaml.
    var homeDirectory: String { get }
    /// What is at `path`: a file, a folder, or nil when nothing is there.
    func kind(of path: String) -> FileKind?
    /// The bytes of the file at `path`; nil when it is not there or cannot be read.
    func contents(of path: String) -> Data?
    /// The names directly inside the folder at `path`, sorted; nil when it is not a readable folder.
    func names(in folder: String) -> [String]?
}

/// What a path names.
public enum FileKind: Sendable, Hashable {
    case file, folder
}

/// Why a file's text could not be read.
public enum FileReadError: Error, Sendable, Hashable {
    case missing, folder, unreadable, notUTF8
}

extension FileSource {
    /// The UTF-8 text of the file at `path`, or why it cannot be had. This is the one way the core reads a file.
    public func text(of path: String) throws(FileReadError) -> String {
        switch kind(of: path) {
        case nil: throw .missing
        case .folder: throw .folder
        case .file: break
        }
        guard let data = contents(of: path) else { throw .unreadable }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        return text
    }

    /// The text of a file the user named directly: a missing or unreadable file is `missingInput` (exit 66),
    /// a non-UTF-8 one `badInput` (65).
    public func userText(of path: String) throws(TandemError) -> String {
        do {
            return try text(of: path)
        } catch {
            switch error {
            case .missing:
                throw .missingInput([InputProblem(file: path, message: "file not found.", fix: "Check the path.")])
            case .folder:
                throw .missingInput([InputProblem(file: path, message: "is a folder, not a file.", fix: "Check the path.")])
            case .unreadable:
                throw .missingInput([InputProblem(file: path, message: "cannot be read.", fix: "Check its permissions.")])
            case .notUTF8:
                throw .badInput([InputProblem(file: path, message: "is not UTF-8 text.", fix: "Export or save it as UTF-8.")])
            }
        }
    }
}
