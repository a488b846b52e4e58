import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bundled example, scheduled by the real `tandem schedule` and mailed by the real `tandem daemon`.
struct InvitationWorkspace {
    let root: URL
    var programme: String { root.appendingPathComponent("Config/example/programme.yaml").path }
    var out: URL { root.appendingPathComponent("out/example") }
    var schedule: String { out.appendingPathComponent("schedule.json").path }
    var database: String { root.appendingPathComponent("var/reminders.sqlite").path }
    var outbox: String { root.appendingPathComponent("outbox").path }

    /// `delivery` replaces the example's delivery section; quiet hours are off so the test does not depend on the hour.
    init(delivery: String) throws {
        root = try TestSupport.copyOfExample()
        let yaml = URL(fileURLWithPath: programme)
        try TestSupport.edit(yaml, replacing: "  quiet_hours: \"21:00-07:30\"", with: "  quiet_hours: off")
        try TestSupport.edit(yaml, replacing: """
            delivery:
              channel: maildir                 # console | maildir | sendmail | webhook
              path: ../../var/outbox           # the maildir (tmp/, new/, cur/ are created)
            """, with: delivery)
    }

    func runSchedule() throws -> ProcessResult {
        try runTandem(["schedule", programme, "--out", out.path, "--quiet"], in: root)
    }

    /// Keeps a copy of out/example/invites as `name`.
    func keepInvites(_ name: String) throws -> String {
        let copy = root.appendingPathComponent(name)
        try FileManager.default.copyItem(at: out.appendingPathComponent("invites"), to: copy)
        return copy.path
    }

    func start() throws -> Process {
        let p = Process()
        p.executableURL = TestSupport.tandem
        p.arguments = ["daemon", programme, "--db", database, "--schedule", schedule, "--log-level", "notice"]
        p.currentDirectoryURL = root
        let log = root.appendingPathComponent("daemon.log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        p.standardError = handle
        p.standardOutput = handle
        try p.run()
        return p
    }

    func stop(_ p: Process) -> Int32 { p.stop() }

    /// The invitation files in the maildir's new/ and cur/.
    func invitations() -> [String] {
        let fm = FileManager.default
        return (((try? fm.contentsOfDirectory(atPath: outbox + "/new")) ?? []) + ((try? fm.contentsOfDirectory(atPath: outbox + "/cur")) ?? []))
            .filter { $0.hasPrefix("tandem.invitation") }
    }

    func waitFor(_ count: Int, timeout: TimeInterval, count counter: () -> Int) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if counter() >= count { return true }
            usleep(50_000)
        }
        return counter() >= count
    }

    var log: String { (try? String(contentsOfFile: root.appendingPathComponent("daemon.log").path, encoding: .utf8)) ?? "" }

    /// Gives `leader` new commitments over three of their future sessions (a changed calendar export).
    func clash(_ leader: String) throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: schedule))) as! [String: Any]
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(4 * 86_400))
        let clashes = (json["meetings"] as! [[String: Any]])
            .filter { ($0["attendees"] as! [String]).contains(leader) && ($0["start"] as! String) > soon }.prefix(3)
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        for (i, m) in clashes.enumerated() {
            func basic(_ s: Any?) -> String { (s as! String).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") }
            ics += "BEGIN:VEVENT\r\nUID:clash-\(i)@test\r\nDTSTAMP:20261122T000000Z\r\nDTSTART:\(basic(m["start"]))\r\nDTEND:\(basic(m["end"]))\r\nSUMMARY:Local authority review\r\nEND:VEVENT\r\n"
        }
        ics += "END:VCALENDAR\r\n"
        try ics.write(to: root.appendingPathComponent("Calendars/example/\(leader).ics"), atomically: true, encoding: .utf8)
    }
}

/// What Tests/Oracle/imip_check.py makes of the messages.
struct IMIPCheck {
    var keys: [String]
    var expected: [String]
    var new: [String]
    var methods: [String: Int]
    var messageIDs: [String: [String]]
    var problems: [String]

