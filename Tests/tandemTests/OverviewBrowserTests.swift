import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// overview.html as a coordinator sees it, in a real headless Chromium: the replies table after the
/// daemon recorded accepted, declined and tentative answers, and a leader's comment shown as text.
@Suite(.serialized) struct OverviewBrowserTests {
    static let comment = "Can't make it <script>window.__tandem_pwned = 1; document.title = 'pwned'</script> & <b>sorry</b>"

    @Test func theRepliesTableShowsEachAnswerAndACommentAsText() throws {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "  path: ../../var/outbox", with: "  path: ../../var/outbox\n  replies: ../../var/inbox")
        let inbox = root.appendingPathComponent("var/inbox").path
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: inbox + "/" + sub, withIntermediateDirectories: true)
        }
        let db = root.appendingPathComponent("var/example/reminders.sqlite").path
        let first = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", "2026-09-01", "--quiet"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let schedulePath = root.appendingPathComponent("out/schedule.json").path
        let leaders = try RepliesEndToEndTests.roster(root.appendingPathComponent("Config/example/leaders.csv").path)
        let mentoring = (try RepliesEndToEndTests.json(schedulePath)["meetings"] as! [[String: Any]])
            .filter { ($0["kind"] as! String) == "mentoring" }.sorted { ($0["start"] as! String) < ($1["start"] as! String) }
        let pair = mentoring[0]["attendees"] as! [String]
        let ofPair = mentoring.filter { ($0["attendees"] as! [String]) == pair }
        try #require(ofPair.count >= 2)
        // The first session: the mentor accepts, the mentee declines with the comment; the second: the mentee is unsure.
        let declined = ofPair[0], tentative = ofPair[1]
        let (mentor, mentee) = (pair[0], pair[1])
        func spec(_ file: String, _ who: String, _ partstat: String, _ m: [String: Any], comment: String? = nil) -> [String: Any] {
            var s: [String: Any] = [
                "file": file, "style": "thunderbird", "organizer": "amara.okafor@northbridge.example",
                "attendee": leaders[who]!.email, "cn": leaders[who]!.name, "partstat": partstat,
                "uid": m["ics_uid"] as! String, "recurrence_id": m["start"] as! String, "sequence": m["sequence"] as! Int,
                "dtstamp": "2026-09-02T10:00:00Z", "start": m["start"] as! String, "end": m["end"] as! String, "summary": "Mentoring",
            ]
            if let comment { s["comment"] = comment }
            return s
        }
        let specs = [
            spec("new/1790000201.M1P1.mail.example", mentor, "ACCEPTED", declined),
            spec("new/1790000202.M2P1.mail.example", mentee, "DECLINED", declined, comment: Self.comment),
            spec("new/1790000203.M3P1.mail.example", mentee, "TENTATIVE", tentative),
        ]
        let specFile = root.appendingPathComponent("replies.json").path
        try JSONSerialization.data(withJSONObject: specs).write(to: URL(fileURLWithPath: specFile))
        _ = try Oracle.run("make_replies.py", [specFile, inbox])

        // The real daemon records them.
        let daemon = Process()
        daemon.executableURL = TestSupport.tandem
        daemon.arguments = ["daemon", "Config/example/programme.yaml", "--db", db, "--schedule", schedulePath, "--log-level", "notice"]
        daemon.currentDirectoryURL = root
        daemon.standardError = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        try daemon.run()
        var status = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && !status.contains("mail processed: 3") {
            status = try runTandem(["reminders", "status", "--db", db, "--schedule", schedulePath], in: root).stdout
            usleep(200_000)
        }
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(status.contains("mail processed: 3 (recorded 3)"), "\(status)")

        // The next schedule, once the declined session has been held (it is then kept, not moved), writes
        // overview.html with the answers.
        let after = Self.day(after: declined["end"] as! String)
        let second = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", after, "--db", db, "--quiet"], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        let page = root.appendingPathComponent("out/overview.html")

        let (seen, tables) = try Browser.tables(page, under: "Replies to the invitations")
        try #require(tables.count == 1, "\(seen.result)")
        let rows = tables[0]
        #expect(rows.first == ["When", "Meeting", "Accepted", "Declined", "Tentative", "No answer"])
        let body = rows.dropFirst()
        #expect(body.count == 2, "\(rows)")
        let (mentorName, menteeName) = (leaders[mentor]!.name, leaders[mentee]!.name)
        let declinedRow = try #require(body.first { !$0[3].isEmpty }, "\(rows)")
        #expect(declinedRow[1] == "\(mentorName) & \(menteeName)")
        #expect(declinedRow[2] == mentorName)
        // The comment as the leader wrote it: markup shown as characters, nothing run or rendered.
        #expect(declinedRow[3] == "\(menteeName) (“\(Self.comment)”)")
        #expect(declinedRow[4].isEmpty && declinedRow[5].isEmpty)
        let tentativeRow = try #require(body.first { !$0[4].isEmpty }, "\(rows)")
        #expect(tentativeRow[2].isEmpty && tentativeRow[3].isEmpty)
        #expect(tentativeRow[4] == menteeName && tentativeRow[5] == mentorName)
        #expect(seen.alerts.isEmpty)

        let probe = try Browser.open(page, extract: "script", arguments: ["expressions": [
            "pwned": "window.__tandem_pwned === undefined ? null : window.__tandem_pwned",
            "scripts": "document.scripts.length",
            // Elements inside the replies table's cells (the comment's <b> would be one, were it markup).
            "markup": """
                (() => { let n = [...document.querySelectorAll('h2')].find(h => h.innerText.includes('Replies'));
                         while (n && n.tagName !== 'TABLE') n = n.nextElementSibling;
                         return n ? n.querySelectorAll('td *').length : -1; })()
                """,
            "totals": "[...document.querySelectorAll('h2')].find(h => h.innerText.includes('Replies')).nextElementSibling.innerText",
        ]])
        let found = try #require(probe.result as? [String: Any])
        #expect(found["pwned"] is NSNull, "the comment's script ran: \(found)")
        #expect(found["scripts"] as? Int == 0 && found["markup"] as? Int == 0, "\(found)")
        #expect(probe.title != "pwned" && probe.title.hasSuffix(": the year"))
        #expect((found["totals"] as? String)?.hasPrefix("accepted: 1 · declined: 1 · tentative: 1 ·") == true, "\(found)")
        #expect(probe.alerts.isEmpty && !probe.console.contains { $0.contains("pwned") }, "\(probe.console)")
    }

    /// `YYYY-MM-DD` of the day after an ISO 8601 instant (UTC).
    static func day(after iso: String) -> String {
        let date = ISO8601DateFormatter().date(from: iso)!.addingTimeInterval(86_400)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: date)
    }
}
