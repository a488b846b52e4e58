import Foundation
import TandemCalendar

/// `tandem schedule` after loading, as DESIGN §1 draws it, data flowing one way:
///
///     Programme ─▶ match ─▶ place ─▶ fold ─▶ identity ─▶ render ─▶ ScheduleRun
///
/// | stage    | entry                          | folder      |
/// |----------|--------------------------------|-------------|
/// | match    | `Matcher.match`                | Matching/   |
/// | place    | `Scheduler.place`              | Scheduling/ |
/// | fold     | `SeriesFolder.fold` (once)     | Output/     |
/// | identity | `CalendarIdentity.assign`      | Output/     |
/// | render   | `ScheduleRenderer.files`       | Output/     |
///
/// `notBefore` (now + notice) is computed here once and handed to every stage that needs it.
/// Nothing touches the disk: the caller writes `ScheduleRun.files`.
public struct SchedulePipeline: Sendable {
    public let programme: Programme
    public let now: Date
    /// DTSTAMP of the rendered calendars.
    public let stamp: Date
    /// The schedule this run replaces: its pairs are kept, its meetings kept where they still fit,
    /// and its VEVENTs' identities carried on.
    public let previous: Schedule?
    public let progress: ProgressHandler?

    public init(programme: Programme, now: Date, stamp: Date, previous: Schedule? = nil, progress: ProgressHandler? = nil) {
        self.programme = programme
        self.now = now
        self.stamp = stamp
        self.previous = previous
        self.progress = progress
    }

    public func run() -> ScheduleRun {
        let scheduler = Scheduler(programme: programme, now: now, previous: previous, progress: progress)
        let notBefore = scheduler.notBefore
        progress?("matching", 0)
        let match = Matcher.match(programme, keeping: previous?.pairs ?? [], notBefore: notBefore)
        let placement = scheduler.place(match.pairs)
        let placed = Schedule(programme: programme.id, summary: placement.summary, pairs: match.pairs,
                              unmatched: match.unmatched, meetings: placement.meetings, unplaced: placement.unplaced)
        let folded = SeriesFolder.fold(placed.meetings, programme: programme)
        let identified = CalendarIdentity.assign(placed, events: folded, previous: previous, now: now)
        let changes = previous.map { ChangeSummary(previous: $0, current: identified.schedule, from: notBefore) }
        progress?("writing calendars", 0)
        let files = ScheduleRenderer.files(identified, programme: programme, stamp: stamp)
        return ScheduleRun(schedule: identified.schedule, files: files, changes: changes)
    }
}
