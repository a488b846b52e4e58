import Foundation
import TandemCalendar

/// The result of looking for a slot in one period.
enum SlotSearch {
    case placed(Interval)
    case unplaced(ReasonCode, String)
}

/// Meetings booked so far, per leader, and the checks of every hard constraint (DESIGN §4).
struct BookingState {
    let programme: Programme
    var availability: [String: LeaderAvailability] = [:]
    /// Booked meetings per leader, sorted.
    private var booked: [String: [Interval]] = [:]
    private var perDay: [String: [LocalDate: Int]] = [:]
    /// Keyed by the day number of the Monday that starts the leader's local week.
    private var perWeek: [String: [Int: Int]] = [:]

    init(programme: Programme) {
        self.programme = programme
        for leader in programme.leaders {
            availability[leader.id] = LeaderAvailability(leader: leader, programme: programme)
        }
    }

    /// Minutes a week that two leaders' windows overlap, on a plain week away from DST changes.
    func sharedWeeklyMinutes(_ a: String, _ b: String) -> Int {
        guard let la = availability[a], let lb = availability[b] else { return 0 }
        // A fixed reference week (Mon 2026-01-12) with no DST change in any common zone.
        let monday = LocalDate(year: 2026, month: 1, day: 12).dayNumber
        let wa = la.windows(on: (monday - 1)...(monday + 7), skipClosed: false)
        let wb = lb.windows(on: (monday - 1)...(monday + 7), skipClosed: false)
        let shared = LeaderAvailability.intersect(wa, wb)
        return Int(shared.reduce(0.0) { $0 + $1.end.timeIntervalSince($1.start) } / 60)
    }

    mutating func book(_ slot: Interval, for ids: [String]) {
        for id in ids {
            guard let leader = availability[id]?.leader else { continue }
            var list = booked[id, default: []]
            let at = list.firstIndex { $0.start > slot.start } ?? list.count
            list.insert(slot, at: at)
            booked[id] = list
            let (day, _) = LocalDate.local(slot.start, in: leader.timeZone)
            perDay[id, default: [:]][day, default: 0] += 1
            perWeek[id, default: [:]][Self.weekKey(day), default: 0] += 1
        }
    }

    static func weekKey(_ day: LocalDate) -> Int { day.dayNumber - (day.isoWeekday - 1) }

    /// The best slot for `attendees` in `period`, or the reason there is none.
    ///
    /// Candidates are checked in a fixed order, and the reason given is the check that removed the
    /// last candidates: windows → closures → notice → calendars → other meetings → limits.
    func findSlot(for attendees: [LeaderAvailability], in period: Period, duration: Int, now: Date,
                  anchor: Anchor?, anchorZone: TimeZone) -> SlotSearch {
        let sessions = programme.sessions
        let span = period.first.dayNumber - 1...period.last.dayNumber + 1
        let periodStart = period.first.instant(minutes: 0, in: programme.timeZone)
        let periodEnd = period.last.adding(days: 1).instant(minutes: 0, in: programme.timeZone)
        let earliest = now.addingTimeInterval(TimeInterval(sessions.notice))
        let length = TimeInterval(duration)
        let buffer = TimeInterval(sessions.buffer)
        let grid = Double(max(60, sessions.granularity))

        var shared = [Interval(periodStart, periodEnd)]
        var sharedOpen = shared
        for a in attendees {
            shared = LeaderAvailability.intersect(shared, a.windows(on: span, skipClosed: false))
            sharedOpen = LeaderAvailability.intersect(sharedOpen, a.windows(on: span, skipClosed: true))
        }

        var candidates: [Interval] = []
        for w in shared {
            var s = (w.start.timeIntervalSince1970 / grid).rounded(.up) * grid
            while s + length <= w.end.timeIntervalSince1970 {
                let start = Date(timeIntervalSince1970: s)
                candidates.append(Interval(start, start.addingTimeInterval(length)))
                s += grid
            }
        }
        let names = attendees.map(\.leader.name).joined(separator: " and ")
        let when = "\(period.label)"
        guard !candidates.isEmpty else {
            return .unplaced(.noCommonAvailability,
                "\(names) have no shared \(duration / 60)-minute window in \(when). Widen one of their availability windows.")
        }

        var stage = candidates.filter { c in
            !attendees.contains { $0.isClosed(c) } && sharedOpen.contains { $0.start <= c.start && c.end <= $0.end }
        }
        guard !stage.isEmpty else {
            let reasons = Set(period.days.compactMap { d in attendees.lazy.compactMap { $0.closures.reasons[d] }.first })
            return .unplaced(.closedPeriod,
                "Every day \(names) share in \(when) is closed (\(reasons.sorted().prefix(3).joined(separator: "; "))).")
        }
        stage = stage.filter { $0.start >= earliest }
        guard !stage.isEmpty else {
            return .unplaced(.notice, "\(when) has no shared time after now plus the notice period; it is in the past or too soon to book.")
        }
        let beforeBusy = stage
        stage = stage.filter { c in
            let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
            return !attendees.contains { $0.isBusy(widened) }
        }
        guard !stage.isEmpty else {
            return .unplaced(.calendarBusy, "\(names) are busy at every shared time in \(when)\(Self.example(beforeBusy, attendees, buffer)).")
        }
        stage = stage.filter { c in
            let widened = Interval(c.start.addingTimeInterval(-buffer), c.end.addingTimeInterval(buffer))
            return !attendees.contains { LeaderAvailability.hits(booked[$0.leader.id] ?? [], widened) }
        }
        guard !stage.isEmpty else {
            return .unplaced(.takenByOtherMeetings,
                "Every shared free time of \(names) in \(when) is taken by their other Tandem meetings.")
        }
        stage = stage.filter { withinLimits($0, attendees) }
        guard let chosen = (anchor.flatMap { a in stage.first { a.matches($0.start, period: period, zone: anchorZone) } }) ?? stage.first else {
            return .unplaced(.limitReached,
                "\(names) already have \(programme.limits.perLeaderPerDay) meeting(s) a day or \(programme.limits.perLeaderPerWeek) a week at every shared time in \(when).")
        }
        return .placed(chosen)
    }

    private func withinLimits(_ c: Interval, _ attendees: [LeaderAvailability]) -> Bool {
        for a in attendees {
            let (day, _) = LocalDate.local(c.start, in: a.leader.timeZone)
            if perDay[a.leader.id]?[day, default: 0] ?? 0 >= programme.limits.perLeaderPerDay { return false }
            if perWeek[a.leader.id]?[Self.weekKey(day), default: 0] ?? 0 >= programme.limits.perLeaderPerWeek { return false }
        }
        return true
    }

    /// ": for example Tom Evans's "Governors" on Tue 2026-12-01 17:00-19:00" for the first clash.
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

/// Human-readable local times for messages.
public enum TimeText {
    /// "Tue 2026-12-01 17:00-19:00" in `zone`.
    public static func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let (d, m) = LocalDate.local(start, in: zone)
        let (_, m2) = LocalDate.local(end, in: zone)
        return "\(WeeklyWindow.dayNames[d.isoWeekday - 1]) \(d) \(hhmm(m))-\(hhmm(m2))"
    }

    public static func hhmm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
