import Foundation
public import Logging
import Synchronization
import TandemCalendar
public import TandemCore
import TandemIO

/// Reads attendees' iMIP REPLYs from the coordinator's maildir (`delivery.replies`, DESIGN §8) into
/// the store, on the daemon's wake-ups.
///
/// The mail is only read: never moved, flagged or deleted. What has been processed is kept in the
/// store by the message's maildir unique name (and its Message-ID), so each message is read once.
/// A folder is listed again only when `new/` or `cur/` (or schedule.json) changed since the last
/// look, so an idle daemon costs two `stat` calls a minute. Log lines name the file and what was
/// wrong, never a comment or a body.
public final class ReplyInbox: Sendable {
    /// The most mail files read in one wake-up; the rest wait for the next.
    public static let batchLimit = 1_000
    /// A larger file is no calendar reply (those are a few KiB); it is skipped unread.
    public static let maxMessageBytes = 4 * 1_048_576

    /// What the inbox needs of the programme: the maildir and who is who.
    struct Context: Sendable {
        var maildir: String
        var programme: String
        var zone: TimeZone
        var leaders: [String: (email: String, zone: TimeZone)]
    }

    private struct State {
        var context: Context?
        var scheduleStamp: String?
        var meetings: [String: [Meeting]]?
        var lastScan: String?
        var processed: ProcessedMailIndex?
        var scheduleFailure: String?
    }

    private let schedulePath: String
    private let store: any ReminderStore
    private let clock: any ReminderClock
    private let logger: Logger
    private let state = Mutex(State())

