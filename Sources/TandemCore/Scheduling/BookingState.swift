public import Foundation
import TandemCalendar

/// Meetings booked so far, per leader, and the checks of every hard constraint (DESIGN §4).
///
/// Checks fall in two groups. The *static* ones (windows, closures, notice, calendars) depend
/// only on the programme, so each pair's static candidates in a period are computed once. The
/// *dynamic* ones (other Tandem meetings, daily and weekly limits) depend on what is booked.
struct BookingState {
    let programme: Programme
    /// Every leader's time, built once for the run; holds now + notice.
    let availability: Availability
    /// Booked meetings per leader, sorted by start.
    private(set) var booked: [String: [Interval]] = [:]
    private var perDay: [String: [LocalDate: Int]] = [:]
    /// Keyed by the day number of the Monday that starts the leader's local week.
    private var perWeek: [String: [Int: Int]] = [:]
    /// Each leader's availability windows in a period, memoised: pairs share leaders.
    private var windowCache: [WindowKey: (all: [Interval], open: [Interval])] = [:]

    private struct WindowKey: Hashable {
        var leader: String
        var first: Int
        var last: Int
    }

    init(_ availability: Availability) {
        self.availability = availability
        self.programme = availability.programme
    }

    // MARK: Booking

    mutating func book(_ slot: Interval, for ids: [String]) {
        for id in ids {
            guard let leader = availability.leader(id)?.leader else { continue }
            var list = booked[id, default: []]
            list.insert(slot, at: list.firstIndex { $0.start > slot.start } ?? list.count)
            booked[id] = list
            let (day, _) = LocalDate.local(slot.start, in: leader.timeZone)
            perDay[id, default: [:]][day, default: 0] += 1
            perWeek[id, default: [:]][Self.weekKey(day), default: 0] += 1
        }
    }

    mutating func unbook(_ slot: Interval, for ids: [String]) {
        for id in ids {
            guard let leader = availability.leader(id)?.leader, let i = booked[id]?.firstIndex(of: slot) else { continue }
            booked[id]!.remove(at: i)
            let (day, _) = LocalDate.local(slot.start, in: leader.timeZone)
            perDay[id]![day]! -= 1
            perWeek[id]![Self.weekKey(day)]! -= 1
        }
    }

    static func weekKey(_ day: LocalDate) -> Int { day.dayNumber - (day.isoWeekday - 1) }

    // MARK: Static checks

    /// ``Availability/windows(of:in:)``, memoised: pairs share leaders.
    mutating func windows(of a: LeaderAvailability, in period: Period) -> (all: [Interval], open: [Interval]) {
        let key = WindowKey(leader: a.leader.id, first: period.first.dayNumber, last: period.last.dayNumber)
        if let hit = windowCache[key] { return hit }
        let value = availability.windows(of: a, in: period)
        windowCache[key] = value
        return value
    }

    // MARK: Dynamic checks

    /// The candidates still free of other Tandem meetings and within limits, or why none is.
    func dynamicCandidates(_ candidates: [Interval], for attendees: [LeaderAvailability], in period: Period) -> Result<[Interval], MissError> {
        let buffer = TimeInterval(programme.sessions.buffer)
        let untaken = candidates.filter { c in
            let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
            return !attendees.contains { LeaderAvailability.hits(booked[$0.leader.id] ?? [], widened) }
        }
        let names = LeaderAvailability.names(attendees)
        guard !untaken.isEmpty else {
            return .failure(MissError(.takenByOtherMeetings,
                "Every shared free time of \(names) in \(period.label) is taken by their other Tandem meetings."))
        }
        let allowed = untaken.filter { withinLimits($0, attendees) }
        guard !allowed.isEmpty else {
            return .failure(MissError(.limitReached,
                "\(names) already \(attendees.count == 1 ? "has" : "have") \(programme.limits.perLeaderPerDay) meeting(s) a day or \(programme.limits.perLeaderPerWeek) a week at every shared time in \(period.label)."))
        }
        return .success(allowed)
    }

    /// Whether `a` can come to a meeting at `c` (nil), or the first check that stops them.
    mutating func obstacle(for a: LeaderAvailability, at c: Interval, in period: Period) -> ReasonCode? {
        let w = windows(of: a, in: period)
        guard w.all.contains(where: { $0.start <= c.start && c.end <= $0.end }) else { return .noCommonAvailability }
        guard w.open.contains(where: { $0.start <= c.start && c.end <= $0.end }), !a.isClosed(c) else { return .closedPeriod }
        let buffer = TimeInterval(programme.sessions.buffer)
        let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
        if a.isBusy(widened) { return .calendarBusy }
        if LeaderAvailability.hits(booked[a.leader.id] ?? [], widened) { return .takenByOtherMeetings }
        if !withinLimits(c, [a]) { return .limitReached }
        return nil
    }

    /// The Tandem meetings (booked slots) that stop `candidate` for `attendees`, given the buffer.
    func blockers(of candidate: Interval, for attendees: [LeaderAvailability]) -> [Interval] {
        let buffer = TimeInterval(programme.sessions.buffer)
        let widened = Interval(candidate.start.addingTimeInterval(-buffer), candidate.end.addingTimeInterval(buffer))
        var out: [Interval] = []
        for a in attendees {
            for b in booked[a.leader.id] ?? [] where b.overlaps(widened) && !out.contains(b) { out.append(b) }
        }
        return out
    }

    /// The booked meetings that stop `candidate`: those too close to it, and those on the same
    /// local day of an attendee already at the daily limit. Nil when a weekly limit stops it,
    /// which moving one meeting within its period would rarely cure.
    func conflicts(of candidate: Interval, for attendees: [LeaderAvailability]) -> [Interval]? {
        var out = blockers(of: candidate, for: attendees)
        for a in attendees {
            let zone = a.leader.timeZone
            let (day, _) = LocalDate.local(candidate.start, in: zone)
            if perWeek[a.leader.id]?[Self.weekKey(day), default: 0] ?? 0 >= programme.limits.perLeaderPerWeek { return nil }
            guard perDay[a.leader.id]?[day, default: 0] ?? 0 >= programme.limits.perLeaderPerDay else { continue }
            for b in booked[a.leader.id] ?? [] where LocalDate.local(b.start, in: zone).date == day && !out.contains(b) {
                out.append(b)
            }
        }
        return out
    }

    func withinLimits(_ c: Interval, _ attendees: [LeaderAvailability]) -> Bool {
        for a in attendees {
            let (day, _) = LocalDate.local(c.start, in: a.leader.timeZone)
            if perDay[a.leader.id]?[day, default: 0] ?? 0 >= programme.limits.perLeaderPerDay { return false }
            if perWeek[a.leader.id]?[Self.weekKey(day), default: 0] ?? 0 >= programme.limits.perLeaderPerWeek { return false }
        }
        return true
    }
}

/// A reason code and sentence, as an error so it travels in `Result`.
struct MissError: Error, Hashable, Sendable {
    var reason: ReasonCode
    var detail: String

    init(_ reason: ReasonCode, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}

/// Human-readable local times for messages.
public enum TimeText {
    /// "Tue 2026-12-01 17:00-19:00" in `zone`.
    public static func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let (d, m) = LocalDate.local(start, in: zone)
        let (_, m2) = LocalDate.local(end, in: zone)
        return "\(WeeklyWindow.dayNames[d.isoWeekday - 1]) \(d) \(hhmm(m))-\(hhmm(m2))"
    }

    public static func hhmm(_ minutes: Int) -> String { Digits.padded(minutes / 60, 2) + ":" + Digits.padded(minutes % 60, 2) }
}
