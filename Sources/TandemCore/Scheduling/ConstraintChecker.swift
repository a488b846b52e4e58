public import Foundation
import TandemCalendar

/// One broken hard constraint in a schedule.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// The DESIGN §4 hard-constraint number (1–6).
    public var constraint: Int
    public var meeting: String
    public var message: String

    public var description: String { "[\(constraint)] \(meeting): \(message)" }
}

/// Verifies every hard constraint of DESIGN §4 on a finished schedule, independently of how it was made.
///
/// Deliberately written without the scheduler's data structures: plain loops over meetings and
/// the programme, so that a bug in placement cannot hide itself here.
public enum ConstraintChecker {
    /// - Parameter previous: the schedule this one re-planned. A meeting it holds unchanged (same
    ///   uid, start and end) that starts before `now` + notice is history: it was kept because it
    ///   had happened or was too close to move, so only double booking is checked on it. Without
    ///   `previous`, every meeting is checked in full.
    public static func violations(_ schedule: Schedule, programme: Programme, now: Date, previous: Schedule? = nil) -> [Violation] {
        var out: [Violation] = []
        let s = programme.sessions
        let lockedBefore = programme.notBefore(now)
        let kept = Set((previous?.meetings ?? []).filter { $0.start < lockedBefore }.map { KeptKey($0) })
        let buffer = TimeInterval(s.buffer)
        // Indices, not uids: a duplicated meeting (same uid twice) is still a double booking.
        var byLeader: [String: [Int]] = [:]
        for (i, m) in schedule.meetings.enumerated() {
            for a in m.attendees { byLeader[a, default: []].append(i) }
        }
        let leaders = Dictionary(programme.leaders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var closuresOf: [String: Programme.Closures] = [:]
        for (index, m) in schedule.meetings.enumerated() {
            func fail(_ n: Int, _ text: String) { out.append(Violation(constraint: n, meeting: m.uid, message: text)) }
            func checkDoubleBooking(_ id: String) {
                for j in byLeader[id] ?? [] where j != index {
                    let other = schedule.meetings[j]
                    if other.start < m.end.addingTimeInterval(buffer) && m.start.addingTimeInterval(-buffer) < other.end {
                        fail(4, "\(id) is also in \(other.uid)")
                    }
                }
            }
            if kept.contains(KeptKey(m)) {
                m.attendees.forEach(checkDoubleBooking)
                continue
            }
            if m.end <= m.start { fail(1, "ends before it starts") }
            if m.start.timeIntervalSince1970.truncatingRemainder(dividingBy: Double(max(60, s.granularity))) != 0 {
                fail(6, "starts off the \(s.granularity / 60)-minute grid")
            }
            if m.start < lockedBefore { fail(6, "starts before now + notice") }
            for id in m.attendees {
                guard let leader = leaders[id] else { fail(1, "unknown attendee \(id)"); continue }
                let zone = leader.timeZone
                let (d1, m1) = LocalDate.local(m.start, in: zone)
                let (d2, m2raw) = LocalDate.local(m.end, in: zone)
                let m2 = d2 == d1 ? m2raw : (d2 == d1.adding(days: 1) && m2raw == 0 ? 1440 : -1)
                if m2 < 0 { fail(1, "spans two local days for \(id)") }
                if !leader.availability.contains(where: { $0.weekday == d1.isoWeekday && $0.start <= m1 && m2 <= $0.end }) {
                    fail(1, "outside \(id)'s availability (\(TimeText.span(m.start, m.end, in: zone)))")
                }
                if d1 < programme.start || d1 > programme.end { fail(6, "outside the programme's dates for \(id)") }
                let closures = closuresOf[id] ?? programme.closures(for: leader)
                closuresOf[id] = closures
                if closures.days.contains(d1) { fail(3, "on a closed day for \(id): \(closures.reasons[d1] ?? "closed")") }
                for c in closures.intervals where c.start < m.end && m.start < c.end {
                    fail(3, "in a closed interval for \(id): \(c.summary)")
                }
                for b in programme.busy[id] ?? [] where b.start < m.end.addingTimeInterval(buffer) && m.start.addingTimeInterval(-buffer) < b.end {
                    fail(2, "clashes with \(id)'s \"\(b.summary)\" (\(TimeText.span(b.start, b.end, in: zone)))")
                }
                let mine = (byLeader[id] ?? []).map { schedule.meetings[$0] }
                checkDoubleBooking(id)
                let sameDay = mine.filter { LocalDate.local($0.start, in: zone).date == d1 }.count
                if sameDay > programme.limits.perLeaderPerDay { fail(5, "\(id) has \(sameDay) meetings on \(d1)") }
                let monday = d1.adding(days: 1 - d1.isoWeekday)
                let sameWeek = mine.filter {
                    let d = LocalDate.local($0.start, in: zone).date
                    return d >= monday && d <= monday.adding(days: 6)
                }.count
                if sameWeek > programme.limits.perLeaderPerWeek { fail(5, "\(id) has \(sameWeek) meetings in the week of \(monday)") }
            }
        }
        return out
    }
}

/// A meeting as it was booked: its uid and times.
private struct KeptKey: Hashable {
    var uid: String
    var start: Date
    var end: Date
    init(_ m: Meeting) { (uid, start, end) = (m.uid, m.start, m.end) }
}