    public init(schedulePath: String, store: any ReminderStore, clock: any ReminderClock, logger: Logger) {
        self.schedulePath = schedulePath
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    /// Takes the (re)loaded programme: its replies maildir and its leaders' addresses.
    public func use(_ programme: Programme) {
        let context = programme.replies.map { path in
            Context(maildir: path, programme: programme.id, zone: programme.timeZone,
                    leaders: Dictionary(programme.leaders.map { ($0.id, ($0.email.lowercased(), $0.timeZone)) }, uniquingKeysWith: { a, _ in a }))
        }
        state.withLock { s in
            s.context = context
            s.lastScan = nil
            s.scheduleStamp = nil
        }
    }

    /// One look at the maildir: processes every message not seen before. Store failures are logged
    /// and the same messages are tried again at the next wake-up.
    public func check() {
        guard let context = state.withLock({ $0.context }) else { return }
        guard let meetings = currentMeetings(context) else { return }
        let scan = [fileStamp(schedulePath), fileStamp(context.maildir + "/new"), fileStamp(context.maildir + "/cur")].joined(separator: "|")
        if state.withLock({ $0.lastScan }) == scan { return }
        do {
            var processed: ProcessedMailIndex
            if let known = state.withLock({ $0.processed }) { processed = known } else { processed = try store.processedMail() }
            var replies: [RecordedReply] = []
            var mail: [ProcessedMail] = []
            var complete = true
            var seen: Set<String> = []
            outer: for folder in ["new", "cur"] {
                let dir = context.maildir + "/" + folder
                for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where !file.hasPrefix(".") {
                    let name = String(file.split(separator: ":", maxSplits: 1).first ?? Substring(file))
                    guard !processed.names.contains(name), seen.insert(name).inserted else { continue }
                    if mail.count >= Self.batchLimit { complete = false; break outer }
                    let result = process(path: dir + "/" + file, name: name, meetings: meetings, context: context, processed: processed)
                    replies += result.replies
                    mail.append(result.mail)
                    if let id = result.mail.messageID, result.mail.outcome != "duplicate" { processed.messageIDs.insert(id) }
                }
            }
            if !mail.isEmpty { try store.recordReplies(replies, mail: mail, now: clock.now()) }
            for m in mail { processed.names.insert(m.name) }
            let done = processed
            state.withLock { s in
                s.processed = done
                s.lastScan = complete ? scan : nil
            }
        } catch {
            logger.error("replies: store failed; trying again at the next wake-up", metadata: ["error": "\(error)"])
        }
    }

    /// The meetings of schedule.json by VEVENT UID, re-read when the file changes.
    private func currentMeetings(_ context: Context) -> [String: [Meeting]]? {
        let stamp = fileStamp(schedulePath)
        if let cached = state.withLock({ s in s.scheduleStamp == stamp ? s.meetings : nil }) { return cached }
        do {
            let schedule = try ScheduleJSON.read(schedulePath)
            guard schedule.programme == context.programme else {
                throw TandemError.badInput([InputProblem(file: schedulePath, message: "is a schedule of programme \(schedule.programme), not \(context.programme).")])
            }
            let meetings = Dictionary(grouping: schedule.meetings, by: \.icsUID)
            state.withLock { s in
                s.meetings = meetings
                s.scheduleStamp = stamp
                s.scheduleFailure = nil
            }
            return meetings
        } catch {
            let message = "\(error)"
            let first = state.withLock { s in
                defer { s.scheduleFailure = message; s.scheduleStamp = stamp; s.meetings = nil }
                return s.scheduleFailure != message
            }
            if first { logger.error("replies: cannot read schedule.json; replies wait until it can be read", metadata: ["error": "\(message)"]) }
            return nil
        }
    }

    private func fileStamp(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "none" }
        return "\(st.st_size).\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }

    /// Reads one message and works out what it says.
    private func process(path: String, name: String, meetings: [String: [Meeting]], context: Context,
                         processed: ProcessedMailIndex) -> (replies: [RecordedReply], mail: ProcessedMail) {
        func ignored(_ outcome: String, id messageID: String? = nil, level: Logger.Level = .warning, _ why: String) -> ([RecordedReply], ProcessedMail) {
            logger.log(level: level, "replies: ignored \(why)", metadata: ["file": "\(name)", "outcome": "\(outcome)"])
            return ([], ProcessedMail(name: name, messageID: messageID, outcome: outcome))
        }
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            return ignored("not-calendar", level: .debug, "not a regular file")
        }
        guard Int(st.st_size) <= Self.maxMessageBytes,
              let handle = FileHandle(forReadingAtPath: path) else {
            return ignored("too-large", "a message larger than \(Self.maxMessageBytes / 1_048_576) MiB or unreadable")
        }
        let data = (try? handle.read(upToCount: Self.maxMessageBytes + 1)) ?? Data()
        try? handle.close()
        let mail: ReplyMail
        do { mail = try ReplyMail.parse(data) } catch { return ignored("malformed", "a malformed message (\(error.reason))") }
        if let id = mail.messageID, processed.messageIDs.contains(id) {
            return ignored("duplicate", id: id, level: .info, "a copy of a message already processed")
        }
        guard !mail.calendars.isEmpty else { return ignored("not-calendar", id: mail.messageID, level: .debug, "mail without a calendar part") }
        var firstError: ReplyReadError?
        var reply: ITIPReply?
        var otherMethod: String?
        for part in mail.calendars {
            switch ReplyReader.read(part.text) {
            case .success(let r) where (r.method ?? part.method) == "REPLY": reply = r
            case .success(let r): otherMethod = r.method ?? part.method ?? "none"
            case .failure(let e): firstError = firstError ?? e
            }
            if reply != nil { break }
        }
        guard let reply else {
            if let otherMethod { return ignored("not-reply", id: mail.messageID, level: .info, "a calendar message with METHOD \(otherMethod), not REPLY") }
            return ignored("malformed", id: mail.messageID, "a malformed calendar reply (\(firstError?.reason ?? "unreadable"))")
        }
        let matched = Self.match(reply, from: mail.from, meetings: meetings, context: context, source: name, stamp: clock.now())
        for note in matched.notes {
            logger.log(level: note.level, "replies: \(note.text)", metadata: ["file": "\(name)"])
        }
        return (matched.replies, ProcessedMail(name: name, messageID: mail.messageID, outcome: matched.outcome))
    }

    /// A log line about part of a reply (addresses and UIDs, no comments).
    struct Note: Sendable {
        var level: Logger.Level
        var text: String
    }

