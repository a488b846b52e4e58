public import Foundation
import TandemCalendar

/// `tandem schedule` after loading, as DESIGN §1 draws it, data flowing one way:
///
///     Programme ─▶ availability ─▶ match ─▶ place ─▶ fold ─▶ identity ─▶ render ─▶ ScheduleRun
///
/// | stage        | entry                          | folder        |
/// |--------------|--------------------------------|---------------|
/// | availability | `Availability.init`            | Availability/ |
/// | match        | `Matcher.match`                | Matching/     |
/// | place        | `Scheduler.place`              | Scheduling/   |
/// | fold         | `SeriesFolder.fold` (once)     | Output/       |
/// | identity     | `CalendarIdentity.assign`      | Output/       |
/// | render       | `ScheduleRenderer.files`       | Output/       |
///
/// `notBefore` (now + notice) is computed here once, and the availability built from it once;
/// every later stage reads them. Nothing touches the disk: the caller writes `ScheduleRun.files`.
public struct SchedulePipeline: Sendable {
    public let programme: Programme
    public let now: Date
    /// now + notice: sessions before it are not booked, meetings before it are not moved.
    public let notBefore: Date
    /// The schedule this run replaces: its pairs are kept, its meetings kept where they still fit,
    /// and its VEVENTs' identities carried on.
    public let previous: Schedule?
    public let progress: ProgressHandler?
    /// Attendees' answers to the invitations (from the daemon's store): a DECLINED occurrence is
    /// unavailable to its leader at that time (``DeclinedTimes``); all of them show in overview.html.
    public let responses: [InvitationResponse]

    public init(programme: Programme, now: Date, previous: Schedule? = nil, responses: [InvitationResponse] = [],
                progress: ProgressHandler? = nil) {
        self.programme = programme
        self.now = now
        self.notBefore = programme.notBefore(now)
        self.previous = previous
        self.responses = responses
        self.progress = progress
    }

    /// The stages up to placement: pairs, meetings and the reasons for everything left out.
    public func schedule() -> Schedule {
        progress?("reading availability", 0)
        let declines = responses.filter { $0.answer == .declined }
        let planned = DeclinedTimes.apply(declines, to: programme)
        let availability = Availability(planned, notBefore: notBefore)
        progress?("matching", 0)
        let match = Matcher.match(availability, keeping: previous?.pairs ?? [])
        let placement = Scheduler(programme: planned, now: now, previous: previous, progress: progress)
            .place(match.pairs, on: availability)
        var schedule = Schedule(programme: programme.id, sessionsPerPair: placement.sessionsPerPair, pairs: match.pairs,
                                unmatched: match.unmatched, meetings: placement.meetings, unplaced: placement.unplaced)
        DeclinedTimes.explain(&schedule, declines: declines, previous: previous, programme: programme)
        return schedule
    }

    /// Every stage: the schedule, with identities, and every output file rendered.
    /// - Parameter stamp: DTSTAMP of the rendered calendars.
    public func run(stamp: Date) -> ScheduleRun {
        let placed = schedule()
        let folded = SeriesFolder.fold(placed.meetings, programme: programme, previous: previous?.meetings ?? [])
        let identified = CalendarIdentity.assign(placed, events: folded, previous: previous, now: now)
        let changes = previous.map { ChangeSummary(previous: $0, current: identified.schedule, from: notBefore) }
        progress?("writing calendars", 0)
        let files = ScheduleRenderer.files(identified, programme: programme, stamp: stamp, responses: responses)
        return ScheduleRun(schedule: identified.schedule, files: files, changes: changes)
    }
}
