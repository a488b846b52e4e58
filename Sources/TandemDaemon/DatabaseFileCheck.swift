import Foundation
import TandemCalendar
import TandemCore

/// Looks at a database file's header before SQLite opens it, so that a file that is not ours is never touched.
enum DatabaseFileCheck {
    /// `PRAGMA application_id` of a Tandem reminder store: "TNDM".
    static let applicationID: Int32 = 0x544E_444D

    static let fix = "Move the file away or pass another --db path; Tandem never overwrites a database it did not create."

    /// Throws `.badInput` when `path` holds something other than an empty file, a new SQLite file or a Tandem store.
    static func check(_ path: String) throws(TandemError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .missingInput([InputProblem(file: path, message: "cannot be read.", fix: "Check its permissions.")])
            }
            return
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        if header.isEmpty { return }
        let magic = Data("SQLite format 3\u{0}".utf8)
        guard header.count == 100, header.prefix(16) == magic else {
            throw .badInput([InputProblem(file: path, message: "is not an SQLite database (the file is corrupt or something else).",
                                          fix: fix)])
        }
        func int32(_ at: Int) -> UInt32 {
            header[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let appID = Int32(bitPattern: int32(68))
        let pages = int32(28)
        if appID == applicationID { return }
        // A brand-new SQLite file (one empty page, or a header only) may still become ours.
        if appID == 0 && pages <= 1 { return }
        throw .badInput([InputProblem(
            file: path,
            message: appID == 0
                ? "is an SQLite database of another application (it has no Tandem reminder tables)."
                : String(format: "is an SQLite database of another application (application_id 0x%08X).", UInt32(bitPattern: appID)),
            fix: fix)])
    }
}
