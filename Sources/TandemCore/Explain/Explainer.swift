import Foundation
import TandemCalendar

/// Explains, in plain words, why each session of a leader or pair sits where it does and why any is missing.
public struct Explainer: Sendable {
    public let programme: Programme
    public let schedule: Schedule

    public init(programme: Programme, schedule: Schedule) {
        self.programme = programme
        self.schedule = schedule
    }

    /// Every series involving `leader`, explained.
    public func explain(leader id: String) throws(TandemError) -> String {
        guard let leader = programme.leader(id) else {
            throw .usage("No leader \(id) in \(programme.sourceFile). Use an id from the roster's id column.")
        }
        var out = ["\(leader.name) (\(leader.id)), \(leader.school), times in \(leader.timeZone.identifier)"]
        if let u = schedule.unmatched.first(where: { $0.leader == id }) {
            out.append("  Not matched [\(u.reason.rawValue)]: \(u.detail)")
        }
        let series = Set(schedule.meetings.filter { $0.attendees.contains(id) }.map(\.series))
            .union(schedule.unplaced.filter { $0.attendees.contains(id) }.map(\.series))
        if series.isEmpty { out.append("  No sessions are scheduled or wanted for \(leader.name).") }
        for s in series.sorted() { out += explain(series: s, viewer: leader) }
        return out.joined(separator: "\n")
    }

    /// The series of the pair `a`–`b` (either order), explained.
    public func explain(pair a: String, _ b: String) throws(TandemError) -> String {
        for id in [a, b] where programme.leader(id) == nil {
            throw .usage("No leader \(id) in \(programme.sourceFile). Use ids from the roster's id column.")
        }
        let series = Set(schedule.meetings.map(\.series) + schedule.unplaced.map(\.series)).sorted().first { s in
            let people = schedule.meetings.first { $0.series == s }?.attendees ?? schedule.unplaced.first { $0.series == s }!.attendees
            return Set(people) == [a, b]
        }
        guard let series else {
            throw .usage("\(a) and \(b) are not a pair in this schedule. Run tandem match to see the pairs.")
        }
        return explain(series: series, viewer: programme.leader(a)!).joined(separator: "\n")
    }

    private func explain(series: String, viewer: Leader) -> [String] {
        let meetings = schedule.meetings.filter { $0.series == series }.sorted { $0.start < $1.start }
        let misses = schedule.unplaced.filter { $0.series == series }
        let attendees = (meetings.first?.attendees ?? misses.first?.attendees ?? []).compactMap(programme.leader)
        let zone = viewer.timeZone
        var out: [String] = []
        let title = meetings.first?.title ?? "Mentoring: " + attendees.map(\.name).joined(separator: " & ")
        out.append("")
        out.append("\(title): \(meetings.count) session(s) placed, \(misses.count) missing")
        guard meetings.first?.kind != .group else {
            for m in meetings {
                out.append("  \(TimeText.span(m.start, m.end, in: zone)): \(m.attendees.count) attending" +
                           (m.absent.map { a in a.isEmpty ? "" : "; absent: " + a.map { "\($0.leader) (\($0.detail))" }.joined(separator: " ") } ?? ""))
            }
            for u in misses { out.append("  period \(u.period): not placed [\(u.reason.rawValue)] \(u.detail)") }
            return out
        }
        // The usual slot: the local weekday and time most sessions share, in the series' zone.
        let seriesZone = attendees.first?.timeZone ?? programme.timeZone
        var counts: [[Int]: Int] = [:]
        for m in meetings {
            let (d, minutes) = LocalDate.local(m.start, in: seriesZone)
            counts[[d.isoWeekday, minutes], default: 0] += 1
        }
        // Most sessions first; on a tie the earlier weekday and time.
        let usual = counts.sorted { a, b in a.value != b.value ? a.value > b.value : a.key.lexicographicallyPrecedes(b.key) }.first?.key
        if let usual {
            out.append("  Usual slot: \(WeeklyWindow.dayNames[usual[0] - 1]) \(TimeText.hhmm(usual[1])) (\(seriesZone.identifier)), \(counts[usual]!) of \(meetings.count) sessions.")
        }
        var state = BookingState(Availability(programme, notBefore: nil))
        for m in schedule.meetings { state.book(Interval(m.start, m.end), for: m.attendees) }
        let periods = Dictionary(uniqueKeysWithValues: programme.periods(programme.sessions.cadence).map { ($0.index, $0) })
        for m in meetings {
            var line = "  \(TimeText.span(m.start, m.end, in: zone)): "
            let fits = attendees.map { a in
                let other = a.timeZone.identifier == zone.identifier ? "" : " \(a.timeZone.identifier)"
                return "\(a.name.split(separator: " ").first ?? "")'s window \(window(of: a, containing: m) ?? "?")\(other)"
            }
            line += "inside " + fits.joined(separator: " and ")
            let (d, minutes) = LocalDate.local(m.start, in: seriesZone)
            if let usual, [d.isoWeekday, minutes] != usual, let period = periods[m.period] {
                state.unbook(Interval(m.start, m.end), for: m.attendees)
                let reasons = usualSlotObstacles(usual, period: period, zone: seriesZone, attendees: attendees, state: &state)
                state.book(Interval(m.start, m.end), for: m.attendees)
                line += "; not the usual slot because " + (reasons.isEmpty ? "the usual slot was taken when this session was placed" : reasons.joined(separator: "; "))
            }
            out.append(line + ".")
        }
        for u in misses.sorted(by: { $0.period < $1.period }) {
            out.append("  period \(u.period): no session [\(u.reason.rawValue)]. \(u.detail)")
        }
        return out
    }

