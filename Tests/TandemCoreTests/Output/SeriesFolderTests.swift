import Foundation
import TandemCalendar
import TandemTesting
import Testing
@testable import TandemCore

/// Folding with the previous schedule: unchanged meetings stay in the VEVENT that carried them.
@Suite struct SeriesFolderTests {
    let programme = Fixtures.programme([
        Fixtures.leader("L1", .mentor, school: "A", windows: []),
        Fixtures.leader("L2", .mentee, school: "B", windows: [], pair: "L1"),
    ])
    let series = "mentoring-l1-l2.test-programme@tandem"

    /// Fortnightly Thursdays from 2026-09-10 at `hour`:`minute` London, sessions `periods`.
    func meetings(_ periods: ClosedRange<Int>, hour: Int = 16, minute: Int = 0, weekOffset: Int = 0) -> [Meeting] {
        periods.map { n in
            let day = Fixtures.date("2026-09-10").adding(days: 14 * (n - 1) + 7 * weekOffset)
            let start = day.instant(minutes: hour * 60 + minute, in: Fixtures.zone("Europe/London"))
            return Meeting(uid: Identifiers.occurrence(series: series, period: n), series: series, kind: .mentoring,
                           attendees: ["L1", "L2"], start: start, end: start.addingTimeInterval(3600), period: n)
        }
    }

    func identified(_ meetings: [Meeting], previous: [Meeting] = []) -> [Meeting] {
        var folded: [Meeting] = []
        for e in SeriesFolder.fold(meetings, programme: programme, previous: previous) {
            for var m in e.meetings { m.icsUID = e.uid; folded.append(m) }
        }
        return folded.sorted { $0.start < $1.start }
    }

    @Test func aFreshFoldIsOneSeries() {
        let events = SeriesFolder.fold(meetings(1...8), programme: programme)
        #expect(events.count == 1 && events[0].uid == series && events[0].recurrence?.intervalWeeks == 2)
    }

    @Test func heldSessionsKeepTheSeriesWhenTheRestMove() {
        let run1 = identified(meetings(1...8))
        // Sessions 1-3 held; 4-8 move to 16:15 (more of them than held ones: the old majority rule
        // would have given the series UID to them and new UIDs to the held sessions).
        let run2 = meetings(1...3) + meetings(4...8, minute: 15)
        let events = SeriesFolder.fold(run2, programme: programme, previous: run1)
        let old = events.first { $0.uid == series }!
        #expect(old.meetings.map(\.period) == [1, 2, 3])
        #expect(old.recurrence?.until == run2[2].start)  // cut short
        let moved = events.first { $0.uid != series }!
        #expect(moved.uid == Identifiers.occurrence(series: series, period: 4))
        #expect(moved.meetings.map(\.period) == [4, 5, 6, 7, 8] && moved.recurrence != nil)
        #expect(events.count == 2)
    }

    @Test func aNewMeetingOnTheSeriesSlotJoinsIt() {
        let run1 = identified(meetings(1...3) + meetings(5...6))  // period 4 was not placed: an EXDATE
        let events = SeriesFolder.fold(meetings(1...6), programme: programme, previous: run1)
        #expect(events.count == 1 && events[0].uid == series && events[0].recurrence?.exceptions == [])
    }

    @Test func aFreshUIDTakenByAnUnchangedEventGetsAVariant() {
        // Run 2 folded the moved sessions 4-8 under session 4's uid; in run 3 session 4 moves again
        // on its own while 5-8 stay: that VEVENT keeps its UID, and session 4 needs another.
        let run1 = identified(meetings(1...8))
        let run2 = identified(meetings(1...3) + meetings(4...8, minute: 15), previous: run1)
        let p4 = Identifiers.occurrence(series: series, period: 4)
        #expect(run2.filter { $0.icsUID == p4 }.count == 5)
        let run3 = meetings(1...3) + meetings(4...4, minute: 30) + meetings(5...8, minute: 15)
        let events = SeriesFolder.fold(run3, programme: programme, previous: run2)
        #expect(Set(events.map(\.uid)).count == events.count)
        #expect(events.first { $0.uid == p4 }?.meetings.map(\.period) == [5, 6, 7, 8])
        #expect(events.first { $0.meetings.map(\.period) == [4] }?.uid == Identifiers.variant(of: p4, 2))
        #expect(events.first { $0.uid == series }?.meetings.map(\.period) == [1, 2, 3])
    }
}
