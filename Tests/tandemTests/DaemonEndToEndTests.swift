import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away programme folder for the real `tandem daemon`: programme.yaml, leaders.csv, schedule.json, outbox.
struct DaemonWorkspace {
    let root: URL
    var programme: String { root.appendingPathComponent("programme.yaml").path }
    var schedule: String { root.appendingPathComponent("schedule.json").path }
    var database: String { root.appendingPathComponent("var/reminders.sqlite").path }
    var outbox: String { root.appendingPathComponent("outbox").path }

    /// One mentoring meeting of `attendees`, starting at `start`.
    struct MeetingSpec {
        var uid: String
        var start: Date
        var attendees = ["L001", "L002"]
    }

    /// `invitations` turns the iMIP invitations on (the reminder tests count reminders alone).
    init(before: [String] = ["1m"], label: String = "daemon-e2e", invitations: Bool = false) throws {
        root = TestSupport.temporaryFolder(label)
        try """
            programme:
              id: e2e-test
              name: Tandem End-to-End Mentoring
              timezone: Europe/London
              start: 2026-09-01
              end: 2030-07-16
              coordinator: { name: Amara Okafor, email: amara@trust.example }
            roster: leaders.csv
            sessions:
              location: "https://meet.example/tandem"
            reminders:
              before: [\(before.joined(separator: ", "))]
              checkin_after: off
              quiet_hours: off
            delivery:
              channel: maildir
              path: outbox
              invitations: \(invitations ? "on" : "off")
            """.write(toFile: programme, atomically: true, encoding: .utf8)
        try """
            id,name,email,role,school,trust,phase,timezone,availability,expertise,goals,years,capacity,avoid,pair
            L001,Priya Shah,priya.shah@riverside.example,mentor,Riverside Primary,T,primary,,Mon 16:00-18:00,,,10,,,
            L002,Tom Evans,tom.evans@hillview.example,mentee,Hillview Academy,T,primary,America/New_York,Mon 16:00-18:00,,,2,,,L001
            L003,Aisha Rahman,aisha.rahman@oakfield.example,mentee,Oakfield School,T,primary,Australia/Sydney,Mon 16:00-18:00,,,2,,,L001
            """.write(toFile: root.appendingPathComponent("leaders.csv").path, atomically: true, encoding: .utf8)
    }

    /// Writes schedule.json (atomically, as `tandem schedule` does).
    func writeSchedule(_ meetings: [MeetingSpec]) throws {
        func iso(_ d: Date) -> String {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            return f.string(from: d)
        }
        let rows = meetings.enumerated().map { i, m in
            """
            {"uid":"\(m.uid)","series":"mentoring-\(m.attendees.joined(separator: "-"))","kind":"mentoring",\
            "attendees":[\(m.attendees.map { "\"\($0)\"" }.joined(separator: ","))],"start":"\(iso(m.start))",\
            "end":"\(iso(m.start.addingTimeInterval(3_600)))","period":\(i + 1),"ics_uid":"\(m.uid)","sequence":0}
            """
        }
        let json = "{\"programme\":\"e2e-test\",\"pairs\":[],\"unmatched\":[],\"unplaced\":[],\"meetings\":[\(rows.joined(separator: ",\n"))]}\n"
        try json.write(toFile: schedule, atomically: true, encoding: .utf8)
    }

    /// Starts `tandem daemon` in the background.
    func start(_ extra: [String] = []) throws -> Process {
        let p = Process()
        p.executableURL = TestSupport.tandem
        p.arguments = ["daemon", programme, "--db", database, "--schedule", schedule, "--log-level", "warning"] + extra
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

    /// Sends `signal` and waits (at most 15 s, then SIGKILL and -1) for the exit status.
    func stop(_ p: Process, signal: Int32 = SIGTERM) -> Int32 { p.stop(signal: signal) }

    /// The messages in new/ and cur/, by file name.
    func delivered() -> [String] {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: outbox + "/new")) ?? []) + ((try? fm.contentsOfDirectory(atPath: outbox + "/cur")) ?? [])
    }

    func message(_ name: String) throws -> String { try String(contentsOfFile: outbox + "/new/" + name, encoding: .utf8) }

    /// Polls (every 50 ms) until `count` messages are in the maildir or `timeout` passes.
    @discardableResult
    func waitFor(_ count: Int, timeout: TimeInterval) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if delivered().count >= count { return true }
            usleep(50_000)
        }
        return delivered().count >= count
    }

    var log: String { (try? String(contentsOfFile: root.appendingPathComponent("daemon.log").path, encoding: .utf8)) ?? "" }
}