    /// `Tue 15:45-17:30` if one of `leader`'s windows holds the meeting.
    private func window(of leader: Leader, containing m: Meeting) -> String? {
        let (d, start) = LocalDate.local(m.start, in: leader.timeZone)
        let end = start + Int(m.end.timeIntervalSince(m.start) / 60)
        return leader.availability.first { $0.weekday == d.isoWeekday && $0.start <= start && end <= $0.end }?.description
    }

    /// Why nobody could meet at the usual weekday and time in `period`, attendee by attendee.
    private func usualSlotObstacles(_ usual: [Int], period: Period, zone: TimeZone, attendees: [Leader],
                                    state: inout BookingState) -> [String] {
        var out: [String] = []
        let length = TimeInterval(programme.sessions.duration)
        for day in period.days where day.isoWeekday == usual[0] {
            let start = day.instant(minutes: usual[1], in: zone)
            let slot = Interval(start, start.addingTimeInterval(length))
            for a in attendees {
                guard let avail = state.availability.leader(a.id), let reason = state.obstacle(for: avail, at: slot, in: period) else { continue }
                let first = a.name.split(separator: " ").first.map(String.init) ?? a.name
                let when = "\(WeeklyWindow.dayNames[day.isoWeekday - 1]) \(day)"
                switch reason {
                case .calendarBusy:
                    let buffer = TimeInterval(programme.sessions.buffer)
                    let widened = Interval(slot.start.addingTimeInterval(-buffer), slot.end.addingTimeInterval(buffer))
                    if let b = avail.firstBusy(in: widened) {
                        out.append("\(when): \(first)'s calendar is busy \(TimeText.span(b.start, b.end, in: zone).split(separator: " ").last!) (\(b.summary))")
                    }
                case .closedPeriod:
                    out.append("\(when): closed for \(first) (\(avail.closures.reasons[day] ?? "closure"))")
                case .noCommonAvailability:
                    out.append("\(when): outside \(first)'s availability")
                case .takenByOtherMeetings:
                    out.append("\(when): \(first) has another Tandem meeting then")
                case .limitReached:
                    out.append("\(when): \(first) has reached the daily or weekly meeting limit")
                default:
                    out.append("\(when): \(reason.sentence)")
                }
            }
        }
        return out
    }
}