    /// Matches a REPLY to the schedule's meetings (UID, then RECURRENCE-ID) and each ATTENDEE to
    /// an attendee of those meetings by address. Replies to an older SEQUENCE than the meeting's
    /// are stale (they answer a time that has since changed) and are not recorded.
    ///
    /// An answer counts only when the message's From: (`from`, exactly one address) is the ATTENDEE
    /// it answers for, or the address that ATTENDEE's SENT-BY names (a delegate sending for them,
    /// RFC 5546 §2.1.5, RFC 6047 §3): anyone can write any ATTENDEE line into a calendar part.
    static func match(_ reply: ITIPReply, from: [String], meetings: [String: [Meeting]], context: Context, source: String,
                      stamp now: Date) -> (replies: [RecordedReply], outcome: String, notes: [Note]) {
        let sender = from.count == 1 ? from[0] : nil
        var out: [RecordedReply] = []
        var notes: [Note] = []
        var outcomes: [String] = []
        for event in reply.events {
            guard var targets = meetings[event.uid], !targets.isEmpty else {
                notes.append(Note(level: .warning, text: "ignored a reply to an unknown UID \(event.uid)"))
                outcomes.append("unknown-uid")
                continue
            }
            if let rid = event.recurrenceID {
                targets = targets.filter { m in
                    switch rid {
                    case .instant(let d): return m.start == d
                    case .floating(let wall):
                        let zone = m.attendees.first.flatMap { context.leaders[$0]?.zone } ?? context.zone
                        let (day, minutes) = LocalDate.local(m.start, in: zone)
                        return day.dayNumber * 86_400 + minutes * 60 == wall
                    }
                }
                if targets.isEmpty {
                    notes.append(Note(level: .warning, text: "ignored a reply to an occurrence \(event.uid) does not have"))
                    outcomes.append("unknown-uid")
                    continue
                }
            }
            let current = targets.map(\.sequence).max() ?? 0
            if event.sequence < current {
                notes.append(Note(level: .notice, text: "ignored a stale reply to \(event.uid) (SEQUENCE \(event.sequence), the meeting is at \(current))"))
                outcomes.append("stale")
                continue
            }
            for attendee in event.attendees {
                let matches = targets.compactMap { m -> (Meeting, String)? in
                    m.attendees.first { context.leaders[$0]?.email == attendee.address }.map { (m, $0) }
                }
                guard !matches.isEmpty else {
                    notes.append(Note(level: .warning, text: "ignored a reply from \(attendee.address), who is not an attendee of \(event.uid)"))
                    outcomes.append("stranger")
                    continue
                }
                guard let sender, sender == attendee.address || sender == attendee.sentBy else {
                    let why = sender.map { "sent from \($0), who is neither that attendee nor their SENT-BY" }
                        ?? (from.isEmpty ? "without a From: address" : "with \(from.count) From: addresses")
                    notes.append(Note(level: .warning, text: "ignored a reply for \(attendee.address) to \(event.uid) \(why)"))
                    outcomes.append("wrong-sender")
                    continue
                }
                guard let answer = InvitationResponse.Answer(rawValue: attendee.partstat) else {
                    notes.append(Note(level: .info, text: "ignored PARTSTAT \(attendee.partstat) from \(attendee.address) for \(event.uid)"))
                    outcomes.append("not-recorded")
                    continue
                }
                let comment = event.comment.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
                for (m, leader) in matches {
                    out.append(RecordedReply(
                        response: InvitationResponse(meeting: m.uid, leader: leader, start: m.start, end: m.end, answer: answer, comment: comment),
                        icsUID: event.uid, email: attendee.address, sequence: event.sequence,
                        stamp: event.stamp ?? Date(timeIntervalSince1970: 0), source: source))
                }
                notes.append(Note(level: .notice, text: "read \(answer.rawValue) from \(leaderList(matches.map(\.1))) for \(matches.count) occurrence(s) of \(event.uid)"))
                outcomes.append("recorded")
            }
        }
        let outcome = outcomes.contains("recorded") ? "recorded" : (outcomes.first ?? "unknown-uid")
        return (out, outcome, notes)
    }

    private static func leaderList(_ ids: [String]) -> String { Array(Set(ids)).sorted().joined(separator: ",") }

    /// A comment as one line of at most 500 characters, without control characters.
    static func clean(_ comment: String) -> String {
        let line = String(comment.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
        let squeezed = line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return squeezed.count > 500 ? String(squeezed.prefix(500)) + "…" : squeezed
    }
}
