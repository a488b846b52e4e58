import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

@Suite struct SchedulerTests {
    let beforeStart = Fixtures.instant("2026-08-01T00:00:00Z")

    func check(_ schedule: Schedule, _ programme: Programme, now: Date) {
        let violations = ConstraintChecker.violations(schedule, programme: programme, now: now)
        #expect(violations.isEmpty, "\(violations.prefix(5))")
    }

    @Test func fixedPairGetsItsCountOnAStableSlot() {
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "15:30", "17:30")], pair: "L1"),
        ])
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(s.pairs.map { [$0.mentor, $0.mentee] } == [["L1", "L2"]])
        #expect(s.meetings.count == 12)
        #expect(s.unplaced.isEmpty)
        let london = Fixtures.zone("Europe/London")
        // Same local time on both sides of the October change.
        let times = Set(s.meetings.map { LocalDate.local($0.start, in: london).minutes })
        #expect(times == [16 * 60])
        #expect(Set(s.meetings.map { LocalDate.local($0.start, in: london).date.isoWeekday }) == [1])
        #expect(Set(s.meetings.map(\.period)).count == 12)
        check(s, p, now: beforeStart)
    }

    @Test func londonAndNewYorkStayInsideBothWindowsAcrossDST() {
        // New York 10:00-12:00 is London 15:00-17:00, except in the weeks when only one side has changed.
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Tue", "15:00", "17:00")]),
            Fixtures.leader("N1", .mentee, school: "B", zone: "America/New_York",
                            windows: [Fixtures.window("Tue", "10:00", "12:00")], pair: "L1"),
        ], start: "2026-10-13", end: "2027-04-30", count: nil, cadence: .weeks(1))
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(s.meetings.count > 20)
        check(s, p, now: beforeStart)
        // In the week of 2026-10-27 (London back on GMT, New York still on EDT), NY 10:00 is London 14:00,
        // so the only shared hour is London 15:00-16:00.
        let odd = s.meetings.first { LocalDate.local($0.start, in: Fixtures.zone("Europe/London")).date == Fixtures.date("2026-10-27") }
        #expect(odd.map { LocalDate.local($0.start, in: Fixtures.zone("Europe/London")).minutes } == 15 * 60)
    }

    @Test func londonAndSydneyMeetInTheOnlyOverlap() {
        // London early morning is Sydney evening.
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Wed", "07:00", "08:30")]),
            Fixtures.leader("S1", .mentee, school: "B", zone: "Australia/Sydney",
                            windows: [Fixtures.window("Wed", "17:00", "19:30")], pair: "L1"),
        ], count: nil)
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(!s.meetings.isEmpty)
        check(s, p, now: beforeStart)
        for m in s.meetings {
            let (_, syd) = LocalDate.local(m.start, in: Fixtures.zone("Australia/Sydney"))
            #expect(syd >= 17 * 60 && syd + 60 <= 19 * 60 + 30)
        }
    }

    @Test func mentorWithThreeMenteesIsNeverDoubleBooked() {
        var p = Fixtures.programme([
            Fixtures.leader("M", .mentor, school: "A", windows: [Fixtures.window("Thu", "15:00", "18:00")]),
            Fixtures.leader("E1", .mentee, school: "B", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
            Fixtures.leader("E2", .mentee, school: "C", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
            Fixtures.leader("E3", .mentee, school: "D", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
        ], count: 4, cadence: .weeks(2))
        p.limits.perLeaderPerDay = 3
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(s.meetings.count == 12)
        check(s, p, now: beforeStart)
        let mentor = s.meetings.filter { $0.attendees.contains("M") }.sorted { $0.start < $1.start }
        for (a, b) in zip(mentor, mentor.dropFirst()) {
            #expect(b.start >= a.end.addingTimeInterval(TimeInterval(p.sessions.buffer)))
        }
    }

    @Test func limitPerDayLeavesSessionsUnplacedWithAReason() {
        let p = Fixtures.programme([
            Fixtures.leader("M", .mentor, school: "A", windows: [Fixtures.window("Thu", "15:00", "18:00")]),
            Fixtures.leader("E1", .mentee, school: "B", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
            Fixtures.leader("E2", .mentee, school: "C", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "M"),
        ], start: "2026-09-07", end: "2026-10-04", count: nil, cadence: .weeks(2))
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        check(s, p, now: beforeStart)
        // Two Thursdays per fortnight and one meeting a day: both pairs fit.
        #expect(s.meetings.count == 4)
        var tight = p
        tight.sessions.cadence = .weeks(1)
        let t = SchedulePipeline(programme: tight, now: beforeStart).schedule()
        check(t, tight, now: beforeStart)
        #expect(t.unplaced.contains { $0.reason == .limitReached })
    }

    @Test func wholeClosedPeriodIsSkippedAndSchoolClosureExplained() {
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "18:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-10-18", count: nil, cadence: .weeks(2))
        // Period 2 (2026-09-21 .. 2026-10-04) closed for everyone: skipped, not reported.
        for d in 0..<14 { p.closures.close(Fixtures.date("2026-09-21").adding(days: d), because: "Trust closure") }
        // School B closed on both Mondays of period 3.
        var b = Programme.Closures()
        b.close(Fixtures.date("2026-10-05"), because: "INSET day")
        b.close(Fixtures.date("2026-10-12"), because: "INSET day")
        p.schoolClosures["B"] = b
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        check(s, p, now: beforeStart)
        #expect(s.meetings.map(\.period) == [1])
        #expect(s.unplaced.map(\.period) == [3])
        #expect(s.unplaced.first?.reason == .closedPeriod)
        #expect(s.unplaced.first?.detail.contains("INSET day") == true)
    }

    @Test func busyCalendarNamesTheClash() {
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "17:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "17:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-09-20", count: nil)
        p.busy["L2"] = [
            BusyInterval(start: Fixtures.instant("2026-09-07T15:00:00Z"), end: Fixtures.instant("2026-09-07T16:30:00Z"), summary: "Governors"),
            BusyInterval(start: Fixtures.instant("2026-09-14T15:00:00Z"), end: Fixtures.instant("2026-09-14T15:30:00Z"), summary: "SLT"),
        ]
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(s.meetings.isEmpty)
        #expect(s.unplaced.first?.reason == .calendarBusy)
        #expect(s.unplaced.first?.detail.contains("Governors") == true)
    }

    @Test func noticeAndNoCommonAvailability() {
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "17:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "17:00")], pair: "L1"),
            Fixtures.leader("L3", .mentor, school: "C", windows: [Fixtures.window("Fri", "09:00", "10:00")]),
            Fixtures.leader("L4", .mentee, school: "D", windows: [Fixtures.window("Tue", "09:00", "10:00")], pair: "L3"),
        ], start: "2026-09-07", end: "2026-10-04", count: nil)
        let now = Fixtures.instant("2026-09-20T12:00:00Z")
        let s = SchedulePipeline(programme: p, now: now).schedule()
        check(s, p, now: now)
        let first = s.unplaced.filter { $0.attendees == ["L1", "L2"] }
        #expect(first.map(\.reason) == [.notice])
        #expect(s.meetings.map(\.period) == [2])
        let never = s.unplaced.filter { $0.attendees == ["L3", "L4"] }
        #expect(never.map(\.reason) == [.noCommonAvailability, .noCommonAvailability])
    }

    @Test func sameInputSameSchedule() {
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "15:30", "17:30")], pair: "L1"),
        ])
        let a = ScheduleJSON.encode(SchedulePipeline(programme: p, now: beforeStart).schedule())
        let b = ScheduleJSON.encode(SchedulePipeline(programme: p, now: beforeStart).schedule())
        #expect(a == b)
    }
}