/// The real binary, real files, real signals. These tests wait for real time (a few seconds each).
@Suite(.serialized) struct DaemonEndToEndTests {
    @Test func remindersDueInSecondsLandInTheMaildirWithTheRightText() throws {
        let ws = try DaemonWorkspace()
        let now = Date()
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 63).rounded(.up))  // reminder due in ~3 s
        try ws.writeSchedule([.init(uid: "m-e2e-1", start: start, attendees: ["L001", "L002"]),
                              .init(uid: "m-e2e-2", start: start.addingTimeInterval(2), attendees: ["L001", "L003"])])
        let daemon = try ws.start()
        let ok = ws.waitFor(4, timeout: 20)
        let status = ws.stop(daemon)
        #expect(ok, "only \(ws.delivered().count) of 4 messages arrived. Log:\n\(ws.log)")
        #expect(status == 0, "SIGTERM must exit 0. Log:\n\(ws.log)")
        let names = ws.delivered().sorted()
        #expect(names == ["tandem.before%7Cm-e2e-1%7CL001%7C60", "tandem.before%7Cm-e2e-1%7CL002%7C60",
                          "tandem.before%7Cm-e2e-2%7CL001%7C60", "tandem.before%7Cm-e2e-2%7CL003%7C60"])
        let tom = try ws.message("tandem.before%7Cm-e2e-1%7CL002%7C60")
        #expect(tom.contains("\nTo: \"Tom Evans\" <tom.evans@hillview.example>\n"))
        #expect(tom.contains("\nFrom: \"Amara Okafor\" <amara@trust.example>\n"))
        #expect(tom.contains("Subject: Mentoring with Priya Shah in 1 minute at "))
        #expect(tom.contains("Dear Tom,"))
        #expect(tom.contains("Priya Shah (Riverside Primary)"))
        #expect(tom.contains("New York time (UTC-0"))
        #expect(tom.contains("Link:  https://meet.example/tandem"))
        let aisha = try ws.message("tandem.before%7Cm-e2e-2%7CL003%7C60")
        #expect(aisha.contains("To: \"Aisha Rahman\" <aisha.rahman@oakfield.example>") && aisha.contains("Sydney time (UTC+1"))
        // Delivered at the due time: not early, and less than 2 s late.
        for name in names {
            let due = name.contains("m-e2e-1") ? start.addingTimeInterval(-60) : start.addingTimeInterval(-58)
            let attrs = try FileManager.default.attributesOfItem(atPath: ws.outbox + "/new/" + name)
            let written = try #require(attrs[.modificationDate] as? Date)
            #expect(written.timeIntervalSince(due) > -0.05 && written.timeIntervalSince(due) < 2, "\(name) written \(written.timeIntervalSince(due)) s after due")
        }
    }

    @Test func aRewrittenScheduleIsPickedUpAndSIGHUPReloads() throws {
        let ws = try DaemonWorkspace()
        let now = Date()
        try ws.writeSchedule([.init(uid: "first", start: now.addingTimeInterval(64))])   // due in ~4 s
        let daemon = try ws.start()
        usleep(1_000_000)
        // `tandem schedule` re-run: a meeting whose reminder is already due. The daemon's next wake-up sees it.
        try ws.writeSchedule([.init(uid: "first", start: now.addingTimeInterval(64)), .init(uid: "second", start: now.addingTimeInterval(61))])
        #expect(ws.waitFor(4, timeout: 15), "log:\n\(ws.log)")
        // SIGHUP: reload at once, without waiting for a timer.
        try ws.writeSchedule([.init(uid: "first", start: now.addingTimeInterval(64)), .init(uid: "second", start: now.addingTimeInterval(61)),
                              .init(uid: "third", start: Date().addingTimeInterval(60))])
        kill(daemon.processIdentifier, SIGHUP)
        #expect(ws.waitFor(6, timeout: 5), "log:\n\(ws.log)")
        #expect(ws.stop(daemon) == 0)
        #expect(Set(ws.delivered().map { $0.split(separator: "%")[1] }) == ["7Cfirst", "7Csecond", "7Cthird"])
    }

    @Test func afterDowntimeRecentRemindersAreSentAndOldOnesMissed() throws {
        let ws = try DaemonWorkspace()
        let now = Date()
        try ws.writeSchedule([.init(uid: "recent", start: now.addingTimeInterval(-3_600)),        // due 1 h 1 m ago: inside 6 h
                              .init(uid: "old", start: now.addingTimeInterval(-7 * 3_600)),        // due 7 h ago: missed
                              .init(uid: "later", start: now.addingTimeInterval(86_400))])
        let daemon = try ws.start()
        #expect(ws.waitFor(2, timeout: 10))
        usleep(300_000)
        #expect(ws.stop(daemon, signal: SIGINT) == 0)
        #expect(ws.delivered().allSatisfy { $0.contains("recent") } && ws.delivered().count == 2)
        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("sent       2"))
        #expect(status.stdout.contains("missed     2"))
        #expect(status.stdout.contains("pending    2"))
        #expect(status.stdout.contains("Missed (due while the daemon was down, older than the grace window): 2"))
        #expect(status.stdout.contains("before to L001 <priya.shah@riverside.example>"))
        #expect(status.stdout.contains("Next due: "))
    }

    @Test func aDatabaseThatIsNotOursIsRefusedAndKept() throws {
        let ws = try DaemonWorkspace()
        try ws.writeSchedule([])
        try FileManager.default.createDirectory(atPath: ws.root.appendingPathComponent("var").path, withIntermediateDirectories: true)
        let text = "Governors' minutes, not a database.\n"
        try text.write(toFile: ws.database, atomically: true, encoding: .utf8)
        let daemon = try ws.start()
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 65)
        #expect(ws.log.contains("\(ws.database): is not an SQLite database"))
        #expect(try String(contentsOfFile: ws.database, encoding: .utf8) == text)
        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.status == 65)
    }

    @Test func dryRunListsWhatTheDaemonWouldSend() throws {
        let ws = try DaemonWorkspace(before: ["24h", "1h"])
        try ws.writeSchedule([.init(uid: "m1", start: ISO8601DateFormatter().date(from: "2026-10-26T09:00:00Z")!)])
        let r = try runTandem(["reminders", ws.programme, "--schedule", ws.schedule, "--from", "2026-10-25", "--to", "2026-10-27", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.compactMap { $0["due"] as? String }.sorted() == ["2026-10-25T09:00:00Z", "2026-10-25T09:00:00Z", "2026-10-26T08:00:00Z", "2026-10-26T08:00:00Z"])
        let table = try runTandem(["reminders", ws.programme, "--schedule", ws.schedule, "--from", "2026-10-25", "--to", "2026-10-27"])
        #expect(table.stdout.contains("4 reminder(s) due from 2026-10-25T00:00:00Z to 2026-10-27T00:00:00Z."))
    }
}
