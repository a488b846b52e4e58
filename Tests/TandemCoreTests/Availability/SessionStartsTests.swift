import Foundation
import TandemCalendar
@testable import TandemCore
import TandemTesting
import Testing

/// The bitsets the matcher uses to count the periods in which two leaders could meet.
@Suite struct SessionStartsTests {
    func starts(_ p: Programme, notBefore: Date? = nil) -> SessionStarts {
        Availability(p, notBefore: notBefore).starts
    }

    @Test func londonAndNewYorkLoseTheirHourInTheWeeksOnlyOneSideHasChangedClocks() {
        // London Tue 15:00-17:00 and New York Tue 10:00-11:00 (London 15:00-16:00 while both are
        // on standard or both on summer time). Europe changes on 25 Oct 2026 and 28 Mar 2027, the
        // United States on 1 Nov 2026 and 14 Mar 2027: in the weeks between, New York 10:00 is
        // London 14:00 and the hour is gone.
        let autumn = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Tue", "15:00", "17:00")]),
            Fixtures.leader("N1", .mentee, school: "B", zone: "America/New_York", windows: [Fixtures.window("Tue", "10:00", "11:00")]),
        ], start: "2026-10-12", end: "2026-11-15", count: nil, cadence: .weeks(1))
        let a = starts(autumn)
        #expect(a.periodCount == 5)
        #expect(a.periodsInCommon(0, 1) == 4)  // all but the week of 26 October

        var spring = autumn
        spring.start = Fixtures.date("2027-03-01")
        spring.end = Fixtures.date("2027-04-11")
        let s = starts(spring)
        #expect(s.periodCount == 6)
        #expect(s.periodsInCommon(0, 1) == 4)  // all but the weeks of 15 and 22 March
    }

    @Test func londonAndSydneyShareAnEveningThatMovesTwiceAYear() {
        // London Wed 07:00-08:00 is Sydney Wed 18:00-19:00 (AEDT, +11) in the northern winter and
        // Wed 16:00-17:00 (AEST, +10) in the northern summer.
        let p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Wed", "07:00", "08:00")]),
            Fixtures.leader("S1", .mentee, school: "B", zone: "Australia/Sydney", windows: [Fixtures.window("Wed", "18:00", "19:00")]),
        ], start: "2026-09-07", end: "2027-07-16", count: nil, cadence: .monthly)
        let s = starts(p)
        // Both sides on the pairing that gives +11: London GMT with Sydney AEDT, from 25 Oct 2026 to
        // 28 Mar 2027 (Sydney's summer time runs 4 Oct 2026 to 4 Apr 2027). Months from Oct 7 to Mar 7.
        #expect(s.periodsInCommon(0, 1) == 6)
    }

    @Test func theBufferAroundABusyEventCountsAndNotBeforeDropsThePast() {
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
        ], start: "2026-09-07", end: "2026-09-20", count: nil, cadence: .weeks(1))
        let london = Fixtures.zone("Europe/London")
        // 16:00-16:50 plus a 15-minute buffer leaves 17:05-18:00: no whole hour on the quarter-hour grid.
        p.busy["L1"] = [BusyInterval(start: Fixtures.date("2026-09-07").instant(minutes: 16 * 60, in: london),
                                     end: Fixtures.date("2026-09-07").instant(minutes: 16 * 60 + 50, in: london), summary: "SLT")]
        #expect(starts(p).periodsInCommon(0, 1) == 1)
        p.sessions.buffer = 0
        #expect(starts(p).periodsInCommon(0, 1) == 2)
        let late = Fixtures.date("2026-09-14").instant(minutes: 17 * 60 + 1, in: london)
        #expect(starts(p, notBefore: late).periodCount == 1)
        #expect(starts(p, notBefore: late).periodsInCommon(0, 1) == 0)
    }
}
