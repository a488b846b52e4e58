import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

/// The independent checker, and how it treats the history a re-plan keeps.
@Suite struct ConstraintCheckerTests {
    let beforeStart = Fixtures.instant("2026-08-01T00:00:00Z")

    func programme() -> Programme {
        Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "18:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-10-30", count: nil)
    }

    @Test func aKeptMeetingInsideNoticeIsHistoryOnlyWithThePreviousSchedule() throws {
        var p = programme()
        let first = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(ConstraintChecker.violations(first, programme: p, now: beforeStart).isEmpty)
        // A day before the second meeting, L2's new export shows a governors' meeting over it.
        let kept = try #require(first.meetings.dropFirst().first)
        let now = kept.start.addingTimeInterval(-86_400)
        p.busy["L2"] = [BusyInterval(start: kept.start, end: kept.end, summary: "Governors")]

        let without = ConstraintChecker.violations(first, programme: p, now: now)
        #expect(without.contains { $0.meeting == kept.uid && $0.constraint == 2 })
        #expect(without.contains { $0.meeting == kept.uid && $0.constraint == 6 })

        let with = ConstraintChecker.violations(first, programme: p, now: now, previous: first)
        #expect(!with.contains { $0.meeting == kept.uid }, "\(with)")
        // The meetings already past are history too; only what is still to come is checked.
        #expect(with.isEmpty, "\(with)")
    }

    @Test func aMeetingMovedIntoTheNoticeWindowIsStillCaught() throws {
        let p = programme()
        let first = SchedulePipeline(programme: p, now: beforeStart).schedule()
        let kept = try #require(first.meetings.dropFirst().first)
        let now = kept.start.addingTimeInterval(-86_400)
        var moved = first
        let i = try #require(moved.meetings.firstIndex { $0.uid == kept.uid })
        moved.meetings[i].start.addTimeInterval(1800)
        moved.meetings[i].end.addTimeInterval(1800)
        let v = ConstraintChecker.violations(moved, programme: p, now: now, previous: first)
        #expect(v.map(\.constraint) == [6])
        #expect(v.first?.meeting == kept.uid)
    }

    @Test func keptHistoryStillCountsForDoubleBooking() throws {
        let p = programme()
        let first = SchedulePipeline(programme: p, now: beforeStart).schedule()
        let kept = try #require(first.meetings.first)
        var doubled = first
        var copy = kept
        copy.uid = "extra@test"
        doubled.meetings.append(copy)
        let v = ConstraintChecker.violations(doubled, programme: p, now: kept.start, previous: first)
        #expect(v.contains { $0.constraint == 4 && $0.meeting == kept.uid })
        #expect(v.contains { $0.constraint == 4 && $0.meeting == "extra@test" })
    }
}
