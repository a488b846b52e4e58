import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 11, "Replies": iMIP REPLYs as real clients send them (built with Python's `email` and
/// `icalendar`) land in the coordinator's maildir; the real daemon records them, leaves the mail as
/// it was, and the next `tandem schedule` moves the declined session (reason `declined`).
@Suite(.serialized) struct RepliesEndToEndTests {
    static let now = "2026-09-01"
    static let comment = "Ofsted inspection that afternoon, sorry"

    @Test func repliesAreRecordedAndADeclineMovesTheSession() throws {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "  path: ../../var/outbox", with: "  path: ../../var/outbox\n  replies: ../../var/inbox")
        let inbox = root.appendingPathComponent("var/inbox").path
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: inbox + "/" + sub, withIntermediateDirectories: true)
        }
        let db = root.appendingPathComponent("var/example/reminders.sqlite").path
        // No database yet: the default path (`var/example/reminders.sqlite`, where the daemon will put it) is skipped.
        let first = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", Self.now, "--quiet"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let schedulePath = root.appendingPathComponent("out/schedule.json").path
        let before = try Self.json(schedulePath)
        let leaders = try Self.roster(root.appendingPathComponent("Config/example/leaders.csv").path)

        // A folded series (its meetings share the series UID) with two later sessions: the first is
        // declined by the mentee (with a comment) and accepted by the mentor; the second is tentative.
        let meetings = before["meetings"] as! [[String: Any]]
        let bySeries = Dictionary(grouping: meetings.filter { ($0["kind"] as! String) == "mentoring" && ($0["ics_uid"] as! String) == ($0["series"] as! String) },
                                  by: { $0["series"] as! String })
        let series = try #require(bySeries.keys.sorted().first { bySeries[$0]!.count >= 4 })
        let occurrences = bySeries[series]!.sorted { ($0["start"] as! String) < ($1["start"] as! String) }
        let declined = occurrences[2], tentative = occurrences[3]
        let attendees = declined["attendees"] as! [String]
        let (mentor, mentee) = (attendees[0], attendees[1])
        func spec(_ file: String, _ style: String, _ who: String, _ partstat: String, _ m: [String: Any], comment: String? = nil,
                  stamp: String = "2026-09-02T10:00:00Z", email: String? = nil) -> [String: Any] {
            var s: [String: Any] = [
                "file": file, "style": style, "organizer": "amara.okafor@northbridge.example",
                "attendee": email ?? leaders[who]!.email, "cn": leaders[who]?.name ?? "Someone Else", "partstat": partstat,
                "uid": m["ics_uid"] as! String, "recurrence_id": m["start"] as! String, "sequence": m["sequence"] as! Int,
                "dtstamp": stamp, "start": m["start"] as! String, "end": m["end"] as! String, "summary": "Mentoring",
            ]
            if let comment { s["comment"] = comment }
            return s
        }
        let specs: [[String: Any]] = [
            spec("new/1790000001.M1P1.mail.example", "outlook", mentee, "DECLINED", declined, comment: Self.comment),
            spec("new/1790000002.M2P1.mail.example", "thunderbird", mentor, "ACCEPTED", declined),
            spec("cur/1790000003.M3P1.mail.example:2,S", "gmail", mentee, "TENTATIVE", tentative),
            spec("new/1790000004.M4P1.mail.example", "thunderbird", "stranger", "DECLINED", declined, email: "intruder@elsewhere.example"),
            spec("new/1790000005.M5P1.mail.example", "malformed", mentor, "DECLINED", declined),
            spec("new/1790000006.M6P1.mail.example", "plain", mentor, "ACCEPTED", declined),
            // An older answer of the mentee's (earlier DTSTAMP, same SEQUENCE) read after the decline: the decline stays.
            spec("new/1790000007.M7P1.mail.example", "gmail", mentee, "ACCEPTED", declined, stamp: "2026-09-01T08:00:00Z"),
        ]
        let specFile = root.appendingPathComponent("replies.json").path
        try JSONSerialization.data(withJSONObject: specs).write(to: URL(fileURLWithPath: specFile))
        _ = try Oracle.run("make_replies.py", [specFile, inbox])
        let mailBefore = try TestSupport.files(in: URL(fileURLWithPath: inbox))
        #expect(mailBefore.count == specs.count)

        // The real daemon reads them at its first wake-up.
        let daemon = Process()
        daemon.executableURL = TestSupport.tandem
        daemon.arguments = ["daemon", "Config/example/programme.yaml", "--db", db, "--schedule", schedulePath, "--log-level", "info"]
        daemon.currentDirectoryURL = root
        let logURL = root.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: logURL)
        daemon.standardError = logHandle
        daemon.standardOutput = logHandle
        try daemon.run()
        var status = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let r = try runTandem(["reminders", "status", "--db", db, "--schedule", schedulePath], in: root)
            status = r.stdout
            if status.contains("mail processed: \(specs.count)") { break }
            usleep(200_000)
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""

        #expect(status.contains("mail processed: \(specs.count)"), "\(status)\n\(log)")
        let declinedLine = try #require(status.split(separator: "\n").first { $0.contains(declined["uid"] as! String) }, "\(status)")
        #expect(declinedLine.contains("accepted: \(mentor)"))
        #expect(declinedLine.contains("declined: \(mentee) (\"\(Self.comment)\")"))
        let tentativeLine = try #require(status.split(separator: "\n").first { $0.contains(tentative["uid"] as! String) }, "\(status)")
        #expect(tentativeLine.contains("tentative: \(mentee)") && tentativeLine.contains("no answer: \(mentor)"))
        #expect(status.contains("meetings with an answer: 2 of"))
        #expect(status.contains("malformed 1") && status.contains("stranger 1") && status.contains("not-calendar 1"))
        // Ignored and logged, without private content.
        #expect(log.contains("who is not an attendee") && log.contains("intruder@elsewhere.example"))
        #expect(log.contains("a malformed calendar reply") && log.contains("1790000005.M5P1.mail.example"))
        #expect(!log.contains("Ofsted"), "the comment must not reach the log")
        #expect(!log.contains("See you at the launch"))
        // The coordinator's mail is exactly as it was: same names, same places, same bytes.
        #expect(try TestSupport.files(in: URL(fileURLWithPath: inbox)) == mailBefore)

        // The next schedule moves the declined session away from the declined time.
        let second = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", Self.now, "--db", db], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("[declined by \(mentee)]") || second.stdout.contains("[declined]"), "\(second.stdout)")
        let after = try Self.json(schedulePath)
        let newMeetings = after["meetings"] as! [[String: Any]]
        let start = Self.date(declined["start"] as! String), end = Self.date(declined["end"] as! String)
        // The session moves within its period (same uid), to another period (a new uid of the series), or,
        // finding no other time, is unplaced; each says `declined` with the comment.
        let earlier = Set(meetings.map { $0["uid"] as! String })
        if let moved = newMeetings.first(where: { ($0["uid"] as! String) == (declined["uid"] as! String) })
            ?? newMeetings.first(where: { ($0["series"] as! String) == series && !earlier.contains($0["uid"] as! String) }) {
            #expect((moved["start"] as! String) != (declined["start"] as! String))
            let change = try #require(moved["change"] as? [String: Any], "\(moved)")
            #expect(change["reason"] as? String == "declined")
            #expect(change["leader"] as? String == mentee)
            #expect(change["detail"] as? String == Self.comment)
        } else {
            let unplaced = after["unplaced"] as! [[String: Any]]
            let u = try #require(unplaced.first { ($0["series"] as! String) == series && ($0["period"] as! Int) == (declined["period"] as! Int) })
            #expect(u["reason"] as? String == "declined")
            #expect((u["detail"] as! String).contains(Self.comment))
        }
        // The declined time is not reused for the mentee.
        for m in newMeetings where (m["attendees"] as! [String]).contains(mentee) {
            #expect(!(Self.date(m["start"] as! String) < end && start < Self.date(m["end"] as! String)), "\(m)")
        }
        // Unchanged meetings stay; the accepted/tentative ones are not moved.
        #expect(newMeetings.contains { ($0["uid"] as! String) == (tentative["uid"] as! String) && ($0["start"] as! String) == (tentative["start"] as! String) })
        let overview = try String(contentsOfFile: root.appendingPathComponent("out/overview.html").path, encoding: .utf8)
        #expect(overview.contains("Replies to the invitations"))
        #expect(overview.contains("tentative: 1"))
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    /// id → (name, email) from a simple roster (no quoted cells in the example's first columns).
    static func roster(_ path: String) throws -> [String: (name: String, email: String)] {
        var out: [String: (name: String, email: String)] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells.count > 2 { out[cells[0]] = (cells[1], cells[2]) }
        }
        return out
    }
}

