public import Foundation
import TandemCalendar

/// Places the sessions of every pair into the programme's periods without breaking a hard constraint.
///
/// The peer network's group sessions are placed first (see `placeGroups`), since one time that
/// suits many members is far harder to find than an hour for two. Then it works period by
/// period. In each period the pairs that need a session go most-constrained
/// first (fewest feasible starts), each taking its series' usual weekday and time when it can; a
/// pair left without a slot then tries to move one blocking meeting of another pair elsewhere in
/// the period (a repair step). Sessions are spread over the year when `count` is less than the
/// number of periods, with the periods in between kept for make-up sessions. The objective, in
/// order: most sessions, fewest pairs short, stable weekday and time, even spread (DESIGN §4).
///
/// It is deterministic: the same programme, pairs and `now` give the same schedule.
public struct Scheduler: Sendable {
    public let programme: Programme
    public let now: Date
    /// now + notice: the earliest start of a session that may still be booked or moved.
    public let notBefore: Date
    /// The schedule this one replaces, if any: its meetings are kept where they still fit.
    public let previous: Schedule?
    public let progress: ProgressHandler?

    public init(programme: Programme, now: Date, previous: Schedule? = nil, progress: ProgressHandler? = nil) {
        self.programme = programme
        self.now = now
        self.notBefore = programme.notBefore(now)
        self.previous = previous
        self.progress = progress
    }

    /// Places every session of `pairs`.
    public func place(_ pairs: [Pair]) -> Placement {
        place(pairs, on: Availability(programme, notBefore: notBefore))
    }

    /// The place stage of ``SchedulePipeline``: on the run's availability, built once.
    func place(_ pairs: [Pair], on availability: Availability) -> Placement {
        var run = PlacementRun(availability, pairs: pairs, previous: previous, progress: progress)
        return run.place()
    }
}

/// The meetings placed, the sessions left out, and the sessions each pair should get.
public struct Placement: Sendable {
    public var meetings: [Meeting]
    public var unplaced: [Unplaced]
    public var sessionsPerPair: Int
}

/// Where a series sits within its period: the day offset from the period's first day and the local time.
struct Anchor: Hashable, Sendable {
    var dayOffset: Int
    var minutes: Int

    init(_ instant: Date, period: Period, zone: TimeZone) {
        let (date, minutes) = LocalDate.local(instant, in: zone)
        self.dayOffset = date.dayNumber - period.first.dayNumber
        self.minutes = minutes
    }
}

extension Programme {
    /// now + notice: sessions before this instant are not booked, and meetings before it are not
    /// moved. The one place it is computed; every stage takes the result.
    public func notBefore(_ now: Date) -> Date {
        now.addingTimeInterval(TimeInterval(sessions.notice))
    }

    /// A period with no open day for anyone is skipped, not counted as a missed session.
    func isWhollyClosed(_ period: Period) -> Bool {
        period.days.allSatisfy { closures.days.contains($0) }
    }
}
