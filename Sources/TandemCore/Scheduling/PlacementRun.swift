import Foundation
import TandemCalendar

/// The working state of one placement: see ``Scheduler`` for the method.
struct PlacementRun {
    struct PairState {
        var pair: Pair
        var attendees: [LeaderAvailability]
        var series: String
        var zone: TimeZone
        var anchor: Anchor?
        var placed = 0
        var misses: [Unplaced] = []
        var meetings: [Meeting] = []
        var sharedMinutes: Int
        /// Periods that already hold one of this pair's sessions.
        var periodsUsed: Set<Int> = []
    }

    let programme: Programme
    var state: BookingState
    var pairs: [PairState] = []
    let periods: [Period]
    /// Sessions each pair should get.
    let wanted: Int
    /// Periods in which a pair on track gets its session (the rest are for make-up sessions).
    let preferred: Set<Int>
    let bookable: Set<Int>
    let progress: ProgressHandler?
    /// The previous schedule's meetings by occurrence uid: kept where they still fit.
    let previous: [String: Meeting]
    /// Meetings before this instant have happened or are too close to move: they stay as they are.
    let lockedBefore: Date
    /// Whose meeting each booked slot is, by leader and start: to find whose meeting blocks whom.
    private var owner: [OwnerKey: Int] = [:]
    /// Meetings kept from the previous schedule: a repair never moves them.
    private var pinned: Set<String> = []
    /// Static candidates per pair index and period index.
    private var staticCache: [Int: [Int: Result<[Interval], MissError>]] = [:]

