import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15 with the real binary: the faults a new operator would cause, one test each.
@Suite(.serialized) struct DaemonFaultTests {
    /// Waits until `text` is in the workspace's log.
    private func waitForLog(_ ws: DaemonWorkspace, _ text: String, timeout: TimeInterval = 30) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if ws.log.contains(text) { return true }
            usleep(50_000)
        }
        return ws.log.contains(text)
    }

    /// A second daemon given the database through a symlink, or after someone deleted what used to be
    /// `<db>.lock`, is refused (exit 75) with a message naming the real file; the first keeps delivering.
    @Test func symlinkedAndLockDeletedSecondDaemonsRefuseToStart() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-lock")
        try ws.writeSchedule([.init(uid: "lock", start: Date().addingTimeInterval(90))])
        let first = try ws.start(["--log-level", "info"])
        defer { _ = ws.stop(first) }
        #expect(waitForLog(ws, "ready"), "Log:\n\(ws.log)")
        let real = URL(fileURLWithPath: ws.database).resolvingSymlinksInPath().path
        let link = ws.root.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: ws.database)
        try? FileManager.default.removeItem(atPath: ws.database + ".lock")   // nothing there to delete any more
        let spelled = ws.root.appendingPathComponent("var/../var/./reminders.sqlite").path
        for db in [link, ws.database, spelled] {
            let second = try runTandem(["daemon", ws.programme, "--db", db, "--schedule", ws.schedule])
            #expect(second.status == 75, "--db \(db): exit \(second.status)\n\(second.stderr)")
            #expect(second.stderr.contains(real) && second.stderr.contains("another tandem daemon"), "\(second.stderr)")
            if db != real { #expect(second.stderr.contains("\(db) leads to it"), "\(second.stderr)") }
        }
        #expect(first.isRunning, "the first daemon kept running. Log:\n\(ws.log)")
        #expect(ws.stop(first) == 0, "Log:\n\(ws.log)")
        // Once the first has stopped, the store can be taken again through the symlink.
        let again = try ws.start(["--db", link])
        usleep(1_500_000)
        #expect(again.isRunning, "Log:\n\(ws.log)")
        #expect(ws.stop(again) == 0, "Log:\n\(ws.log)")
    }

    /// SIGTERM and SIGHUP 0.05–0.3 s after launch, while the first import of 3,000 reminders runs: SIGTERM
    /// ends the daemon with exit 0 (not by the signal), SIGHUP reloads and the daemon keeps running.
    @Test func sigtermAndSighupDuringStartUp() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-startup")
        let start = Date().addingTimeInterval(30 * 86_400)
        try ws.writeSchedule((0..<1_500).map { .init(uid: "m\($0)", start: start.addingTimeInterval(Double($0) * 3_600)) })
        var run = 0
        for delay in [0.05, 0.1, 0.15, 0.2, 0.3] {
            for signal in [SIGTERM, SIGHUP] {
                run += 1
                let db = ws.root.appendingPathComponent("var/run-\(run).sqlite").path   // a fresh store: the import runs
                let daemon = try ws.start(["--db", db, "--log-level", "notice"])
                usleep(UInt32(delay * 1_000_000))
                kill(daemon.processIdentifier, signal)
                if signal == SIGTERM {
                    let end = Date().addingTimeInterval(20)
                    while daemon.isRunning && Date() < end { usleep(20_000) }
                    let status = daemon.stop(signal: SIGKILL, within: 1)
                    #expect(daemon.terminationReason == .exit && status == 0,
                            "SIGTERM \(delay) s after launch: \(daemon.terminationReason == .exit ? "exit" : "signal") \(status). Log:\n\(ws.log)")
                } else {
                    let end = Date().addingTimeInterval(30)
                    var reloaded = false
                    while daemon.isRunning && Date() < end && !reloaded {
                        usleep(50_000)
                        reloaded = ws.log.components(separatedBy: "SIGHUP: reloading").count > run / 2
                    }
                    #expect(daemon.isRunning, "SIGHUP \(delay) s after launch ended the daemon (\(daemon.terminationStatus)). Log:\n\(ws.log)")
                    #expect(reloaded, "SIGHUP \(delay) s after launch was not served as a reload. Log:\n\(ws.log)")
                    #expect(daemon.stop() == 0, "Log:\n\(ws.log)")
                }
            }
        }
        let status = try runTandem(["reminders", "status", "--db", ws.root.appendingPathComponent("var/run-2.sqlite").path])
        #expect(status.stdout.contains("pending    3000"), "\(status.stdout)")
    }
}
