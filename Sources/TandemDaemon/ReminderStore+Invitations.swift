public import Foundation
import GRDB
import TandemCalendar
public import TandemCore

/// What importing the schedule's invitations changed.
public struct InvitationImportSummary: Hashable, Sendable, CustomStringConvertible {
    /// New versions queued for sending (one per attendee).
    public var added = 0
    /// Pending invitations of a version the schedule no longer has: superseded before they went out, never sent.
    public var superseded = 0
    /// Keys the store already holds (sent ones stay history; a re-plan that changes nothing adds nothing).
    public var unchanged = 0
    /// Documents rendered through libical for this import (only those with a new message).
    public var rendered = 0

    public init() {}

    public var description: String { "\(added) added, \(superseded) superseded, \(unchanged) unchanged" }
}

/// How invitations are paced and held back (programme.yaml's `delivery.rate` and `reminders.quiet_hours`).
public struct InvitationPacing: Sendable {
    /// Messages per minute at most.
    public var rate: Int
    public var quietHours: QuietHours?

    /// Each leader's zone, for quiet hours when invitations are re-spaced (`respaceOverdueInvitations`);
    /// a recipient not listed keeps `defaultZone`.
    public var zones: [String: TimeZone]
    public var defaultZone: TimeZone

    public init(rate: Int, quietHours: QuietHours?, zones: [String: TimeZone] = [:],
                defaultZone: TimeZone = TimeZone(identifier: "Europe/London")!) {
        self.rate = max(1, rate)
        self.quietHours = quietHours
        self.zones = zones
        self.defaultZone = defaultZone
    }

    public init(programme: Programme) {
        self.init(rate: programme.deliveryRate,
                  quietHours: programme.reminders.quietHours.map { QuietHours(start: $0.start, end: $0.end) },
                  zones: Dictionary(programme.leaders.map { ($0.id, $0.timeZone) }, uniquingKeysWith: { a, _ in a }),
                  defaultZone: programme.timeZone)
    }
}

extension InvitationPart {
    init?(row: Row) {
        guard let calendar = row["calendar"] as String?, let uid = row["ics_uid"] as String? else { return nil }
        let kind: String = row["kind"]
        self.init(method: kind == InvitationPart.cancelKind ? .cancel : .request, uid: uid,
                  recurrenceID: (row["recurrence_id"] as Int64?).map(StoreTime.date), sequence: row["ics_sequence"] ?? 0,
                  calendar: calendar, usefulUntil: StoreTime.date(row["useful_until"] ?? Int64.max / 2))
    }
}