    init(_ availability: Availability, pairs input: [Pair], previous: Schedule? = nil, progress: ProgressHandler? = nil) {
        let programme = availability.programme
        let notBefore = availability.notBefore ?? .distantPast
        self.programme = programme
        self.progress = progress
        self.previous = Dictionary((previous?.meetings ?? []).map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        self.lockedBefore = notBefore
        self.state = BookingState(availability)
        let open = availability.periods
        self.periods = open
        self.wanted = min(programme.sessions.count ?? open.count, open.count)
        let bookable = open.filter { $0.last.adding(days: 1).instant(minutes: 0, in: programme.timeZone) > notBefore }
        self.bookable = Set(bookable.map(\.index))
        let target = min(wanted, bookable.count)
        var preferred = Set<Int>()
        for i in 0..<target { preferred.insert(bookable[i * bookable.count / max(1, target)].index) }
        self.preferred = preferred
        for pair in input {
            guard let mentor = availability.leader(pair.mentor), let mentee = availability.leader(pair.mentee) else { continue }
            pairs.append(PairState(
                pair: pair, attendees: [mentor, mentee],
                series: Identifiers.mentoringSeries(programme: programme.id, mentor: pair.mentor, mentee: pair.mentee),
                zone: mentor.leader.timeZone, sharedMinutes: availability.placementTieBreakMinutes(pair.mentor, pair.mentee)))
        }
    }

    mutating func place() -> Placement {
        // History first, then the network's sessions: one time that suits many members is far
        // harder to find than an hour for two, so the pairs' future sessions place around them.
        let future = keepHistory()
        progress?("placing group sessions", 0)
        var (meetings, unplaced) = placeGroups()
        keepFuture(future)
        var preferredSoFar = 0
        for (n, period) in periods.enumerated() {
            progress?("placing sessions", Double(n) / Double(periods.count))
            if preferred.contains(period.index) { preferredSoFar += 1 }
            let isBookable = bookable.contains(period.index)
            let active = pairs.indices.filter { i in
                let p = pairs[i]
                guard !p.periodsUsed.contains(period.index), p.placed < wanted else { return false }
                return !isBookable || p.periodsUsed.filter { $0 <= period.index }.count < preferredSoFar
            }
            placePeriod(period, active: active)
        }
        // Make-up pass: a pair still short may use any bookable period it has skipped, such as an
        // early one it passed over while it was on track.
        for period in periods where bookable.contains(period.index) {
            let active = pairs.indices.filter { !pairs[$0].periodsUsed.contains(period.index) && pairs[$0].placed < wanted }
            if !active.isEmpty { placePeriod(period, active: active) }
        }
        for p in pairs {
            meetings += p.meetings
            guard p.placed < wanted else { continue }
            // One reason per period without a session: the latest attempt's.
            var latest: [Int: Unplaced] = [:]
            for miss in p.misses where !p.periodsUsed.contains(miss.period) { latest[miss.period] = miss }
            unplaced += latest.values
        }
        meetings.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
        unplaced.sort { ($0.series, $0.period) < ($1.series, $1.period) }
        return Placement(meetings: meetings, unplaced: unplaced, sessionsPerPair: wanted)
    }

    // MARK: The previous schedule

    /// Re-plans without churn: meetings that have happened or are within notice stay as they are
    /// (booked here); later ones are returned, to be kept by ``keepFuture(_:)`` where they still fit.
    private mutating func keepHistory() -> [(pair: Int, period: Period, slot: Interval)] {
        guard !previous.isEmpty else { return [] }
        var future: [(pair: Int, period: Period, slot: Interval)] = []
        for i in pairs.indices {
            for period in periods {
                guard let m = previous[Identifiers.occurrence(series: pairs[i].series, period: period.index)],
                      m.kind == .mentoring, m.attendees == ids(i), pairs[i].placed < wanted else { continue }
                let slot = Interval(m.start, m.end)
                if m.start < lockedBefore {
                    book(i, slot, period)
                    pinned.insert(m.uid)
                } else {
                    future.append((i, period, slot))
                }
            }
        }
        return future
    }

    /// Keeps each previous future meeting that still satisfies every hard constraint; only the rest
    /// are placed anew.
    private mutating func keepFuture(_ future: [(pair: Int, period: Period, slot: Interval)]) {
        for (i, period, slot) in future.sorted(by: { ($0.slot.start, $0.pair) < ($1.slot.start, $1.pair) }) {
            guard pairs[i].placed < wanted, case .success(let candidates) = staticCandidates(i, period),
                  candidates.contains(slot),
                  case .success(let free) = state.dynamicCandidates([slot], for: pairs[i].attendees, in: period),
                  !free.isEmpty
            else { continue }
            book(i, slot, period)
            pinned.insert(Identifiers.occurrence(series: pairs[i].series, period: period.index))
        }
    }

    // MARK: One period

    private mutating func staticCandidates(_ i: Int, _ period: Period) -> Result<[Interval], MissError> {
        if let hit = staticCache[i]?[period.index] { return hit }
        let r = state.availability.candidates(for: pairs[i].attendees, in: period, duration: programme.sessions.duration)
        staticCache[i, default: [:]][period.index] = r
        return r
    }

    private mutating func placePeriod(_ period: Period, active: [Int]) {
        var options: [(pair: Int, candidates: [Interval])] = []
        for i in active {
            switch staticCandidates(i, period) {
            case .success(let c): options.append((i, c))
            case .failure(let miss): recordMiss(i, period, miss)
            }
        }
        // Most constrained first.
        options.sort { a, b in
            (a.candidates.count, pairs[a.pair].sharedMinutes, pairs[a.pair].pair.mentor, pairs[a.pair].pair.mentee)
                < (b.candidates.count, pairs[b.pair].sharedMinutes, pairs[b.pair].pair.mentor, pairs[b.pair].pair.mentee)
        }
        var failed: [(pair: Int, candidates: [Interval], miss: MissError)] = []
        for (i, candidates) in options {
            switch state.dynamicCandidates(candidates, for: pairs[i].attendees, in: period) {
            case .success(let free):
                book(i, choose(i, free, period), period)
            case .failure(let miss):
                failed.append((i, candidates, miss))
            }
        }
        for (i, candidates, miss) in failed where !repair(i, candidates, period) {
            recordMiss(i, period, miss)
        }
    }

    /// Repair: a start for pair `i` that one other meeting stops (by overlap or by the daily limit)
    /// is taken when that meeting can move to another free start in its own period. Meetings kept
    /// from the previous schedule never move.
    private mutating func repair(_ i: Int, _ candidates: [Interval], _ period: Period) -> Bool {
        for c in candidates {
            guard let conflicts = state.conflicts(of: c, for: pairs[i].attendees), conflicts.count == 1,
                  let slot = conflicts.first,
                  let j = ids(i).compactMap({ [owner] in owner[OwnerKey($0, slot.start)] }).first,
                  j != i, let old = pairs[j].meetings.first(where: { $0.start == slot.start }), !pinned.contains(old.uid),
                  let jPeriod = periods.first(where: { $0.index == old.period }),
                  case .success(let jCandidates) = staticCandidates(j, jPeriod)
            else { continue }
            unbook(j, slot)
            if state.withinLimits(c, pairs[i].attendees), state.blockers(of: c, for: pairs[i].attendees).isEmpty {
                state.book(c, for: ids(i))
                let others = jCandidates.filter { $0 != slot }
                if !others.isEmpty, case .success(let alternatives) = state.dynamicCandidates(others, for: pairs[j].attendees, in: jPeriod) {
                    state.unbook(c, for: ids(i))
                    book(i, c, period)
                    book(j, choose(j, alternatives, jPeriod), jPeriod)
                    return true
                }
                state.unbook(c, for: ids(i))
            }
            book(j, slot, jPeriod)
        }
        return false
    }

    private func ids(_ i: Int) -> [String] { [pairs[i].pair.mentor, pairs[i].pair.mentee] }

    /// The series' usual weekday and time if free, else the start whose weekday and time is
    /// feasible in the most periods (a good anchor for the rest of the year), else the earliest.
    private mutating func choose(_ i: Int, _ free: [Interval], _ period: Period) -> Interval {
        let zone = pairs[i].zone
        if let anchor = pairs[i].anchor, let same = free.first(where: { Anchor($0.start, period: period, zone: zone) == anchor }) {
            return same
        }
        guard pairs[i].anchor == nil else { return free[0] }
        var support: [Anchor: Int] = [:]
        for p in periods where bookable.contains(p.index) {
            guard case .success(let c) = staticCandidates(i, p) else { continue }
            for a in Set(c.map { Anchor($0.start, period: p, zone: zone) }) { support[a, default: 0] += 1 }
        }
        return free.max { a, b in
            let sa = support[Anchor(a.start, period: period, zone: zone)] ?? 0
            let sb = support[Anchor(b.start, period: period, zone: zone)] ?? 0
            return sa != sb ? sa < sb : a.start > b.start
        } ?? free[0]
    }

    private mutating func book(_ i: Int, _ slot: Interval, _ period: Period) {
        state.book(slot, for: ids(i))
        if pairs[i].anchor == nil && bookable.contains(period.index) {
            pairs[i].anchor = Anchor(slot.start, period: period, zone: pairs[i].zone)
        }
        pairs[i].placed += 1
        pairs[i].periodsUsed.insert(period.index)
        pairs[i].meetings.append(Meeting(
            uid: Identifiers.occurrence(series: pairs[i].series, period: period.index), series: pairs[i].series,
            kind: .mentoring, attendees: ids(i), start: slot.start, end: slot.end, period: period.index))
        for id in ids(i) { owner[OwnerKey(id, slot.start)] = i }
    }

    private mutating func unbook(_ i: Int, _ slot: Interval) {
        state.unbook(slot, for: ids(i))
        pairs[i].placed -= 1
        if let m = pairs[i].meetings.first(where: { $0.start == slot.start }) { pairs[i].periodsUsed.remove(m.period) }
        pairs[i].meetings.removeAll { $0.start == slot.start }
        for id in ids(i) where owner[OwnerKey(id, slot.start)] == i { owner[OwnerKey(id, slot.start)] = nil }
    }

    private mutating func recordMiss(_ i: Int, _ period: Period, _ miss: MissError) {
        pairs[i].misses.append(Unplaced(kind: .mentoring, series: pairs[i].series, attendees: ids(i),
                                        period: period.index, reason: miss.reason, detail: miss.detail))
    }
}

/// A booked slot: a leader and a start.
private struct OwnerKey: Hashable {
    var leader: String
    var start: Date
    init(_ leader: String, _ start: Date) { (self.leader, self.start) = (leader, start) }
}
