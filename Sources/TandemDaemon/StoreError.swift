import GRDB
import TandemCalendar
public import TandemCore

/// The one place where reminder-store failures become ``TandemError`` (and so exit codes).
///
/// | SQLite result | error | exit |
/// | --- | --- | --- |
/// | `SQLITE_BUSY`, `SQLITE_LOCKED` (another process holds the database) | `.temporary` | 75 |
/// | `SQLITE_FULL` (disk or quota full: may work once space is freed) | `.temporary` | 75 |
/// | `SQLITE_CORRUPT`, `SQLITE_NOTADB` (the file is damaged or not SQLite) | `.badInput` naming the file | 65 |
/// | `SQLITE_READONLY`, `SQLITE_CANTOPEN`, `SQLITE_PERM`, `SQLITE_IOERR` and anything else | `.cannotWrite` | 73 |
public enum StoreError {
    /// Maps `error` from the store at `path`; a ``TandemError`` passes through unchanged.
    public static func map(_ error: any Error, path: String) -> TandemError {
        if let error = error as? TandemError { return error }
        guard let db = error as? DatabaseError else {
            return .cannotWrite(path: path, reason: "reminder database error: \(error)")
        }
        let detail = db.message ?? "\(db.resultCode)"
        switch db.resultCode.primaryResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .temporary(path: path, reason: "the reminder database is busy or locked by another process (\(detail)).")
        case .SQLITE_FULL:
            return .temporary(path: path, reason: "the disk holding the reminder database is full (\(detail)). Free some space.")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .badInput([InputProblem(file: path, message: "is damaged or not an SQLite database (\(detail)).",
                                           fix: "Stop the daemon, then restore the file from a backup, or save what it still holds with "
                                               + "`sqlite3 \(path) .recover | sqlite3 recovered.sqlite` and start the daemon on that (--db).")])
        default:
            return .cannotWrite(path: path, reason: "reminder database error: \(detail)")
        }
    }
}
