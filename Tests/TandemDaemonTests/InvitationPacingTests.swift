import Foundation
import TandemCore
import TandemTesting
import Testing
@testable import TandemDaemon

/// `delivery.rate`: invitations are given send slots `60 / rate` seconds apart when they are imported
/// (counting those already pending), so that the loop, firing at each due time, never sends more than
/// `rate` in any minute; reminders keep their own due times and go out in the middle of a burst.
@Suite struct InvitationPacingTests {
    /// `pairs` mentor/mentee pairs, each with one session on consecutive days from `first`.
    static func burst(pairs: Int, first: Date, idOffset: Int = 0, zone: String = "Europe/London") -> (Programme, Schedule) {
        var leaders: [Leader] = [], meetings: [Meeting] = []
        for k in 0..<pairs {
            let a = String(format: "L%04d", idOffset + 2 * k + 1), b = String(format: "L%04d", idOffset + 2 * k + 2)
            leaders += [Fixtures.leader(a, .mentor, school: "A\(k)", zone: zone, windows: []),
                        Fixtures.leader(b, .mentee, school: "B\(k)", zone: zone, windows: [], pair: a)]
            let start = first.addingTimeInterval(Double(k) * 3_600)
            let series = "mentoring-\(a.lowercased())-\(b.lowercased()).test-programme@tandem"
            meetings.append(Meeting(uid: series, series: series, kind: .mentoring, attendees: [a, b], start: start,
                                    end: start.addingTimeInterval(3_600), period: 1))
        }
        return (Fixtures.programme(leaders), Schedule(programme: "test-programme", meetings: meetings))
    }

    static func documents(pairs: Int, now: Date, idOffset: Int = 0, zone: String = "Europe/London") -> [InvitationDocument] {
        let (programme, schedule) = burst(pairs: pairs, first: now.addingTimeInterval(5 * 86_400), idOffset: idOffset, zone: zone)
        return InvitationPlanner(programme: programme, schedule: schedule).plan(now: now)
    }

    /// The loop's defaults, without a log line per delivery (hundreds here).
    static let quiet: ReminderLoop.Configuration = {
        var c = ReminderLoop.Configuration()
        c.logEachDelivery = false
        return c
    }()

    /// Fires the loop until nothing is left due (or `limit` fires), the clock following each deadline.
    static func run(_ loop: ReminderLoop, _ timer: ManualTimer, _ clock: ManualClock, until done: () -> Bool, limit: Int = 2_000) async {
        var fires = 0
        while !done() && fires < limit {
            await timer.fire(clock)
            fires += 1
        }
    }

    /// The most messages among `times` inside any half-open minute `[t, t + 60 s)`.
    static func busiestMinute(_ times: [Date]) -> Int {
        let sorted = times.sorted()
        var best = 0, lo = 0
        for hi in sorted.indices {
            while sorted[hi].timeIntervalSince(sorted[lo]) >= 60 { lo += 1 }
            best = max(best, hi - lo + 1)
        }
        return best
    }

    @Test(arguments: [60, 7, 45])
    func aBurstGoesOutAtTheRateAndRemindersAreNotStarved(rate: Int) async throws {
        let t0 = DaemonFixtures.t0  // 12:00:00 UTC, on every slot grid that divides a minute
        let store = try DaemonFixtures.store()
        let docs = Self.documents(pairs: 2 * rate, now: t0)  // 4 × rate messages: four minutes' worth
        let summary = try store.importInvitations(docs, now: t0, pacing: InvitationPacing(rate: rate, quietHours: nil))
        #expect(summary.added == 4 * rate)
        // Reminders due while the burst is under way, one of them exactly on a minute's edge.
        let reminderDue = [t0.addingTimeInterval(10.5), t0.addingTimeInterval(60), t0.addingTimeInterval(150)]
        try store.importPlan(reminderDue.enumerated().map { DaemonFixtures.reminder($0.offset, due: $0.element) }, now: t0)

        let clock = ManualClock(t0), timer = ManualTimer(), channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer, configuration: Self.quiet)
        try loop.start()
        await Self.run(loop, timer, clock) { channel.delivered.count == 4 * rate + reminderDue.count }

