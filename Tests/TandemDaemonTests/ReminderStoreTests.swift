import Foundation
import GRDB
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

@Suite struct ReminderStoreTests {
    let t0 = DaemonFixtures.t0

    @Test func importIsIdempotent() throws {
        let store = try DaemonFixtures.store()
        let plan = (0..<50).map { DaemonFixtures.reminder($0, due: t0.addingTimeInterval(Double($0) * 60)) }
        #expect(try store.importPlan(plan, now: t0).added == 50)
        let again = try store.importPlan(plan, now: t0)
        #expect(again.added == 0 && again.moved == 0 && again.cancelled == 0 && again.unchanged == 50)
        #expect(try store.status().counts[.pending] == 50)
    }

    @Test func movedMeetingsMoveVanishedCancelNewAdd() throws {
        let store = try DaemonFixtures.store()
        let plan = (0..<3).map { DaemonFixtures.reminder($0, due: t0.addingTimeInterval(Double($0) * 60)) }
        try store.importPlan(plan, now: t0)
        var next = plan
        next[0].due = t0.addingTimeInterval(7 * 86_400)   // moved a week later
        next.remove(at: 2)                                  // vanished
        next.append(DaemonFixtures.reminder(9, due: t0))    // new
        let s = try store.importPlan(next, now: t0)
        #expect(s.added == 1 && s.moved == 1 && s.cancelled == 1 && s.unchanged == 1)
        let moved = try #require(try store.reminder(key: plan[0].key))
        #expect(moved.due == t0.addingTimeInterval(7 * 86_400) && moved.nextAttempt == moved.due && moved.state == .pending)
        #expect(try store.reminder(key: plan[2].key)?.state == .cancelled)
        // The meeting comes back: its reminder is pending again.
        let back = try store.importPlan(plan + [DaemonFixtures.reminder(9, due: t0)], now: t0)
        #expect(back.revived == 1 && back.moved == 1)
        #expect(try store.reminder(key: plan[2].key)?.state == .pending)
    }

    @Test func sentRemindersAreHistory() throws {
        let store = try DaemonFixtures.store()
        let plan = [DaemonFixtures.reminder(1, due: t0)]
        try store.importPlan(plan, now: t0)
        let c = try store.claimDue(now: t0, grace: 3_600)
        try store.markSent(c.claimed.map(\.id), now: t0)
        var moved = plan
        moved[0].due = t0.addingTimeInterval(86_400)
        #expect(try store.importPlan(moved, now: t0).unchanged == 1)
        #expect(try store.importPlan([], now: t0).cancelled == 0)
        #expect(try store.reminder(key: plan[0].key)?.state == .sent)
    }

    @Test func claimTakesDueAndMarksOldOnesMissed() throws {
        let store = try DaemonFixtures.store()
        let plan = [
            DaemonFixtures.reminder(1, due: t0.addingTimeInterval(-7 * 3_600)),   // older than the 6 h grace
            DaemonFixtures.reminder(2, due: t0.addingTimeInterval(-5 * 3_600)),   // inside the grace window
            DaemonFixtures.reminder(3, due: t0),
            DaemonFixtures.reminder(4, due: t0.addingTimeInterval(1)),            // not yet
        ]
        try store.importPlan(plan, now: t0)
        let c = try store.claimDue(now: t0, grace: 6 * 3_600)
        #expect(c.missed == [plan[0].key])
        #expect(c.claimed.map(\.key) == [plan[1].key, plan[2].key])
        #expect(try store.claimDue(now: t0, grace: 6 * 3_600).claimed.isEmpty)  // claimed once only
        #expect(try store.nextDue() == t0.addingTimeInterval(1))
        let status = try store.status()
        #expect(status.counts[.missed] == 1 && status.counts[.claimed] == 2 && status.counts[.pending] == 1)
        #expect(status.missed.map(\.key) == [plan[0].key])
        #expect(status.text().contains("Missed"))
    }

    @Test func recoveredClaimsAreNeverMissed() throws {
        let store = try DaemonFixtures.store()
        try store.importPlan([DaemonFixtures.reminder(1, due: t0)], now: t0)
        _ = try store.claimDue(now: t0, grace: 60)
        #expect(try store.recoverClaimed(now: t0.addingTimeInterval(60)) == 1)
        // A day later (far past grace) it is claimed again, not missed: it may have been delivered already.
        let c = try store.claimDue(now: t0.addingTimeInterval(86_400), grace: 60)
        #expect(c.missed.isEmpty && c.claimed.count == 1)
    }

    @Test func failuresBackOffExponentiallyThenFail() throws {
        let store = try DaemonFixtures.store()
        try store.importPlan([DaemonFixtures.reminder(1, due: t0)], now: t0)
        let policy = RetryPolicy(initialDelay: 10, maximumDelay: 1_000, maximumAttempts: 4)
        var now = t0
        var delays: [TimeInterval] = []
        while true {
            let c = try store.claimDue(now: now, grace: 3_600)
            let r = try #require(c.claimed.first)
            guard let next = try store.markFailed(r.id, error: "disk full", now: now, policy: policy) else { break }
            delays.append(next.timeIntervalSince(now))
            #expect(try store.nextDue() == next)
            now = next
        }
        #expect(delays == [10, 20, 40])
        let failed = try #require(try store.reminders(in: .failed).first)
        #expect(failed.attempts == 4 && failed.lastError == "disk full")
    }

    @Test func textFileAtTheDatabasePathIsRefusedAndKept() throws {
        let folder = TestSupport.temporaryFolder("daemon-store")
        let path = folder.appendingPathComponent("reminders.sqlite").path
        let text = "these are my notes, not a database\n".repeated(10)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try SQLiteReminderStore(path: path)
        } throws: { error in
            guard let e = error as? TandemError, e.exitCode == 65 else { return false }
            return e.description.contains(path) && e.description.contains("not an SQLite database") && e.description.contains("--db")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["reminders.sqlite"])
    }

    @Test func foreignSQLiteDatabaseIsRefusedAndKept() throws {
        let folder = TestSupport.temporaryFolder("daemon-store")
        let path = folder.appendingPathComponent("reminders.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteReminderStore(path: path)
        } throws: { error in
            (error as? TandemError)?.exitCode == 65 && "\(error)".contains("another application")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func reopenKeepsDataAndSchemaVersion() throws {
        let folder = TestSupport.temporaryFolder("daemon-store")
        let path = folder.appendingPathComponent("r.sqlite").path
        do {
            let store = try SQLiteReminderStore(path: path)
            try store.importPlan([DaemonFixtures.reminder(1, due: t0)], now: t0)
            try store.setMeta("fingerprint", "abc")
        }
        let store = try SQLiteReminderStore(path: path)
        #expect(try store.meta("fingerprint") == "abc")
        #expect(try store.status().counts[.pending] == 1)
        let appID = try store.pool.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
        #expect(appID == DatabaseFileCheck.applicationID)
        #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}

extension String {
    func repeated(_ n: Int) -> String { String(repeating: self, count: n) }
}
