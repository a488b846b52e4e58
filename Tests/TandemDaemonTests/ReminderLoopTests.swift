import Foundation
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

@Suite struct ReminderLoopTests {
    let t0 = DaemonFixtures.t0

    func loop(_ plan: [PlannedReminder], configuration: ReminderLoop.Configuration = .init())
        throws -> (ReminderLoop, ManualClock, ManualTimer, RecordingChannel) {
        let store = try DaemonFixtures.store()
        try store.importPlan(plan, now: t0)
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        let channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer, configuration: configuration)
        return (loop, clock, timer, channel)
    }

    @Test func armsForNextDueOrSixtySecondsAndDeliversOnTime() async throws {
        let plan = [DaemonFixtures.reminder(1, due: t0.addingTimeInterval(20)),
                    DaemonFixtures.reminder(2, due: t0.addingTimeInterval(150)),
                    DaemonFixtures.reminder(3, due: t0.addingTimeInterval(150))]
        let (loop, clock, timer, channel) = try loop(plan)
        try loop.start()
        #expect(timer.deadline == t0)            // fires at once on start
        await timer.fire(clock)
        #expect(timer.deadline == t0.addingTimeInterval(20))
        await timer.fire(clock)
        #expect(channel.delivered.map(\.key) == [plan[0].key])
        #expect(timer.deadline == t0.addingTimeInterval(80))   // idle cap: now + 60 s
        await timer.fire(clock)
        #expect(channel.delivered.count == 1)
        #expect(timer.deadline == t0.addingTimeInterval(140))
        await timer.fire(clock)
        #expect(timer.deadline == t0.addingTimeInterval(150))
        await timer.fire(clock)
        #expect(channel.delivered.map(\.key) == plan.map(\.key))
        #expect(zip(channel.delivered, plan).allSatisfy { $0.at == $1.due })  // on time, to the millisecond
        #expect(try loop.store.status().counts[.sent] == 3)
        // Idle: one wake-up a minute, never more.
        for _ in 0..<5 { await timer.fire(clock) }
        let gaps = zip(timer.deadlines.suffix(5), timer.deadlines.suffix(4)).map { $1.timeIntervalSince($0) }
        #expect(gaps.allSatisfy { $0 == 60 })
    }

    @Test func catchUpWithinGraceAndMissedBeyondIt() async throws {
        var config = ReminderLoop.Configuration()
        config.grace = 6 * 3_600
        let plan = [DaemonFixtures.reminder(1, due: t0.addingTimeInterval(-10 * 3_600)),
                    DaemonFixtures.reminder(2, due: t0.addingTimeInterval(-2 * 3_600)),
                    DaemonFixtures.reminder(3, due: t0.addingTimeInterval(-60))]
        let (loop, clock, timer, channel) = try loop(plan, configuration: config)
        try loop.start()
        await timer.fire(clock)
        #expect(channel.delivered.map(\.key) == [plan[1].key, plan[2].key])
        let status = try loop.store.status()
        #expect(status.counts[.missed] == 1 && status.missed.first?.key == plan[0].key)
    }

    @Test func failedDeliveriesRetryWithBackoffThenFail() async throws {
        var config = ReminderLoop.Configuration()
        config.retry = RetryPolicy(initialDelay: 30, maximumDelay: 600, maximumAttempts: 3)
        let plan = [DaemonFixtures.reminder(1, due: t0), DaemonFixtures.reminder(2, due: t0.addingTimeInterval(1))]
        let (loop, clock, timer, channel) = try loop(plan, configuration: config)
        channel.failuresLeft = 1
        try loop.start()
        await timer.fire(clock)   // #1 fails (retry at +30)
        #expect(channel.delivered.isEmpty)
        #expect(timer.deadline == t0.addingTimeInterval(1))
        await timer.fire(clock)   // #2 goes
        #expect(channel.delivered.map(\.key) == [plan[1].key])
        #expect(timer.deadline == t0.addingTimeInterval(30))
        await timer.fire(clock)
        #expect(channel.delivered.map(\.key) == [plan[1].key, plan[0].key])
        #expect(try loop.store.reminder(key: plan[0].key)?.attempts == 2)

        // Always failing: attempts at +0, +30, +90, then failed; the loop keeps running.
        let (loop2, clock2, timer2, channel2) = try self.loop([DaemonFixtures.reminder(7, due: t0)], configuration: config)
        channel2.failuresLeft = 100
        try loop2.start()
        var attemptsAt: [TimeInterval] = []
        for _ in 0..<8 {
            let before = try loop2.store.reminder(key: DaemonFixtures.reminder(7, due: t0).key)!.attempts
            await timer2.fire(clock2)
            if try loop2.store.reminder(key: DaemonFixtures.reminder(7, due: t0).key)!.attempts > before {
                attemptsAt.append(clock2.now().timeIntervalSince(t0))
            }
        }
        #expect(attemptsAt == [0, 30, 90])
        let failed = try loop2.store.reminders(in: .failed)
        #expect(failed.count == 1 && failed[0].lastError == "HTTP 500")
        #expect(timer2.deadline != nil && !timer2.cancelled)
    }

    @Test func stopFinishesAndReleasesClaims() async throws {
        let plan = (0..<5).map { DaemonFixtures.reminder($0, due: t0) }
        let (loop, clock, timer, channel) = try loop(plan)
        try loop.start()
        await loop.stop()
        await timer.fire(clock)
        #expect(channel.delivered.isEmpty && timer.cancelled)
        #expect(try loop.store.status().counts[.pending] == 5)
    }

    @Test func aWakeUpIsServedByOneTick() async throws {
        let plan = [DaemonFixtures.reminder(1, due: t0.addingTimeInterval(100))]
        let (loop, clock, timer, channel) = try loop(plan)
        try loop.start()
        await timer.fire(clock)
        #expect(timer.deadline == t0.addingTimeInterval(60))
        loop.wake()                                   // as after a SIGHUP
        #expect(timer.deadline == t0)                 // at once
        await timer.fire(clock)
        #expect(timer.deadline == t0.addingTimeInterval(60))   // served: back to the idle cap, no extra tick
        #expect(channel.delivered.isEmpty)
    }
}