        let invitations = channel.delivered.filter { $0.key.hasPrefix("invitation|") }
        let reminders = channel.delivered.filter { !$0.key.hasPrefix("invitation|") }
        #expect(invitations.count == 4 * rate)
        #expect(Set(invitations.map(\.key)).count == 4 * rate, "an invitation went out twice")
        let times = invitations.map(\.at)
        #expect(Self.busiestMinute(times) <= rate, "\(Self.busiestMinute(times)) invitations in one minute at rate \(rate)")
        // Paced, not throttled further: the four minutes' worth take four minutes, less one slot.
        let span = times.max()!.timeIntervalSince(times.min()!)
        #expect(abs(span - (4 * 60 - 60 / Double(rate))) < 0.01, "span \(span) s")
        // The edge of the minute: the first minute's `rate` messages lie in [t0, t0 + 60 s), the next one at t0 + 60 s.
        #expect(times.filter { $0 < t0.addingTimeInterval(60) }.count == rate)
        #expect(times.contains { abs($0.timeIntervalSince(t0.addingTimeInterval(60))) < 0.002 })
        // Each reminder at its own due time, in the middle of the burst, not after it.
        #expect(reminders.map(\.at) == reminderDue)
        #expect(times.filter { $0 > reminderDue[2] }.count > 0)
    }

    @Test func invitationsAlreadyPendingKeepTheirSlotsAndANewImportQueuesBehindThem() async throws {
        let t0 = DaemonFixtures.t0, rate = 30
        let store = try DaemonFixtures.store()
        let pacing = InvitationPacing(rate: rate, quietHours: nil)
        try store.importInvitations(Self.documents(pairs: 50, now: t0), now: t0, pacing: pacing)  // 100 messages
        let clock = ManualClock(t0), timer = ManualTimer(), channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer, configuration: Self.quiet)
        try loop.start()
        await Self.run(loop, timer, clock) { channel.delivered.count == 40 }
        // A re-plan adds 100 more while 60 of the first are still pending: those keep their slots.
        let later = Self.documents(pairs: 100, now: t0)  // the same 50 pairs and 50 new ones
        let summary = try store.importInvitations(later, now: clock.now(), pacing: pacing)
        #expect(summary.added == 100 && summary.unchanged == 100)
        await Self.run(loop, timer, clock) { channel.delivered.count == 200 }
        let times = channel.delivered.map(\.at)
        #expect(channel.delivered.count == 200 && Set(channel.delivered.map(\.key)).count == 200)
        #expect(Self.busiestMinute(times) <= rate)
        #expect(times.max()!.timeIntervalSince(t0) < 200 * 2 + 1)  // no gap left behind: 200 slots of 2 s
    }

    @Test func aBurstPushedPastQuietHoursLeavesThemAtTheRate() async throws {
        // 22:00 in London, quiet hours 21:00-07:30: everything waits for 07:30, then goes at the rate.
        let t0 = Fixtures.instant("2026-09-14T21:00:00Z"), rate = 20
        let morning = Fixtures.instant("2026-09-15T06:30:00Z")  // 07:30 BST
        let store = try DaemonFixtures.store()
        let pacing = InvitationPacing(rate: rate, quietHours: QuietHours(start: 21 * 60, end: 7 * 60 + 30))
        try store.importInvitations(Self.documents(pairs: 50, now: t0), now: t0, pacing: pacing)
        let clock = ManualClock(t0), timer = ManualTimer(), channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer, configuration: Self.quiet)
        try loop.start()
        await Self.run(loop, timer, clock) { channel.delivered.count == 100 }
        let times = channel.delivered.map(\.at)
        #expect(times.count == 100)
        #expect(times.min()! >= morning, "sent at \(times.min()!), inside quiet hours")
        #expect(Self.busiestMinute(times) <= rate)
        #expect(times.max()!.timeIntervalSince(morning) < 100 * 3 + 1)
    }

    /// Slots are given at import; a daemon that was down for an hour finds an hour of them due. On
    /// start-up they are spread again from now at the rate, in their old order, out of quiet hours.
    @Test func afterDowntimeOverdueInvitationsGoOutAtTheRateAgain() async throws {
        let t0 = DaemonFixtures.t0
        let store = try DaemonFixtures.store()
        let rate = 30
        let docs = Self.documents(pairs: 3 * rate, now: t0)  // 6 × rate messages: six minutes' worth
        let pacing = InvitationPacing(rate: rate, quietHours: nil)
        let added = try store.importInvitations(docs, now: t0, pacing: pacing).added
        #expect(added == 6 * rate)
        let before = try store.reminders(in: .pending).sorted { ($0.due, $0.key) < ($1.due, $1.key) }.map(\.key)

        // Down for an hour: every slot has passed. Re-spacing gives them all a slot from now again.
        let back = t0.addingTimeInterval(3_600)
        #expect(try store.respaceOverdueInvitations(now: back, pacing: pacing) == added)
        let after = try store.reminders(in: .pending).sorted { ($0.due, $0.key) < ($1.due, $1.key) }
        #expect(after.map(\.key) == before, "the sending order changed")
        #expect(after.allSatisfy { $0.due >= back })
        #expect(Self.busiestMinute(after.map(\.due)) <= rate)
        #expect(after.last!.due.timeIntervalSince(back) >= Double(added - 1) * 60 / Double(rate) - 0.001)
        // Nothing is overdue now, so a second start-up moves nothing.
        #expect(try store.respaceOverdueInvitations(now: back, pacing: pacing) == 0)

        // The loop then sends them at the rate.
        let clock = ManualClock(back), timer = ManualTimer(), channel = RecordingChannel(clock: clock)
        let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: timer, configuration: Self.quiet)
        try loop.start()
        await Self.run(loop, timer, clock) { channel.delivered.count == added }
        #expect(channel.delivered.count == added)
        #expect(Self.busiestMinute(channel.delivered.map(\.at)) <= rate)
    }

    /// Re-spaced slots keep out of each recipient's quiet hours (their own zone, not the programme's).
    @Test func reSpacedInvitationsStayOutOfQuietHours() throws {
        let t0 = DaemonFixtures.t0  // 12:00 UTC
        let store = try DaemonFixtures.store()
        let docs = Self.documents(pairs: 20, now: t0, zone: "Australia/Sydney")
        let quiet = QuietHours(start: 21 * 60, end: 7 * 60)
        let zones = Dictionary(uniqueKeysWithValues: docs.flatMap(\.messages).map { ($0.recipient, $0.recipientZone) })
        let pacing = InvitationPacing(rate: 60, quietHours: quiet, zones: zones)
        try store.importInvitations(docs, now: t0, pacing: InvitationPacing(rate: 60, quietHours: nil))
        // 10:00 UTC the next day is 21:00 in Sydney (AEDT, UTC+11): quiet until 07:00, i.e. 20:00 UTC.
        let back = t0.addingTimeInterval(22 * 3_600)
        #expect(try store.respaceOverdueInvitations(now: back, pacing: pacing) == 40)
        let sydney = TimeZone(identifier: "Australia/Sydney")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = sydney
        for r in try store.reminders(in: .pending) {
            let hour = calendar.component(.hour, from: r.due)
            #expect(hour >= 7 && hour < 21, "\(r.key) re-spaced to \(r.due) (\(hour):00 in Sydney)")
        }
    }
}
