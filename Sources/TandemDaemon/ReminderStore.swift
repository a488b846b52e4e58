import Foundation
import GRDB
import TandemCalendar
public import TandemCore

/// The durable reminder store: one SQLite file through a GRDB `DatabasePool` (WAL).
///
/// Every state change is one transaction, so a `kill -9` at any moment leaves either the old
/// state or the new one. Only one daemon uses a store at a time (see ``StoreLock``).
public final class SQLiteReminderStore: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    ///
    /// A file that is not a Tandem store (text, a corrupt file, another application's SQLite database)
    /// is reported as `.badInput` and left untouched.
    public init(path: String) throws(TandemError) {
        self.path = path
        try DatabaseFileCheck.check(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: folder.path, reason: "cannot create the database folder: \(error.localizedDescription)")
        }
        var config = Configuration()
        config.label = "tandem-reminders"
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw .badInput([InputProblem(file: path, message: "cannot be opened as a Tandem reminder database: \(error).",
                                          fix: DatabaseFileCheck.fix)])
        }
        do {
            let tables = try pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            if !tables.isEmpty && !tables.contains("grdb_migrations") {
                throw TandemError.badInput([InputProblem(
                    file: path, message: "is an SQLite database of another application (tables: \(tables.prefix(5).joined(separator: ", "))).",
                    fix: DatabaseFileCheck.fix)])
            }
            try SQLiteReminderStore.migrator.migrate(pool)
        } catch let error as TandemError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL].contains(error.resultCode.primaryResultCode) {
            throw StoreError.map(error, path: path)
        } catch {
            throw .badInput([InputProblem(file: path, message: "is not a usable Tandem reminder database: \(error).",
                                          fix: DatabaseFileCheck.fix)])
        }
    }

    /// Versioned schema: never edit a registered migration, add the next one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-reminders") { db in
            try db.execute(sql: """
                PRAGMA application_id = \(DatabaseFileCheck.applicationID);
                CREATE TABLE reminder (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    meeting TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    recipient_name TEXT NOT NULL,
                    recipient_email TEXT NOT NULL,
                    offset_seconds INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    meeting_start INTEGER,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'claimed', 'sent', 'failed', 'missed', 'cancelled')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    next_attempt_at INTEGER NOT NULL,
                    claimed_at INTEGER,
                    sent_at INTEGER,
                    updated_at INTEGER NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX reminder_pending ON reminder(next_attempt_at) WHERE state = 'pending';
                CREATE INDEX reminder_state ON reminder(state);
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
        m.registerMigration("v2-due-index") { db in
            // One index serves the claim (state = 'pending' AND next_attempt_at <= now, in due order), the next
            // wake-up (MIN(next_attempt_at)) and the status counts; with v1's two, SQLite chose the state index
            // and scanned every pending row on each wake-up.
            try db.execute(sql: """
                DROP INDEX reminder_pending;
                DROP INDEX reminder_state;
                CREATE INDEX reminder_due ON reminder(state, next_attempt_at);
                """)
        }
        registerResponses(&m)
        m.registerMigration("invitations-v1") { db in
            // iMIP invitations share the reminder table (see InvitationPart): these columns are NULL for reminders.
            try db.execute(sql: """
                ALTER TABLE reminder ADD COLUMN ics_uid TEXT;
                ALTER TABLE reminder ADD COLUMN recurrence_id INTEGER;
                ALTER TABLE reminder ADD COLUMN ics_sequence INTEGER;
                ALTER TABLE reminder ADD COLUMN calendar TEXT;
                ALTER TABLE reminder ADD COLUMN useful_until INTEGER;
                """)
        }
        return m
    }

    /// A store operation failed at run time: mapped to an exit code by ``StoreError``.
    func failure(_ error: any Error) -> TandemError {
        StoreError.map(error, path: path)
    }

    // MARK: Meta

    /// A value remembered in the store (such as the fingerprint of the last imported schedule).
    public func meta(_ name: String) throws(TandemError) -> String? {
        do { return try pool.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE name = ?", arguments: [name]) } }
        catch { throw failure(error) }
    }

    /// Remembers `value` under `name`.
    public func setMeta(_ name: String, _ value: String) throws(TandemError) {
        do {
            try pool.write {
                try $0.execute(sql: "INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                               arguments: [name, value])
            }
        } catch { throw failure(error) }
    }
}

extension StoredReminder {
    init(row: Row) {
        self.init(
            id: row["id"], key: row["key"], kind: PlannedReminder.Kind(rawValue: row["kind"]) ?? .before,
            meeting: row["meeting"], recipient: row["recipient"], recipientName: row["recipient_name"],
            recipientEmail: row["recipient_email"], offset: row["offset_seconds"], due: StoreTime.date(row["due_at"]),
            meetingStart: (row["meeting_start"] as Int64?).map(StoreTime.date),
            state: ReminderState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"], lastError: row["last_error"],
            nextAttempt: StoreTime.date(row["next_attempt_at"]), subject: row["subject"], body: row["body"],
            invitation: InvitationPart(row: row))
    }
}
