public import Foundation
public import TandemCalendar

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
    /// The bytes of the file at `path`, but never more than `limit + 1` of them: a file longer than
    /// `limit` (or a device that never ends) is read no further, so the caller can refuse it without
    /// holding it in memory. Nil when it is not there or cannot be read.
    func contents(of path: String, limit: Int) -> Data?
    /// The names directly inside the folder at `path`, sorted; nil when it is not a readable folder.
    func names(in folder: String) -> [String]?
}

/// What a path names.
public enum FileKind: Sendable, Hashable {
    case file, folder
}

extension FileSource {
    /// The whole file at `path`; only for files Tandem wrote itself or bounded elsewhere.
    public func contents(of path: String) -> Data? { contents(of: path, limit: Int.max - 1) }

    /// The file at `path` read as text, at most `limit` bytes of it, or what stood in the way;
    /// callers word the outcome for their reader.
    public func text(at path: String, limit: Int) -> TextRead {
        guard let kind = kind(of: path) else { return .missing }
        guard kind == .file else { return .folder }
        guard let data = contents(of: path, limit: limit) else { return .unreadable }
        guard data.count <= limit else { return .tooLarge }
        return .decoded(TextDecoding.decode(data))
    }
}

/// What reading a user file as text gave (``FileSource/text(at:limit:)``).
public enum TextRead: Sendable, Equatable {
    /// Nothing is at the path.
    case missing
    /// A folder is at the path.
    case folder
    /// The file is there but cannot be read.
    case unreadable
    /// The file is larger than the limit; it was not read beyond it.
    case tooLarge
    /// The bytes, decoded (or why they are not text).
    case decoded(TextDecoding.Outcome)
}

/// The most bytes Tandem reads of each kind of user file; a larger one is refused unread.
public enum ReadLimit {
    /// programme.yaml.
    public static let programme = 4 * 1_048_576
    /// schedule.json: about 40 MiB for 4,000 leaders with a year of sessions each.
    public static let schedule = 512 * 1_048_576
    /// Words a refusal: "is larger than 20 MiB, the most Tandem reads of a calendar."
    public static func tooLarge(_ limit: Int, of what: String? = nil) -> String {
        "is larger than \(limit / 1_048_576) MiB, the most Tandem reads" + (what.map { " of \($0)." } ?? ".")
    }
}
