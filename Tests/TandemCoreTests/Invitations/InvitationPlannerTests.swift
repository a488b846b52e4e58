import Foundation
import TandemCalendar
import TandemTesting
import Testing
@testable import TandemCore

/// The daemon's invitations are the documents `tandem schedule` wrote to out/invites/, planned again
/// from schedule.json alone; after a re-plan too, when series split and VEVENTs go.
@Suite struct InvitationPlannerTests {
    let programme = Fixtures.programme([
        Fixtures.leader("L1", .mentor, school: "A", windows: []),
        Fixtures.leader("L2", .mentee, school: "B", windows: [], pair: "L1"),
    ])
    let series = "mentoring-l1-l2.test-programme@tandem"
    let now = Fixtures.date("2026-09-01").instant(minutes: 0, in: Fixtures.zone("UTC"))

    /// Fortnightly Thursdays from 2026-09-10 at `hour`:`minute` London, sessions `periods`.
    func meetings(_ periods: ClosedRange<Int>, hour: Int = 16, minute: Int = 0) -> [Meeting] {
        periods.map { n in
            let day = Fixtures.date("2026-09-10").adding(days: 14 * (n - 1))
            let start = day.instant(minutes: hour * 60 + minute, in: Fixtures.zone("Europe/London"))
            return Meeting(uid: Identifiers.occurrence(series: series, period: n), series: series, kind: .mentoring,
                           attendees: ["L1", "L2"], start: start, end: start.addingTimeInterval(3600), period: n)
        }
    }

    /// `tandem schedule`'s fold → identity → documents, as SchedulePipeline.run does, and its schedule.json read back.
    func schedule(_ placed: [Meeting], previous: Schedule?) throws -> (schedule: Schedule, invites: [String]) {
        let folded = SeriesFolder.fold(placed, programme: programme, previous: previous?.meetings ?? [])
        let identified = CalendarIdentity.assign(Schedule(programme: programme.id, meetings: placed), events: folded,
                                                 previous: previous, now: now)
        let set = CalendarBuilder.build(identified.schedule, events: identified.events, programme: programme)
        let invites = set.invites.map { name, doc in Self.signature(name, doc) }.sorted()
        let json = try ScheduleJSON.decode(ScheduleJSON.encode(identified.schedule), file: "schedule.json")
        return (json, invites)
    }

    static func signature(_ name: String, _ doc: CalendarDocument) -> String {
        let e = doc.events[0]
        return "\(name) \("\(doc.method)".uppercased()) \(e.uid) \(e.recurrenceID.map(ISO8601.string) ?? "-") \(e.sequence)"
    }

    /// What the planner sends, in the same shape, with its messages' keys.
    func planned(_ schedule: Schedule) -> (documents: [String], keys: Set<String>) {
        let docs = InvitationPlanner(programme: programme, schedule: schedule).plan(now: now)
        return (docs.map { Self.signature($0.messages[0].document, $0.calendar) }.sorted(),
                Set(docs.flatMap { $0.messages.map(\.key) }))
    }

    @Test func aFreshScheduleIsPlannedAsWritten() throws {
        let first = try schedule(meetings(1...8), previous: nil)
        #expect(planned(first.schedule).documents == first.invites)
        #expect(planned(first.schedule).keys.count == 2)
    }

    @Test func aSplitSeriesIsPlannedAsWrittenAndKeptEventsSendNothing() throws {
        // Sessions 1-3 stay, 4-8 move to 16:15: the series is cut short (SEQUENCE 1) and 4-8 get a
        // VEVENT of their own. A fresh fold of the new meetings alone would regroup them.
        let first = try schedule(meetings(1...3) + meetings(4...5, minute: 30) + meetings(6...8), previous: nil)
        let second = try schedule(meetings(1...3) + meetings(4...5, minute: 30) + meetings(6...8, minute: 15), previous: first.schedule)
        #expect(second.invites.count > 1)
        let plan1 = planned(first.schedule), plan2 = planned(second.schedule)
        #expect(plan2.documents == second.invites)
        // The kept single events (sessions 4 and 5) are not re-sent and nobody gets a CANCEL for them.
        let fresh = plan2.keys.subtracting(plan1.keys)
        let p4 = Identifiers.occurrence(series: series, period: 4), p5 = Identifiers.occurrence(series: series, period: 5)
        #expect(!fresh.contains { $0.contains("|\(p4)|") || $0.contains("|\(p5)|") })
        #expect(!fresh.contains { $0.hasSuffix("|CANCEL") })
    }

    @Test func aVEventWhoseMeetingMovedIntoTheSeriesIsCancelled() throws {
        // Session 1 first lands at 16:30 (its own VEVENT), then moves onto the series' slot and joins
        // it: its old VEVENT is cancelled, and the planner sends that CANCEL as `tandem schedule` wrote it.
        let first = try schedule(meetings(1...1, minute: 30) + meetings(2...8), previous: nil)
        let p1 = Identifiers.occurrence(series: series, period: 1)
        #expect(first.invites.contains { $0.hasPrefix("\(p1) REQUEST") })
        let second = try schedule(meetings(1...8), previous: first.schedule)
        #expect(second.invites.contains { $0.hasPrefix("\(p1) CANCEL \(p1) - 1") }, "\(second.invites)")
        let plan2 = planned(second.schedule)
        #expect(plan2.documents == second.invites)
        #expect(plan2.keys.contains("invitation|\(p1)|-|1|L1|CANCEL") && plan2.keys.contains("invitation|\(p1)|-|1|L2|CANCEL"))
    }
}
