import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

@Suite struct OverviewPageTests {
    @Test func selfContainedAndShowsEverything() {
        var p = Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A <b>", windows: [Fixtures.window("Mon", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "18:00")], pair: "L1"),
            Fixtures.leader("L3", .mentee, school: "C", windows: [Fixtures.window("Fri", "09:00", "10:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-11-01", count: nil)
        for d in 0..<5 { p.closures.close(Fixtures.date("2026-10-26").adding(days: d), because: "October half term") }
        let s = SchedulePipeline(programme: p, now: Fixtures.instant("2026-08-01T00:00:00Z")).schedule()
        let html = OverviewPage.render(s, programme: p)
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("<link"))
        #expect(html.contains("Leader L1 → Leader L2") && html.contains("Leader L1 → Leader L3"))
        #expect(html.components(separatedBy: "class=\"ok\"").count - 1 == s.meetings.count + 1)  // + legend sample
        let misses = s.unplaced.count
        #expect(misses > 0)
        #expect(html.components(separatedBy: "class=\"miss\" title=\"no-common-availability").count - 1 == misses)
        #expect(html.contains("October half term"))
        #expect(html.contains("A &lt;b&gt;") && !html.contains("A <b>"))
        #expect(html.contains("@media print"))
    }
}