@Suite struct GroupPlacementTests {
    let beforeStart = Fixtures.instant("2026-08-01T00:00:00Z")

    func programme(minAttendance: Double) -> Programme {
        var p = Fixtures.programme([
            Fixtures.leader("F", .mentor, school: "A", windows: [Fixtures.window("Thu", "15:00", "18:00")]),
            Fixtures.leader("M1", .mentee, school: "B", windows: [Fixtures.window("Thu", "15:00", "18:00")], pair: "F"),
            Fixtures.leader("M2", .mentee, school: "C", windows: [Fixtures.window("Thu", "16:00", "18:00")]),
            Fixtures.leader("M3", .mentee, school: "D", windows: [Fixtures.window("Mon", "09:00", "10:00")]),
        ], start: "2026-09-07", end: "2026-11-29", count: nil)
        p.limits.perLeaderPerDay = 2
        p.groups = [Programme.Group(name: "Network", members: .all, facilitator: "F", cadence: .weeks(6),
                                    duration: 5400, minAttendance: minAttendance)]
        return p
    }

    @Test func groupReachesMinimumWithFacilitatorAndListsAbsentees() {
        let p = programme(minAttendance: 0.75)
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(ConstraintChecker.violations(s, programme: p, now: beforeStart).isEmpty)
        let groups = s.meetings.filter { $0.kind == .group }
        #expect(groups.count == 2)
        for g in groups {
            #expect(g.attendees.contains("F"))
            #expect(Set(g.attendees) == ["F", "M1", "M2"])
            #expect(g.absent?.map(\.leader) == ["M3"])
            #expect(g.absent?.first?.reason == .noCommonAvailability)
            #expect(g.title == "Network")
        }
        // The one-to-one sessions still all happen, and never overlap the group.
        #expect(s.summary.placed == s.summary.requested)
    }

    @Test func groupBelowMinimumIsReportedWithTheBestItCouldDo() {
        let p = programme(minAttendance: 1.0)
        let s = SchedulePipeline(programme: p, now: beforeStart).schedule()
        #expect(s.meetings.filter { $0.kind == .group }.isEmpty)
        let misses = s.unplaced.filter { $0.kind == .group }
        #expect(misses.count == 2)
        #expect(misses.allSatisfy { $0.reason == .noCommonAvailability && $0.detail.contains("3 of 4 members") })
    }
}