extension SQLiteReminderStore {
    /// Brings the store's invitations in line with the schedule's, in one transaction.
    ///
    /// Each message's key is (UID, RECURRENCE-ID, SEQUENCE, recipient, method), so a re-plan that changes
    /// nothing finds every key already there and adds nothing, and a changed event (SEQUENCE + 1) adds
    /// exactly its new messages. A pending invitation whose version is gone is cancelled, never sent; sent
    /// ones stay as history. Only documents with a new message are rendered (once for all their attendees).
    ///
    /// New messages get paced due times: each takes its own slot of `60 / rate` seconds, counting the
    /// invitations already pending, in flight or sent within the last minute, so that no minute carries
    /// more than `rate`. Cancellations go first, then the soonest meetings. A slot inside the recipient's quiet hours moves to their end (to the
    /// next free slot there); a cancellation of a meeting within 24 h is not held back.
    @discardableResult
    public func importInvitations(_ documents: [InvitationDocument], now: Date, pacing: InvitationPacing) throws(TandemError) -> InvitationImportSummary {
        let nowMS = StoreTime.ms(now)
        do {
            return try pool.write { db in
                var summary = InvitationImportSummary()
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS planned_invitation (key TEXT PRIMARY KEY) WITHOUT ROWID")
                try db.execute(sql: "DELETE FROM planned_invitation")
                let remember = try db.cachedStatement(sql: "INSERT OR IGNORE INTO planned_invitation(key) VALUES (?)")
                let find = try db.cachedStatement(sql: "SELECT id, state FROM reminder WHERE key = ?")
                let revive = try db.cachedStatement(sql: """
                    UPDATE reminder SET state = 'pending', due_at = ?, next_attempt_at = ?, attempts = 0, last_error = NULL,
                        claimed_at = NULL, updated_at = ? WHERE id = ?
                    """)
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO reminder (key, kind, meeting, recipient, recipient_name, recipient_email, offset_seconds,
                                          due_at, meeting_start, state, next_attempt_at, updated_at, subject, body,
                                          ics_uid, recurrence_id, ics_sequence, calendar, useful_until)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                var slots = PacingSlots(rate: pacing.rate, now: now)
                // Slots already used: pending and in-flight invitations, and those sent in the last minute (one
                // just sent at `now` holds the slot a new one would otherwise take at once: rate + 1 in that minute).
                for ms in try Int64.fetchAll(db, sql: """
                    SELECT next_attempt_at FROM reminder WHERE kind IN \(InvitationPart.sqlKinds)
                    AND (state IN ('pending', 'claimed') OR (state = 'sent' AND next_attempt_at > ?))
                    """, arguments: [nowMS - 60_000]) {
                    slots.take(StoreTime.date(ms))
                }
                // Sending order: cancellations first, then by the first meeting.
                let ordered = documents.enumerated().sorted { a, b in
                    let ka = (a.element.calendar.method == .cancel ? 0 : 1, a.element.messages.first?.firstStart ?? .distantFuture, a.offset)
                    let kb = (b.element.calendar.method == .cancel ? 0 : 1, b.element.messages.first?.firstStart ?? .distantFuture, b.offset)
                    return ka < kb
                }
                for (_, document) in ordered {
                    var calendar: String?
                    for m in document.messages {
                        try remember.execute(arguments: [m.key])
                        let row = try Row.fetchOne(find, arguments: [m.key])
                        if let row, (row["state"] as String) != ReminderState.cancelled.rawValue {
                            summary.unchanged += 1
                            continue
                        }
                        let dueMS = StoreTime.ms(slots.next(for: m, pacing: pacing))
                        if let row {
                            try revive.execute(arguments: [dueMS, dueMS, nowMS, row["id"] as Int64])
                            summary.added += 1
                            continue
                        }
                        if calendar == nil {
                            calendar = ICalendarWriter.render(document.calendar, stamp: now)
                            summary.rendered += 1
                        }
                        try insert.execute(arguments: [
                            m.key, m.method == .request ? InvitationPart.requestKind : InvitationPart.cancelKind, m.document,
                            m.recipient, MailMessage.oneLine(m.recipientName), m.recipientEmail, dueMS, StoreTime.ms(m.firstStart),
                            dueMS, nowMS, m.subject, m.body, m.uid, m.recurrenceID.map(StoreTime.ms), m.sequence, calendar,
                            StoreTime.ms(m.lastEnd)])
                        summary.added += 1
                    }
                }
                try db.execute(sql: """
                    UPDATE reminder SET state = 'cancelled', updated_at = ?, last_error = 'superseded by a newer version before it was sent'
                    WHERE state = 'pending' AND kind IN \(InvitationPart.sqlKinds) AND key NOT IN (SELECT key FROM planned_invitation)
                    """, arguments: [nowMS])
                summary.superseded = db.changesCount
                try db.execute(sql: "DELETE FROM planned_invitation")
                return summary
            }
        } catch {
            throw failure(error)
        }
    }

    /// Gives the pending invitations whose slot has passed (the daemon was down, or stopped for a
    /// while) new slots from `now` at the rate, in their old order, so that a restart after an hour
    /// away does not send an hour's worth at once. Quiet hours hold as on import; returns how many moved.
    @discardableResult
    public func respaceOverdueInvitations(now: Date, pacing: InvitationPacing) throws(TandemError) -> Int {
        let nowMS = StoreTime.ms(now)
        do {
            return try pool.write { db in
                let overdue = try Row.fetchAll(db, sql: """
                    SELECT id, kind, recipient, meeting_start FROM reminder
                    WHERE state = 'pending' AND kind IN \(InvitationPart.sqlKinds) AND next_attempt_at < ?
                    ORDER BY next_attempt_at, id
                    """, arguments: [nowMS])
                // A single overdue message goes at once either way.
                guard overdue.count > 1 else { return 0 }
                var slots = PacingSlots(rate: pacing.rate, now: now)
                for ms in try Int64.fetchAll(db, sql: """
                    SELECT next_attempt_at FROM reminder WHERE kind IN \(InvitationPart.sqlKinds)
                    AND ((state = 'pending' AND next_attempt_at >= ?) OR state = 'claimed' OR (state = 'sent' AND next_attempt_at > ?))
                    """, arguments: [nowMS, nowMS - 60_000]) {
                    slots.take(StoreTime.date(ms))
                }
                let move = try db.cachedStatement(sql: "UPDATE reminder SET due_at = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?")
                var moved = 0
                for row in overdue {
                    let recipient: String = row["recipient"]
                    let due = slots.next(cancel: (row["kind"] as String) == InvitationPart.cancelKind,
                                         firstStart: StoreTime.date(row["meeting_start"] ?? Int64.max / 2),
                                         zone: pacing.zones[recipient] ?? pacing.defaultZone, pacing: pacing)
                    let dueMS = StoreTime.ms(due)
                    try move.execute(arguments: [dueMS, dueMS, nowMS, row["id"] as Int64])
                    moved += 1
                }
                return moved
            }
        } catch {
            throw failure(error)
        }
    }