    init(messages: String, invites: String, before: String? = nil) throws {
        let json = try Oracle.run("imip_check.py", [messages, invites] + (before.map { [$0] } ?? [])) as! [String: Any]
        keys = json["keys"] as! [String]
        expected = json["expected"] as! [String]
        new = json["new"] as! [String]
        methods = json["methods"] as! [String: Int]
        messageIDs = (json["message_ids"] as! [String: [String]])
        problems = json["problems"] as! [String]
    }
}

@Suite(.serialized) struct InvitationEndToEndTests {
    @Test func scheduleThenDaemonMailsEveryInvitationOnceAndARePlanOnlyItsChanges() throws {
        let ws = try InvitationWorkspace(delivery: """
            delivery:
              channel: maildir
              path: ../../outbox
              rate: 600
            """)
        let first = try ws.runSchedule()
        #expect(first.status == 0, "\(first.stderr)")
        let invites1 = try ws.keepInvites("invites-1")

        // 1. One REQUEST per attendee per series or meeting, each parsing with email + icalendar.
        let daemon = try ws.start()
        let planned = try IMIPCheck(messages: ws.outbox, invites: invites1).expected.count
        #expect(planned > 40)
        let allIn = ws.waitFor(planned, timeout: 60) { ws.invitations().count }
        #expect(ws.stop(daemon) == 0)
        #expect(allIn, "\(ws.invitations().count) of \(planned). Log:\n\(ws.log.suffix(2_000))")
        let sent = try IMIPCheck(messages: ws.outbox, invites: invites1)
        #expect(sent.problems.isEmpty, "\(sent.problems.prefix(5))")
        #expect(sent.keys == sent.expected)
        #expect(sent.methods == ["REQUEST": planned])

        // 2. A re-plan that changes nothing sends nothing.
        let same = try ws.runSchedule()
        #expect(same.status == 0, "\(same.stderr)")
        let idle = try ws.start()
        usleep(3_000_000)
        #expect(ws.stop(idle) == 0)
        #expect(ws.invitations().count == planned, "an unchanged re-plan sent \(ws.invitations().count - planned) messages")

        // 3. A changed calendar: exactly the updates and cancellations of the re-plan, nothing twice
        //    across 20 `kill -9` inside the burst. Paced at 4 a minute, the re-plan's messages go
        //    15 s apart (their slots are in the store, so restarts do not hurry them): the burst
        //    lasts long enough for 20 restarts even when a loaded machine starts the daemon slowly.
        try TestSupport.edit(URL(fileURLWithPath: ws.programme), replacing: "  rate: 600", with: "  rate: 4")
        try ws.clash("L007")
        let second = try runTandem(["schedule", ws.programme, "--out", ws.out.path], in: ws.root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("changes since the previous schedule"))
        let invites2 = ws.out.appendingPathComponent("invites").path
        let wanted = try IMIPCheck(messages: ws.outbox, invites: invites2, before: invites1)
        #expect(!wanted.new.isEmpty)
        #expect(wanted.new.contains { $0.hasSuffix("|CANCEL") } || wanted.new.contains { !$0.contains("|0|") },
                "the re-plan should update or cancel something: \(wanted.new)")
        var inodes: [String: UInt64] = [:]
        var rewritten: Set<String> = []
        func snapshot() {
            for name in ws.invitations() {
                var st = stat()
                guard stat(ws.outbox + "/new/" + name, &st) == 0 else { continue }
                if let seen = inodes[name], seen != UInt64(st.st_ino) { rewritten.insert(name) }
                inodes[name] = UInt64(st.st_ino)
            }
        }
        snapshot()
        let total = planned + wanted.new.count
        var kills = 0
        var midBurstKills = 0   // kills while some, but not all, of the burst was delivered
        let began = Date()
        while midBurstKills < 20 && Date().timeIntervalSince(began) < 150 && ws.invitations().count < total {
            let d = try ws.start()
            usleep(UInt32.random(in: 50_000...600_000))
            let delivered = ws.invitations().count
            if d.isRunning {
                kill(d.processIdentifier, SIGKILL)
                d.waitUntilExit()
                if d.terminationReason == .uncaughtSignal {
                    kills += 1
                    if delivered > planned && delivered < total { midBurstKills += 1 }
                }
            }
            snapshot()
        }
        let last = try ws.start()
        let finished = ws.waitFor(total, timeout: 60) { ws.invitations().count }
        usleep(1_500_000)
        #expect(ws.stop(last) == 0)
        snapshot()
        print("invitations e2e: \(planned) first, then \(wanted.new.count) after the re-plan (\(wanted.new.filter { $0.hasSuffix("|CANCEL") }.count) cancellations), \(kills) kills, \(midBurstKills) inside the burst")
        #expect(midBurstKills == 20, "only \(midBurstKills) of \(kills) kills fell inside the burst: slow the pacing")
        #expect(finished, "\(ws.invitations().count) of \(total). Log:\n\(ws.log.suffix(2_000))")
        #expect(rewritten.isEmpty, "written twice: \(rewritten.sorted().prefix(3))")
        let after = try IMIPCheck(messages: ws.outbox, invites: invites2, before: invites1)
        #expect(after.problems.isEmpty, "\(after.problems.prefix(5))")
        #expect(after.keys.count == Set(after.keys).count, "a message twice")
        #expect(Set(after.keys) == Set(sent.keys).union(wanted.new), "only the re-plan's changes are new")
        #expect(ws.invitations().count == total)

        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.stdout.contains("Invitations by state"))
        #expect(status.stdout.contains("sent       \(total) ("), "\(status.stdout)")
        #expect(status.stdout.contains("failed     0 (0 invitations, 0 cancellations)"))
    }
}

