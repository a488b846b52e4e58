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
