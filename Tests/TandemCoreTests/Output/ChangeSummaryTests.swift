import Foundation
import TandemCore
import TandemTesting
import Testing

/// The per-leader change summary a re-plan prints.
@Suite struct ChangeSummaryTests {
    let t0 = Fixtures.instant("2026-10-05T15:00:00Z")

    func meeting(_ series: String, _ period: Int, _ attendees: [String], hoursAfter: Double) -> Meeting {
        let start = t0.addingTimeInterval(hoursAfter * 3600)
        return Meeting(uid: "\(series)-p\(period)", series: series, kind: .mentoring, attendees: attendees,
                       start: start, end: start.addingTimeInterval(3600), period: period)
    }

    @Test func aSessionReplacedInAnotherPeriodCountsAsMovedAndTheRestAsAddedOrCancelled() {
        var before = Schedule(programme: "p")
        var after = Schedule(programme: "p")
        before.meetings = [
            meeting("A", 1, ["L1", "L2"], hoursAfter: 0),    // moves within its period
            meeting("A", 2, ["L1", "L2"], hoursAfter: 336),  // gone; A gains period 3 instead
            meeting("B", 1, ["L1", "L3"], hoursAfter: 24),   // gone, nothing in its place
            meeting("C", 1, ["L4", "L5"], hoursAfter: 48),   // unchanged
        ]
        after.meetings = [
            meeting("A", 1, ["L1", "L2"], hoursAfter: 1),
            meeting("A", 3, ["L1", "L2"], hoursAfter: 672),
            meeting("C", 1, ["L4", "L5"], hoursAfter: 48),
            meeting("D", 1, ["L6", "L7"], hoursAfter: 72),   // a new pair's session
        ]
        let c = ChangeSummary(previous: before, current: after, from: t0.addingTimeInterval(-1))
        #expect(c.total == .init(moved: 2, added: 1, cancelled: 1))
        #expect(c.byLeader["L1"] == .init(moved: 2, added: 0, cancelled: 1))
        #expect(c.byLeader["L3"] == .init(moved: 0, added: 0, cancelled: 1))
        #expect(c.byLeader["L6"] == .init(moved: 0, added: 1, cancelled: 0))
        #expect(c.byLeader["L4"] == nil)
    }

    @Test func meetingsBeforeTheNoticeLineAreNotCompared() {
        var before = Schedule(programme: "p")
        before.meetings = [meeting("A", 1, ["L1", "L2"], hoursAfter: 0)]
        let c = ChangeSummary(previous: before, current: Schedule(programme: "p"), from: t0.addingTimeInterval(60))
        #expect(c.total.isEmpty)
    }
}
