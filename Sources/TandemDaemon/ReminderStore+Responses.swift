public import Foundation
import GRDB
import TandemCalendar
public import TandemCore

/// One attendee's answer to one occurrence, as the daemon read it from an iMIP REPLY, with what
/// decides which of two answers is newer (SEQUENCE, then DTSTAMP).
public struct RecordedReply: Hashable, Sendable {
    public var response: InvitationResponse
    /// The VEVENT UID the reply named.
    public var icsUID: String
    /// The address the reply came from (the ATTENDEE's mailto:).
    public var email: String
    public var sequence: Int
    public var stamp: Date
    /// The mail file (maildir unique name) it came from.
    public var source: String

    public init(response: InvitationResponse, icsUID: String, email: String, sequence: Int, stamp: Date, source: String) {
        self.response = response
        self.icsUID = icsUID
        self.email = email
        self.sequence = sequence
        self.stamp = stamp
        self.source = source
    }
}

/// A message of the replies maildir the daemon has looked at, and what it made of it. The mail
/// itself is never moved, changed or deleted; this list is how it is not read twice.
public struct ProcessedMail: Hashable, Sendable {
    /// The maildir unique name: the file name up to its `:2,` flags, which mail clients change.
    public var name: String
    public var messageID: String?
    /// `recorded`, `not-calendar`, `not-reply`, `malformed`, `stranger`, `unknown-uid`, `stale`, `too-large`, `duplicate`.
    public var outcome: String

    public init(name: String, messageID: String?, outcome: String) {
        self.name = name
        self.messageID = messageID
        self.outcome = outcome
    }
}

/// The unique names and Message-IDs of the mail already processed.
public struct ProcessedMailIndex: Sendable {
    public var names: Set<String> = []
    public var messageIDs: Set<String> = []

    public init() {}
}

extension SQLiteReminderStore {
    /// The `responses-v1` migration: attendees' answers per occurrence and the processed mail list.
    static func registerResponses(_ m: inout DatabaseMigrator) {
        m.registerMigration("responses-v1") { db in
            try db.execute(sql: """
                CREATE TABLE reply_response (
                    meeting TEXT NOT NULL,
                    leader TEXT NOT NULL,
                    start_at INTEGER NOT NULL,
                    end_at INTEGER NOT NULL,
                    ics_uid TEXT NOT NULL,
                    email TEXT NOT NULL,
                    partstat TEXT NOT NULL CHECK (partstat IN ('ACCEPTED', 'DECLINED', 'TENTATIVE')),
                    comment TEXT,
                    sequence INTEGER NOT NULL,
                    stamp INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    PRIMARY KEY (meeting, leader, start_at)
                );
                CREATE TABLE reply_mail (
                    name TEXT PRIMARY KEY,
                    message_id TEXT,
                    outcome TEXT NOT NULL,
                    processed_at INTEGER NOT NULL
                );
                CREATE INDEX reply_mail_message_id ON reply_mail(message_id) WHERE message_id IS NOT NULL;
                """)
        }
    }

    /// The mail of the replies maildir already processed.
    public func processedMail() throws(TandemError) -> ProcessedMailIndex {
        do {
            return try pool.read { db in
                var index = ProcessedMailIndex()
                for row in try Row.fetchAll(db, sql: "SELECT name, message_id FROM reply_mail") {
                    index.names.insert(row["name"])
                    if let id: String = row["message_id"] { index.messageIDs.insert(id) }
                }
                return index
            }
        } catch { throw failure(error) }
    }

    /// Records answers and the mail they came from in one transaction: an answer replaces the one
    /// held for the same occurrence, leader and time only when its SEQUENCE is higher, or equal with
    /// a DTSTAMP no earlier. Returns how many answers were stored or replaced.
    @discardableResult
    public func recordReplies(_ replies: [RecordedReply], mail: [ProcessedMail], now: Date) throws(TandemError) -> Int {
        let nowMS = StoreTime.ms(now)
        do {
            return try pool.write { db in
                var changed = 0
                let upsert = try db.cachedStatement(sql: """
                    INSERT INTO reply_response (meeting, leader, start_at, end_at, ics_uid, email, partstat, comment,
                                                sequence, stamp, source, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(meeting, leader, start_at) DO UPDATE SET
                        end_at = excluded.end_at, ics_uid = excluded.ics_uid, email = excluded.email,
                        partstat = excluded.partstat, comment = excluded.comment, sequence = excluded.sequence,
                        stamp = excluded.stamp, source = excluded.source, recorded_at = excluded.recorded_at
                    WHERE excluded.sequence > reply_response.sequence
                       OR (excluded.sequence = reply_response.sequence AND excluded.stamp >= reply_response.stamp)
                    """)
                for r in replies {
                    try upsert.execute(arguments: [
                        r.response.meeting, r.response.leader, StoreTime.ms(r.response.start), StoreTime.ms(r.response.end),
                        r.icsUID, r.email, r.response.answer.rawValue, r.response.comment, r.sequence, StoreTime.ms(r.stamp),
                        r.source, nowMS,
                    ])
                    changed += db.changesCount
                }
                let remember = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO reply_mail (name, message_id, outcome, processed_at) VALUES (?, ?, ?, ?)
                    """)
                for m in mail { try remember.execute(arguments: [m.name, m.messageID, m.outcome, nowMS]) }
                return changed
            }
        } catch { throw failure(error) }
    }

    /// Every recorded answer, by meeting start, meeting and leader.
    public func responses() throws(TandemError) -> [InvitationResponse] {
        do { return try pool.read(Self.fetchResponses) } catch { throw failure(error) }
    }

    /// How many processed messages had each outcome.
    public func processedMailCounts() throws(TandemError) -> [String: Int] {
        do {
            return try pool.read { db in
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS n FROM reply_mail GROUP BY outcome") {
                    out[row["outcome"]] = row["n"]
                }
                return out
            }
        } catch { throw failure(error) }
    }

    /// The answers in the store at `path`, read without writing anything (for `tandem schedule`,
    /// which may run beside the daemon): none when there is no file or no `responses-v1` table yet.
    public static func readResponses(path: String) throws(TandemError) -> [InvitationResponse] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        try DatabaseFileCheck.check(path)
        var config = Configuration()
        config.readonly = true
        config.label = "tandem-responses"
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            return try queue.read { db in
                guard try db.tableExists("reply_response") else { return [] }
                return try fetchResponses(db)
            }
        } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) {
            throw StoreError.map(error, path: path)
        } catch {
            throw .badInput([InputProblem(file: path, message: "cannot be read as a Tandem reminder database: \(error).",
                                          fix: DatabaseFileCheck.fix)])
        }
    }

    private static func fetchResponses(_ db: Database) throws -> [InvitationResponse] {
        try Row.fetchAll(db, sql: "SELECT * FROM reply_response ORDER BY start_at, meeting, leader").compactMap { row in
            guard let answer = InvitationResponse.Answer(rawValue: row["partstat"]) else { return nil }
            return InvitationResponse(meeting: row["meeting"], leader: row["leader"], start: StoreTime.date(row["start_at"]),
                                      end: StoreTime.date(row["end_at"]), answer: answer, comment: row["comment"])
        }
    }
}
