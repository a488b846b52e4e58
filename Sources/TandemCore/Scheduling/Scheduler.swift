import Foundation
import TandemCalendar

/// Places the sessions of every pair into the programme's periods without breaking a hard constraint.
///
/// This is the first, simple placement: pairs go most-constrained first, and each pair takes the
/// earliest feasible slot of each period, preferring the weekday and time it had before so that
/// series stay stable. It is deterministic: the same programme and `now` give the same schedule.
public struct Scheduler: Sendable {
    public let programme: Programme
    public let now: Date

    public init(programme: Programme, now: Date) {
        self.programme = programme
        self.now = now
    }

    /// Pairs, meetings and the reasons for everything left out.
    public func schedule() -> Schedule {
        let (pairs, unmatched) = FixedPairs.pairs(in: programme)
        let (meetings, unplaced) = place(pairs)
        return Schedule(programme: programme.id, pairs: pairs, unmatched: unmatched, meetings: meetings, unplaced: unplaced)
    }

    /// Places every session of `pairs`.
    public func place(_ pairs: [Pair]) -> (meetings: [Meeting], unplaced: [Unplaced]) {
        var state = BookingState(programme: programme)
        let periods = programme.periods(programme.sessions.cadence)
        let open = periods.filter { !programme.isWhollyClosed($0) }
        let wanted = min(programme.sessions.count ?? open.count, open.count)

        // Most constrained first: the pair with the least shared weekly availability.
        let ordered = pairs.sorted { a, b in
            let sa = state.sharedWeeklyMinutes(a.mentor, a.mentee), sb = state.sharedWeeklyMinutes(b.mentor, b.mentee)
            return (sa, a.mentor, a.mentee) < (sb, b.mentor, b.mentee)
        }

        var meetings: [Meeting] = []
        var unplaced: [Unplaced] = []
        for pair in ordered {
            guard let mentor = state.availability[pair.mentor], let mentee = state.availability[pair.mentee] else { continue }
            let series = Identifiers.mentoringSeries(programme: programme.id, mentor: pair.mentor, mentee: pair.mentee)
            var anchor: Anchor?
            var placed = 0
            var misses: [Unplaced] = []
            for period in open where placed < wanted {
                switch state.findSlot(for: [mentor, mentee], in: period, duration: programme.sessions.duration,
                                      now: now, anchor: anchor, anchorZone: mentor.leader.timeZone) {
                case .placed(let slot):
                    state.book(slot, for: [pair.mentor, pair.mentee])
                    if anchor == nil { anchor = Anchor(slot.start, period: period, zone: mentor.leader.timeZone) }
                    placed += 1
                    meetings.append(Meeting(
                        uid: Identifiers.occurrence(series: series, period: period.index), series: series,
                        kind: .mentoring, attendees: [pair.mentor, pair.mentee],
                        start: slot.start, end: slot.end, period: period.index))
                case .unplaced(let reason, let detail):
                    misses.append(Unplaced(kind: .mentoring, series: series, attendees: [pair.mentor, pair.mentee],
                                           period: period.index, reason: reason, detail: detail))
                }
            }
            if placed < wanted { unplaced.append(contentsOf: misses) }
        }
        meetings.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
        unplaced.sort { ($0.series, $0.period) < ($1.series, $1.period) }
        return (meetings, unplaced)
    }
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

    func matches(_ instant: Date, period: Period, zone: TimeZone) -> Bool {
        self == Anchor(instant, period: period, zone: zone)
    }
}

extension Programme {
    /// A period with no open day for anyone is skipped, not counted as a missed session.
    func isWhollyClosed(_ period: Period) -> Bool {
        period.days.allSatisfy { closures.days.contains($0) }
    }
}
