import Foundation
import TandemCalendar

/// Every leader's time for one run, built once from the programme and `notBefore`, and read by
/// matching and placement alike (DESIGN §1, "availability").
///
/// It owns each leader's merged busy and closed intervals (``LeaderAvailability``), their weekly
/// windows and weekly free minutes (``WeeklyMinutes``, what the matcher scores), and the session-
/// start bitsets (``SessionStarts``, how many periods two leaders could meet in, and a pair's
/// starts in a period).
///
/// The static checks of DESIGN §4 (windows → closures → notice → calendars) exist in two forms
/// here, and they agree by construction: ``intervalCandidates(for:in:duration:)`` walks the
/// intervals and says which check removed the last start; the bitsets give the same starts in a
/// few word operations. ``candidates(for:in:duration:)`` takes the bits and asks the intervals
/// only for the reason when nothing is left. `AvailabilityTests` holds them equal on random
/// programmes.
struct Availability: Sendable {
    let programme: Programme
    /// No session starts before this instant (now + notice); nil for no limit.
    let notBefore: Date?
    /// Every leader, sorted by id: the rows of ``starts``, ``weekly`` and ``free``.
    let leaders: [LeaderAvailability]
    private let rows: [String: Int]
    let starts: SessionStarts
    /// Each leader's windows as minutes of a reference week in UTC.
    let weekly: [WeeklyMinutes]
    /// The windows less what the leader's calendar takes in most weeks: what the match score rewards.
    let free: [WeeklyMinutes]
    /// The periods of the session cadence that are not wholly closed, in order.
    let periods: [Period]

    init(_ programme: Programme, notBefore: Date?) {
        self.programme = programme
        self.notBefore = notBefore
        let sorted = programme.leaders.sorted { $0.id < $1.id }
        let leaders = sorted.enumerated().map { LeaderAvailability(leader: $1, programme: programme, row: $0) }
        self.leaders = leaders
        rows = Dictionary(leaders.map { ($0.leader.id, $0.row) }, uniquingKeysWith: { first, _ in first })
        periods = programme.periods(programme.sessions.cadence).filter { !programme.isWhollyClosed($0) }

        var cache: [WindowsKey: WeeklyMinutes] = [:]
        weekly = sorted.map { l in
            let key = WindowsKey(zone: l.timeZone.identifier, windows: l.availability)
            if let hit = cache[key] { return hit }
            let w = WeeklyMinutes(windows: l.availability, zone: l.timeZone)
            cache[key] = w
            return w
        }
        free = Parallel.map(sorted) { l in
            WeeklyMinutes(freeTimeOf: l, busy: programme.busy[l.id] ?? [], from: programme.start, to: programme.end)
        }
        starts = SessionStarts(programme: programme, leaders: leaders, notBefore: notBefore)
    }

    private struct WindowsKey: Hashable {
        var zone: String
        var windows: [WeeklyWindow]
    }

    func leader(_ id: String) -> LeaderAvailability? { rows[id].map { leaders[$0] } }

    func row(_ id: String) -> Int? { rows[id] }

    /// Minutes a week two leaders' windows overlap, on an ordinary week (``WeeklyMinutes``).
    func sharedWeeklyMinutes(_ a: String, _ b: String) -> Int {
        guard let x = rows[a], let y = rows[b] else { return 0 }
        return weekly[x].shared(with: weekly[y])
    }

    /// Placement's tie-break between pairs with as many candidates: minutes two leaders' windows
    /// overlap, as instants, from the Sunday before ``WeeklyMinutes/referenceMonday`` to the Monday
    /// after its week (nine days, so Sundays and Mondays count twice).
    ///
    /// Not ``sharedWeeklyMinutes``: ordering pairs by that one (tried) moves about 1.5% of the
    /// meetings of a 4,000-leader programme and places 4 fewer sessions, so placement keeps the
    /// order it has always had, and the schedules it gives.
    func placementTieBreakMinutes(_ a: String, _ b: String) -> Int {
        guard let x = rows[a], let y = rows[b] else { return 0 }
        let monday = WeeklyMinutes.referenceMonday.dayNumber
        let days = (monday - 1)...(monday + 7)
        let shared = LeaderAvailability.intersect(leaders[x].windows(on: days, skipClosed: false),
                                                  leaders[y].windows(on: days, skipClosed: false))
        return Int(shared.reduce(0.0) { $0 + $1.end.timeIntervalSince($1.start) } / 60)
    }