    /// Invitation counts by kind (`invitation`, `cancellation`) and state.
    public func invitationCounts() throws(TandemError) -> [String: [ReminderState: Int]] {
        do {
            return try pool.read { db in try SQLiteReminderStore.invitationCounts(db) }
        } catch { throw failure(error) }
    }

    static func invitationCounts(_ db: Database) throws -> [String: [ReminderState: Int]] {
        var out: [String: [ReminderState: Int]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT kind, state, COUNT(*) AS n FROM reminder WHERE kind IN \(InvitationPart.sqlKinds) GROUP BY kind, state
            """) {
            if let s = ReminderState(rawValue: row["state"]) { out[row["kind"], default: [:]][s] = row["n"] }
        }
        return out
    }
}

/// Hands out send times one slot of `60 / rate` seconds apart, each slot to one message.
///
/// A slot is taken at most once, so a minute never carries more than `rate` messages, even where quiet
/// hours push many recipients in one zone to the same morning.
struct PacingSlots {
    let interval: Double
    private var taken: Set<Int64> = []
    private var cursor: Int64

    init(rate: Int, now: Date) {
        interval = 60 / Double(max(1, rate))
        cursor = Int64((now.timeIntervalSince1970 / interval).rounded(.up))
    }

    private func slot(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / interval).rounded(.up)) }
    private func date(_ slot: Int64) -> Date { Date(timeIntervalSince1970: Double(slot) * interval) }

    mutating func take(_ date: Date) { taken.insert(slot(date)) }

    /// The next free slot for `message`, moved out of the recipient's quiet hours unless it is an urgent cancellation.
    mutating func next(for message: PlannedInvitation, pacing: InvitationPacing) -> Date {
        next(cancel: message.method == .cancel, firstStart: message.firstStart, zone: message.recipientZone, pacing: pacing)
    }

    /// The same from a stored row's facts: a cancellation or not, its first meeting, the recipient's zone.
    mutating func next(cancel: Bool, firstStart: Date, zone: TimeZone, pacing: InvitationPacing) -> Date {
        var s = cursor
        while taken.contains(s) { s += 1 }
        let urgent = cancel && firstStart.timeIntervalSince(date(s)) < 24 * 3_600
        if !urgent, let quiet = pacing.quietHours {
            let candidate = date(s)
            let moved = quiet.adjust(candidate, in: zone, deadline: firstStart)
            // Moved earlier means the meeting itself comes before the quiet hours end: send now rather than never.
            if moved > candidate {
                var q = slot(moved)
                while taken.contains(q) { q += 1 }
                taken.insert(q)
                return date(q)
            }
        }
        taken.insert(s)
        cursor = s + 1
        return date(s)
    }
}

extension StoreStatus {
    /// "Invitations by state:" with the reminders' states, each split into invitations and cancellations.
    var invitationText: String {
        var out = "Invitations by state (iMIP requests and cancellations):\n"
        for state in ReminderState.allCases {
            let requests = invitations[InvitationPart.requestKind]?[state] ?? 0
            let cancels = invitations[InvitationPart.cancelKind]?[state] ?? 0
            // pending, sent and failed are always shown; the other states only when they occur.
            guard [.pending, .sent, .failed].contains(state) || requests + cancels > 0 else { continue }
            let label = state == .cancelled ? "superseded" : state.rawValue
            out += "  \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(requests + cancels)"
                + " (\(requests) invitations, \(cancels) cancellations)\n"
        }
        return out
    }
}
