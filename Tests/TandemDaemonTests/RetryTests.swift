import Foundation
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

/// Issue 15 item 4: retries go on while the reminder is useful, with capped back-off, on an injected clock.
@Suite struct RetryTests {
    let t0 = DaemonFixtures.t0

    private func loop(_ plan: [PlannedReminder]) throws -> (ReminderLoop, ManualClock, ManualTimer, RecordingChannel) {
        let store = try DaemonFixtures.store()
        try store.importPlan(plan, now: t0)
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        let channel = RecordingChannel(clock: clock)
        return (ReminderLoop(store: store, channel: channel, clock: clock, timer: timer), clock, timer, channel)
    }

    @Test func backOffDoublesUpToThirtyMinutesAndStopsWhenNoLongerUseful() {
        let policy = RetryPolicy()
        #expect((1...8).map { policy.delay(afterAttempt: $0)! } == [30, 60, 120, 240, 480, 960, 1_800, 1_800])
        #expect(policy.delay(afterAttempt: 10_000) == 1_800, "no attempt limit by default")
        let start = t0.addingTimeInterval(600)
        // A retry that would land after the meeting starts is moved to a minute before it, then given up.
        #expect(policy.nextAttempt(afterAttempt: 9, now: t0, usefulUntil: start) == start.addingTimeInterval(-60))
        #expect(policy.nextAttempt(afterAttempt: 9, now: start.addingTimeInterval(-60), usefulUntil: start) == nil)
        #expect(RetryPolicy(maximumAttempts: 3).delay(afterAttempt: 3) == nil)
    }

    /// A relay down for 30 minutes on the simulated clock: every reminder is delivered once it is back,
    /// none is failed, and no wait between attempts is longer than the 30-minute cap.
    @Test func aRelayDownForThirtyMinutesLosesNothing() async throws {
        let plan = (0..<10).map { DaemonFixtures.reminder($0, due: t0.addingTimeInterval(Double($0)), offset: 2 * 3_600) }
            + (10..<15).map { DaemonFixtures.reminder($0, due: t0.addingTimeInterval(Double($0)), kind: .checkin, offset: -3_600) }
        let (loop, clock, timer, channel) = try loop(plan)
        channel.failuresLeft = .max
        try loop.start()
        var fires = 0
        while channel.delivered.count < plan.count && fires < 500 {
            if clock.now() >= t0.addingTimeInterval(30 * 60) { channel.failuresLeft = 0 }   // the relay is back
            await timer.fire(clock)
            fires += 1
        }
        #expect(Set(channel.delivered.map(\.key)) == Set(plan.map(\.key)), "delivered \(channel.delivered.count) of \(plan.count)")
        #expect(try loop.store.reminders(in: .failed).isEmpty)
        let last = channel.delivered.map(\.at).max()!
        #expect(last.timeIntervalSince(t0) <= 30 * 60 + 30 * 60, "the last one came \(last.timeIntervalSince(t0)) s after the outage began")
        #expect(fires < 500)
    }

    /// A relay that never comes back: a before-reminder fails when its meeting starts, a check-in after
    /// `retry_for`; `retryNow(failed:)` re-queues both and they are delivered.
    @Test func failedWhenNoLongerUsefulThenRequeuedByHand() async throws {
        let before = DaemonFixtures.reminder(1, due: t0, offset: 3_600)
        let checkin = DaemonFixtures.reminder(2, due: t0, kind: .checkin, offset: -3_600)
        let (loop, clock, timer, channel) = try loop([before, checkin])
        channel.failuresLeft = .max
        try loop.start()
        var failedAt: [String: Date] = [:]
        for _ in 0..<4_000 where failedAt.count < 2 {   // the idle timer wakes once a minute: 2 days is 2,880 fires
            await timer.fire(clock)
            for r in try loop.store.reminders(in: .failed) where failedAt[r.key] == nil { failedAt[r.key] = clock.now() }
        }
        let beforeFailed = try #require(failedAt[before.key])
        let checkinFailed = try #require(failedAt[checkin.key])
        #expect(beforeFailed <= t0.addingTimeInterval(3_600) && beforeFailed > t0.addingTimeInterval(3_600 - 30 * 60))
        #expect(checkinFailed <= t0.addingTimeInterval(2 * 86_400) && checkinFailed > t0.addingTimeInterval(2 * 86_400 - 30 * 60))
        let status = try loop.store.status()
        #expect(status.failed.count == 2 && status.failed.allSatisfy { $0.lastError == "HTTP 500" })
        #expect(status.text().contains("HTTP 500"))
        // By hand: nothing waits for a retry, both failed ones are re-queued.
        let store = try #require(loop.store as? SQLiteReminderStore)
        #expect(try store.retryNow(failed: false, now: clock.now()) == 0)
        #expect(try store.retryNow(failed: true, now: clock.now()) == 2)
        channel.failuresLeft = 0
        loop.wake()
        await timer.fire(clock)
        #expect(Set(channel.delivered.map(\.key)) == [before.key, checkin.key])
    }
}
