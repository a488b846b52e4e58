import Foundation
import Synchronization
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

/// Issue 15 item 1 on an injected clock: a store that fills up in the middle of a burst.
@Suite struct StoreFaultTests {
    let t0 = DaemonFixtures.t0

    @Test func aFullStoreBacksOffAndTheRunningLoopReclaimsWhatItLeftClaimed() async throws {
        let real = try DaemonFixtures.store()
        let plan = (0..<50).map { DaemonFixtures.reminder($0, due: t0) }
        try real.importPlan(plan, now: t0)
        let store = FullDiskStore(real)
        store.writesLeft = 10   // ten reminders are marked sent, then the disk is full
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        let channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer)
        try loop.start()
        await timer.fire(clock)
        let fullSince = clock.now()
        #expect(try real.reminders(in: .claimed).count == 40, "the claim whose marking failed is left claimed")
        // 20 s of a full disk: back-offs of 1, 2, 4, 8 s... a handful of attempts, not a tight loop.
        var waits: [TimeInterval] = []
        while clock.now() < fullSince.addingTimeInterval(20) {
            let deadline = try #require(timer.deadline)
            waits.append(deadline.timeIntervalSince(clock.now()))
            await timer.fire(clock)
        }
        #expect(waits.count <= 6, "\(waits.count) store attempts in 20 s: \(waits)")
        #expect(waits.prefix(4) == [1, 2, 4, 8], "\(waits)")
        // Space comes back: without a restart everything is delivered within 30 s, nothing stays claimed.
        store.writesLeft = .max
        let freed = clock.now()
        while channel.delivered.count < 60 && clock.now() < freed.addingTimeInterval(60) {
            await timer.fire(clock)
            if try real.reminders(in: .pending).isEmpty && real.reminders(in: .claimed).isEmpty { break }
        }
        #expect(try real.reminders(in: .sent).count == 50)
        #expect(try real.reminders(in: .claimed).isEmpty && real.reminders(in: .pending).isEmpty)
        #expect(clock.now().timeIntervalSince(freed) <= 30, "all sent \(clock.now().timeIntervalSince(freed)) s after space returned")
        #expect(Set(channel.delivered.map(\.key)) == Set(plan.map(\.key)))
        #expect(channel.delivered.count <= 51, "at most the one whose marking failed is delivered twice (at least once)")
        // Back to normal: idle again.
        #expect(timer.deadline.map { $0.timeIntervalSince(clock.now()) } == 60)
    }
}

/// The SQLite store, with writes that fail as on a full disk once `writesLeft` is used up.
final class FullDiskStore: ForwardingStore, @unchecked Sendable {
    private let left = Atomic<Int>(Int.max)
    var writesLeft: Int {
        get { left.load(ordering: .sequentiallyConsistent) }
        set { left.store(newValue, ordering: .sequentiallyConsistent) }
    }

    private func write() throws(TandemError) {
        let n = left.load(ordering: .sequentiallyConsistent)
        if n <= 0 { throw .temporary(path: real.path, reason: "the disk holding the reminder database is full (database or disk is full). Free some space.") }
        if n != .max { left.store(n - 1, ordering: .sequentiallyConsistent) }
    }

    override func recoverClaimed(now: Date) throws(TandemError) -> Int {
        if writesLeft <= 0 { try write() }
        return try real.recoverClaimed(now: now)
    }
    override func claimDue(now: Date, grace: TimeInterval, limit: Int) throws(TandemError) -> ClaimResult {
        if writesLeft <= 0 { try write() }
        return try real.claimDue(now: now, grace: grace, limit: limit)
    }
    override func markSent(_ ids: [Int64], now: Date) throws(TandemError) {
        try write()
        try real.markSent(ids, now: now)
    }
    override func markFailed(_ id: Int64, error message: String, now: Date, policy: RetryPolicy) throws(TandemError) -> Date? {
        try write()
        return try real.markFailed(id, error: message, now: now, policy: policy)
    }
    override func release(_ ids: [Int64], now: Date) throws(TandemError) {
        if writesLeft <= 0 { try write() }
        try real.release(ids, now: now)
    }
}