    /// The leader's windows on the days of `period` and the day either side, as instants: all of
    /// them, and those on open days.
    func windows(of a: LeaderAvailability, in period: Period) -> (all: [Interval], open: [Interval]) {
        let span = period.first.dayNumber - 1...period.last.dayNumber + 1
        return (a.windows(on: span, skipClosed: false), a.windows(on: span, skipClosed: true))
    }

    // MARK: Static candidates

    /// Every start in `period` that passes windows, closures, notice and calendars for all of
    /// `attendees`, or the reason none does: from the bitsets when they describe a session of
    /// this `duration`, with the interval checks asked only for the reason.
    func candidates(for attendees: [LeaderAvailability], in period: Period, duration: Int) -> Result<[Interval], MissError> {
        if duration == starts.length * starts.unit {
            let found = starts.starts(attendees.map(\.row), inPeriod: period.index)
            if !found.isEmpty {
                let length = TimeInterval(duration)
                return .success(found.map { Interval($0, $0.addingTimeInterval(length)) })
            }
        }
        return intervalCandidates(for: attendees, in: period, duration: duration)
    }

    /// ``candidates(for:in:duration:)`` by walking intervals: the reference the bitsets agree with.
    ///
    /// Candidates are checked in a fixed order, and the reason given is the check that removed
    /// the last of them: windows → closures → notice → calendars.
    func intervalCandidates(for attendees: [LeaderAvailability], in period: Period, duration: Int) -> Result<[Interval], MissError> {
        let sessions = programme.sessions
        let periodStart = period.first.instant(minutes: 0, in: programme.timeZone)
        let periodEnd = period.last.adding(days: 1).instant(minutes: 0, in: programme.timeZone)
        let length = TimeInterval(duration)
        let buffer = TimeInterval(sessions.buffer)
        let grid = Double(max(60, sessions.granularity))

        var shared = [Interval(periodStart, periodEnd)]
        var sharedOpen = shared
        for a in attendees {
            let w = windows(of: a, in: period)
            shared = LeaderAvailability.intersect(shared, w.all)
            sharedOpen = LeaderAvailability.intersect(sharedOpen, w.open)
        }
        let names = LeaderAvailability.names(attendees)
        guard shared.contains(where: { $0.end.timeIntervalSince($0.start) >= length }) else {
            return .failure(MissError(.noCommonAvailability,
                "\(names) \(attendees.count == 1 ? "has" : "have") no shared \(duration / 60)-minute window in \(period.label). Widen one of their availability windows."))
        }
        var open: [Interval] = []
        for w in sharedOpen {
            var s = (w.start.timeIntervalSince1970 / grid).rounded(.up) * grid
            while s + length <= w.end.timeIntervalSince1970 {
                let c = Interval(Date(timeIntervalSince1970: s), Date(timeIntervalSince1970: s + length))
                if !attendees.contains(where: { $0.isClosed(c) }) { open.append(c) }
                s += grid
            }
        }
        guard !open.isEmpty else {
            let reasons = Set(period.days.compactMap { d in attendees.lazy.compactMap { $0.closures.reasons[d] }.first })
            return .failure(MissError(.closedPeriod,
                "Every day \(names) share in \(period.label) is closed (\(reasons.sorted().prefix(3).joined(separator: "; ")))."))
        }
        let timely = notBefore.map { earliest in open.filter { $0.start >= earliest } } ?? open
        guard !timely.isEmpty else {
            return .failure(MissError(.notice,
                "\(period.label) has no shared time after now plus the notice period; it is in the past or too soon to book."))
        }
        let free = timely.filter { c in
            let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
            return !attendees.contains { $0.isBusy(widened) }
        }
        guard !free.isEmpty else {
            return .failure(MissError(.calendarBusy,
                "\(names) \(attendees.count == 1 ? "is" : "are") busy at every shared time in \(period.label)\(Self.example(timely, attendees, buffer))."))
        }
        return .success(free)
    }

    /// ": for example Tom Evans's "Governors" Tue 2026-12-01 17:00-19:00" for the first clash.
    private static func example(_ candidates: [Interval], _ attendees: [LeaderAvailability], _ buffer: TimeInterval) -> String {
        for c in candidates {
            let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
            for a in attendees {
                if let b = a.firstBusy(in: widened) {
                    return ": for example \(a.leader.name)'s \"\(b.summary)\" \(TimeText.span(b.start, b.end, in: a.leader.timeZone))"
                }
            }
        }
        return ""
    }
}