extension RepliesEndToEndTests {
    @Test func anExplicitDatabaseThatIsNotThereIsMissingInput() throws {
        let root = TestSupport.temporaryFolder("replies-db")
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", root.appendingPathComponent("out").path,
                               "--now", Self.now, "--db", root.appendingPathComponent("none.sqlite").path, "--quiet"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("none.sqlite: no reminder database here (--db)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}

extension RepliesEndToEndTests {
    /// A reply counts only when its From: is the ATTENDEE it answers for, or that ATTENDEE's SENT-BY:
    /// a forged decline (someone else's address in From:) is ignored and logged without its text.
    @Test func aReplyFromAnotherSenderIsIgnoredUnlessTheAttendeeNamesItAsSentBy() throws {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "  path: ../../var/outbox", with: "  path: ../../var/outbox\n  replies: ../../var/inbox")
        let inbox = root.appendingPathComponent("var/inbox").path
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: inbox + "/" + sub, withIntermediateDirectories: true)
        }
        let db = root.appendingPathComponent("var/example/reminders.sqlite").path
        let first = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", Self.now, "--quiet"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let schedulePath = root.appendingPathComponent("out/schedule.json").path
        let leaders = try Self.roster(root.appendingPathComponent("Config/example/leaders.csv").path)
        // Two later sessions of one pair.
        let mentoring = (try Self.json(schedulePath)["meetings"] as! [[String: Any]])
            .filter { ($0["kind"] as! String) == "mentoring" }.sorted { ($0["start"] as! String) < ($1["start"] as! String) }
        let pair = mentoring[0]["attendees"] as! [String]
        let ofPair = mentoring.filter { ($0["attendees"] as! [String]) == pair }
        try #require(ofPair.count >= 3)
        let forgedMeeting = ofPair[1], delegatedMeeting = ofPair[2]
        let (mentor, mentee) = (pair[0], pair[1])
        func spec(_ file: String, _ who: String, _ partstat: String, _ m: [String: Any], from: String? = nil, sentBy: String? = nil,
                  comment: String? = nil) -> [String: Any] {
            var s: [String: Any] = [
                "file": file, "style": "thunderbird", "organizer": "amara.okafor@northbridge.example",
                "attendee": leaders[who]!.email, "cn": leaders[who]!.name, "partstat": partstat,
                "uid": m["ics_uid"] as! String, "recurrence_id": m["start"] as! String, "sequence": m["sequence"] as! Int,
                "dtstamp": "2026-09-02T10:00:00Z", "start": m["start"] as! String, "end": m["end"] as! String, "summary": "Mentoring",
            ]
            if let from { s["from"] = from }
            if let sentBy { s["sent_by"] = sentBy }
            if let comment { s["comment"] = comment }
            return s
        }
        let forger = "mischief@elsewhere.example", assistant = "office.manager@school.example"
        let specs: [[String: Any]] = [
            // The mentee's ATTENDEE line, sent by someone else: not the mentee's answer.
            spec("new/1790000101.M1P1.mail.example", mentee, "DECLINED", forgedMeeting, from: forger, comment: "Forged: cannot come"),
            // The mentor's office manager answers for them, as the ATTENDEE's SENT-BY says: counted.
            spec("new/1790000102.M2P1.mail.example", mentor, "ACCEPTED", delegatedMeeting, from: assistant, sentBy: assistant),
            // SENT-BY names the office manager, but the forger sent it: not counted.
            spec("new/1790000103.M3P1.mail.example", mentor, "DECLINED", forgedMeeting, from: forger, sentBy: assistant),
            // The mentee's own answer, From: in another case than the roster: counted.
            spec("new/1790000104.M4P1.mail.example", mentee, "TENTATIVE", delegatedMeeting, from: leaders[mentee]!.email.uppercased()),
        ]
        let specFile = root.appendingPathComponent("replies.json").path
        try JSONSerialization.data(withJSONObject: specs).write(to: URL(fileURLWithPath: specFile))
        _ = try Oracle.run("make_replies.py", [specFile, inbox])

        let daemon = Process()
        daemon.executableURL = TestSupport.tandem
        daemon.arguments = ["daemon", "Config/example/programme.yaml", "--db", db, "--schedule", schedulePath, "--log-level", "info"]
        daemon.currentDirectoryURL = root
        let logURL = root.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: logURL)
        daemon.standardError = logHandle
        daemon.standardOutput = logHandle
        try daemon.run()
        var status = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            status = try runTandem(["reminders", "status", "--db", db, "--schedule", schedulePath], in: root).stdout
            if status.contains("mail processed: \(specs.count)") { break }
            usleep(200_000)
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""

        #expect(status.contains("mail processed: 4 (recorded 2, wrong-sender 2)"), "\(status)\n\(log)")
        #expect(status.contains("meetings with an answer: 1 of"), "\(status)")
        let forgedLine = status.split(separator: "\n").first { $0.contains(forgedMeeting["uid"] as! String) }
        #expect(forgedLine == nil, "a forged reply was counted: \(forgedLine ?? "")")
        let delegatedLine = try #require(status.split(separator: "\n").first { $0.contains(delegatedMeeting["uid"] as! String) }, "\(status)")
        #expect(delegatedLine.contains("accepted: \(mentor)") && delegatedLine.contains("tentative: \(mentee)"), "\(delegatedLine)")
        #expect(log.contains("sent from \(forger), who is neither that attendee nor their SENT-BY"), "\(log)")
        #expect(log.contains(leaders[mentee]!.email.lowercased()) && log.contains("1790000101.M1P1.mail.example"))
        #expect(!log.contains("Forged: cannot come"), "the comment must not reach the log")
    }
}
