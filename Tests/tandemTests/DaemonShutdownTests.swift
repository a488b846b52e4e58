import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM while a webhook never answers: the daemon waits for the delivery in flight, cancels it after
/// 20 s (well within a unit's 30 s stop timeout), exits 0, and the next run retries the reminder.
@Suite(.serialized) struct DaemonShutdownTests {
    @Test func sigtermDuringAHangingWebhookCancelsItAndExitsZero() throws {
        let silent = try SilentListener()
        let ws = try DaemonWorkspace(label: "daemon-shutdown")
        let yaml = try String(contentsOfFile: ws.programme, encoding: .utf8)
            .replacingOccurrences(of: "  channel: maildir\n  path: outbox", with: "  channel: webhook\n  url: http://127.0.0.1:\(silent.port)/hook")
        try yaml.write(toFile: ws.programme, atomically: true, encoding: .utf8)
        #expect(yaml.contains("channel: webhook"))
        try ws.writeSchedule([.init(uid: "hang", start: Date().addingTimeInterval(30))])   // both reminders already due
        let daemon = try ws.start(["--log-level", "info"])
        // Wait until the first request is in flight (claimed in the store).
        let claimedBy = Date().addingTimeInterval(30)
        var claimed = false
        var lastStatus = ""
        while Date() < claimedBy && !claimed {
            usleep(200_000)
            lastStatus = (try? runTandem(["reminders", "status", "--db", ws.database]))?.stdout ?? ""
            // One claim may take both due reminders; the first is the one in flight.
            claimed = lastStatus.contains("claimed    1") || lastStatus.contains("claimed    2")
        }
        #expect(claimed, "no delivery went in flight. Status:\n\(lastStatus)\nLog:\n\(ws.log)")
        let sent = Date()
        kill(daemon.processIdentifier, SIGTERM)
        let end = Date().addingTimeInterval(60)
        while daemon.isRunning && Date() < end { usleep(50_000) }
        let took = Date().timeIntervalSince(sent)
        if daemon.isRunning {
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
        }
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0, "Log:\n\(ws.log)")
        #expect(took >= 19 && took < 30, "stopped \(took) s after SIGTERM")   // waited 20 s, then cancelled
        let status = try runTandem(["reminders", "status", "--db", ws.database])
        #expect(status.stdout.contains("pending    2") && status.stdout.contains("sent       0"), "\(status.stdout)")
        #expect(ws.log.contains("cancelled"), "Log:\n\(ws.log)")
    }
}
