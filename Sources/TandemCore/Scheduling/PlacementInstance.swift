public import Foundation
import TandemCalendar

/// The placement problem of a programme written out for an exact solver: every pair's feasible
/// starts per period (windows, closures, notice and calendars already applied), and what each
/// start would use up (leaders' time with the buffer, local days, local weeks).
///
/// A benchmark feeds it to an exact model (CP-SAT) to learn the most sessions that can be placed,
/// and compares the scheduler's count with that optimum.
public enum PlacementInstance {
    public static func json(programme: Programme, pairs: [Pair], now: Date) -> Data {
        let availability = Availability(programme, notBefore: programme.notBefore(now))
        let periods = availability.periods
        let wanted = min(programme.sessions.count ?? periods.count, periods.count)
        var candidates: [[String: Any]] = []
        var pairRows: [[String: Any]] = []
        for (pi, pair) in pairs.enumerated() {
            guard let a = availability.leader(pair.mentor), let b = availability.leader(pair.mentee) else { continue }
            pairRows.append(["index": pi, "mentor": pair.mentor, "mentee": pair.mentee, "wanted": wanted])
            for period in periods {
                guard case .success(let starts) = availability.intervalCandidates(for: [a, b], in: period, duration: programme.sessions.duration)
                else { continue }
                for c in starts {
                    var uses: [[Any]] = []
                    for leader in [a.leader, b.leader] {
                        let day = LocalDate.local(c.start, in: leader.timeZone).date
                        uses.append([leader.id, day.dayNumber, BookingState.weekKey(day)])
                    }
                    candidates.append([
                        "pair": pi, "period": period.index,
                        "start": Int(c.start.timeIntervalSince1970), "end": Int(c.end.timeIntervalSince1970),
                        "uses": uses,
                    ])
                }
            }
        }
        let root: [String: Any] = [
            "programme": programme.id,
            "buffer": programme.sessions.buffer,
            "per_day": programme.limits.perLeaderPerDay,
            "per_week": programme.limits.perLeaderPerWeek,
            "pairs": pairRows,
            "candidates": candidates,
        ]
        return try! JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }
}