/// The same through the sendmail channel and a real MTA path: `tandem daemon` → `msmtp` → SMTP on
/// 127.0.0.1 → aiosmtpd, started and stopped by the test.
@Suite(.serialized) struct InvitationSendmailTests {
    @Test func invitationsGoThroughMsmtpToAnSMTPServerWithStableMessageIDs() throws {
        let sinkFolder = TestSupport.temporaryFolder("smtp-sink").appendingPathComponent("inbox").path
        let sink = try SMTPSink.start(maildir: sinkFolder)
        defer { sink.stop() }
        let ws = try InvitationWorkspace(delivery: """
            delivery:
              channel: sendmail
              command: "\(sink.msmtpCommand(from: "amara.okafor@northbridge.example"))"
              rate: 6000
            """)
        #expect(try ws.runSchedule().status == 0)
        let invites = try ws.keepInvites("invites-1")
        let planned = try IMIPCheck(messages: ws.outbox, invites: invites).expected.count
        let daemon = try ws.start()
        // Reminders due in the coming days stay pending: only invitations reach the server now.
        let arrived = ws.waitFor(planned, timeout: 90) { sink.received.count }
        #expect(ws.stop(daemon) == 0)
        #expect(arrived, "\(sink.received.count) of \(planned) reached the SMTP server. Log:\n\(ws.log.suffix(2_000))")
        let check = try IMIPCheck(messages: sinkFolder, invites: invites)
        #expect(check.problems.isEmpty, "\(check.problems.prefix(5))")
        #expect(check.keys == check.expected, "one message per attendee per invite")
        // The Message-ID is the key's: the same on every attempt, and one per message.
        for (key, ids) in check.messageIDs {
            #expect(ids.count == 1)
            let parts = key.split(separator: "|").map(String.init)
            let uid = parts[0].replacingOccurrences(of: "@", with: "%40")
            #expect(ids[0].hasPrefix("<tandem.invitation%7C\(uid)%7C") && ids[0].hasSuffix("%7C\(parts[4])@tandem.invalid>"), "\(ids[0])")
        }
        #expect(Set(check.messageIDs.values.map { $0[0] }).count == planned)
        // A restart sends nothing again (all marked sent), and status agrees.
        let again = try ws.start()
        usleep(3_000_000)
        #expect(ws.stop(again) == 0)
        #expect(sink.received.count == planned)
        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.stdout.contains("sent       \(planned) (\(planned) invitations, 0 cancellations)"), "\(status.stdout)")
    }
}
