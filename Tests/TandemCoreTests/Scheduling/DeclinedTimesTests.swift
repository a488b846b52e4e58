import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

/// A decline is a pure input to the pipeline: the declined time is unavailable to that leader, the
/// re-plan moves the session with reason `declined`, and overview.html shows the answers escaped.
@Suite struct DeclinedTimesTests {
    static func programme(cadence: Programme.Cadence = .weeks(2)) -> Programme {
        Fixtures.programme([
            Fixtures.leader("L1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "18:00"), Fixtures.window("Wed", "16:00", "18:00")]),
            Fixtures.leader("L2", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:00", "18:00"), Fixtures.window("Wed", "16:00", "18:00")], pair: "L1"),
        ], start: "2026-09-07", end: "2026-12-18", count: nil, cadence: cadence)
    }

    @Test func aDeclinedOccurrenceMovesAndItsTimeIsNotReused() throws {
        let p = Self.programme()
        let now = Fixtures.instant("2026-08-01T00:00:00Z")
        let first = SchedulePipeline(programme: p, now: now).schedule()
        let target = try #require(first.meetings.dropFirst(2).first)
        let comment = "Governors <meeting> & budget"
        let decline = InvitationResponse(meeting: target.uid, leader: "L2", start: target.start, end: target.end, answer: .declined, comment: comment)
        let accept = InvitationResponse(meeting: first.meetings[0].uid, leader: "L1", start: first.meetings[0].start, end: first.meetings[0].end, answer: .accepted)
        let run = SchedulePipeline(programme: p, now: now, previous: first, responses: [decline, accept]).run(stamp: now)
        let second = run.schedule
        // Everything else stays; the declined session sits elsewhere, saying why.
        for m in first.meetings where m.uid != target.uid {
            #expect(second.meetings.contains { $0.uid == m.uid && $0.start == m.start }, "\(m.uid) moved")
        }
        let moved = try #require(second.meetings.first { $0.change != nil })
        #expect(moved.change == LeaderReason(leader: "L2", reason: .declined, detail: comment))
        #expect(moved.start != target.start)
        for m in second.meetings where m.attendees.contains("L2") {
            #expect(!(m.start < target.end && target.start < m.end))
        }
        #expect(run.summary(programme: p).contains("[declined by L2]: \(comment)"))
        // schedule.json carries it; meetings without a change carry no "change" key.
        let json = String(decoding: ScheduleJSON.encode(second), as: UTF8.self)
        #expect(json.components(separatedBy: "\"change\"").count - 1 == 1)
        let html = String(decoding: run.files["overview.html"]!, as: UTF8.self)
        #expect(html.contains("Replies to the invitations"))
        #expect(html.contains("accepted: 1"))
        #expect(!html.contains("<meeting>"))
        // The same decline without a previous schedule still keeps that time free.
        let fresh = SchedulePipeline(programme: p, now: now, responses: [decline]).schedule()
        #expect(!fresh.meetings.contains { $0.attendees.contains("L2") && $0.start < target.end && target.start < $0.end })
    }

    @Test func aDeclineWithNoOtherTimeInItsPeriodIsUnplacedAsDeclined() throws {
        // Weekly periods with one shared hour a week: no other time in the declined session's period.
        var p = Self.programme(cadence: .weeks(1))
        p.leaders[0].availability = [Fixtures.window("Mon", "16:00", "17:00")]
        p.leaders[1].availability = [Fixtures.window("Mon", "16:00", "17:00")]
        let now = Fixtures.instant("2026-08-01T00:00:00Z")
        let first = SchedulePipeline(programme: p, now: now).schedule()
        let target = try #require(first.meetings.dropFirst(1).first)
        let decline = InvitationResponse(meeting: target.uid, leader: "L1", start: target.start, end: target.end, answer: .declined, comment: "Away")
        let second = SchedulePipeline(programme: p, now: now, previous: first, responses: [decline]).schedule()
        let u = try #require(second.unplaced.first { $0.period == target.period && $0.series == target.series })
        #expect(u.reason == .declined)
        #expect(u.detail.hasSuffix(": Away") && u.detail.contains("Leader L1 declined"))
    }
}
