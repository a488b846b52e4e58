import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

@Suite struct ExplainerTests {
    let now = Fixtures.instant("2026-08-01T00:00:00Z")

    func programme() -> Programme {
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "20:00")]),
            Fixtures.leader("L2", .mentee, school: "B", zone: "America/New_York",
                            windows: [Fixtures.window("Mon", "11:00", "15:00")], pair: "L1"),
            Fixtures.leader("L3", .mentee, school: "C", windows: [Fixtures.window("Fri", "09:00", "10:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-10-04", count: nil, cadence: .weeks(1))
        // L2 is busy early one week and late another: whichever slot is usual, one week must move.
        p.busy["L2"] = [
            BusyInterval(start: Fixtures.instant("2026-09-14T16:00:00Z"), end: Fixtures.instant("2026-09-14T17:00:00Z"), summary: "Governors"),
            BusyInterval(start: Fixtures.instant("2026-09-21T17:00:00Z"), end: Fixtures.instant("2026-09-21T18:30:00Z"), summary: "Parents' evening"),
        ]
        return p
    }

    @Test func movedSessionNamesTheClashAndMissingOnesTheReason() throws {
        let p = programme()
        let s = SchedulePipeline(programme: p, now: now).schedule()
        let text = try Explainer(programme: p, schedule: s).explain(leader: "L1")
        #expect(text.contains("Usual slot: Mon 16:00 (Europe/London), 3 of 4"), "\(text)")
        #expect(text.contains("Mon 2026-09-14") && text.contains("(Governors)"), "\(text)")
        #expect(text.contains("Mon 2026-09-14 18:15-19:15") && text.contains("not the usual slot because Mon 2026-09-14: Leader's calendar is busy 17:00-18:00 (Governors)"), "\(text)")
        #expect(text.contains("America/New_York"))
        // L1 and L3 never share a window: each missing week is explained.
        #expect(text.contains("[no-common-availability]"))
    }

    @Test func pairAndUnknownLeader() throws {
        let p = programme()
        let s = SchedulePipeline(programme: p, now: now).schedule()
        let text = try Explainer(programme: p, schedule: s).explain(pair: "L2", "L1")
        #expect(text.contains("Mentoring: Leader L1 & Leader L2"))
        #expect(throws: TandemError.self) { try Explainer(programme: p, schedule: s).explain(leader: "L999") }
    }
}
