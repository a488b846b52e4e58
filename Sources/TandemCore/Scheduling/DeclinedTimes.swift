import Foundation
import TandemCalendar

/// What a decline does to the next plan (DESIGN §8): the declined time becomes unavailable to the
/// leader who declined, so a re-plan cannot keep the meeting there (or put it back later), and the
/// meeting that moves, or the session that could not be placed again, says why (`declined`).
///
/// Pure: the declines arrive as values, read from the daemon's store by the caller.
enum DeclinedTimes {
    /// The summary of the busy interval a decline adds (shown by `tandem explain`).
    static let busySummary = "declined in reply to the invitation"

    /// `programme` with each declined occurrence's time added to the decliner's busy intervals.
    static func apply(_ declines: [InvitationResponse], to programme: Programme) -> Programme {
        guard !declines.isEmpty else { return programme }
        var out = programme
        for d in declines where d.answer == .declined && d.end > d.start && programme.leader(d.leader) != nil {
            out.busy[d.leader, default: []].append(BusyInterval(start: d.start, end: d.end, summary: busySummary))
        }
        for id in out.busy.keys { out.busy[id]!.sort { ($0.start, $0.end) < ($1.start, $1.end) } }
        return out
    }

    /// Marks what the declines moved: a meeting the previous schedule had at a declined time and
    /// this one has elsewhere carries `change` (reason `declined`, the comment as detail); a session
    /// that found no other time in its period is unplaced with reason `declined`.
    static func explain(_ schedule: inout Schedule, declines: [InvitationResponse], previous: Schedule?, programme: Programme) {
        guard let previous, !declines.isEmpty else { return }
        let before = Dictionary(previous.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let earlierUIDs = Set(before.keys)
        var now: [String: Int] = [:]
        for (i, m) in schedule.meetings.enumerated() { now[m.uid] = i }
        let ordered = declines.filter { $0.answer == .declined }.sorted { ($0.start, $0.leader, $0.meeting) < ($1.start, $1.leader, $1.meeting) }
        for d in ordered {
            guard let old = before[d.meeting], old.start == d.start, old.attendees.contains(d.leader) else { continue }
            let reason = LeaderReason(leader: d.leader, reason: .declined, detail: d.comment ?? "")
            if let i = now[d.meeting] {
                if schedule.meetings[i].start != d.start, schedule.meetings[i].change == nil { schedule.meetings[i].change = reason }
                continue
            }
            if let u = schedule.unplaced.firstIndex(where: { $0.series == old.series && $0.period == old.period }) {
                let name = programme.leader(d.leader)?.name ?? d.leader
                let when = TimeText.span(d.start, d.end, in: programme.leader(d.leader)?.timeZone ?? programme.timeZone)
                schedule.unplaced[u].reason = .declined
                schedule.unplaced[u].detail = "\(name) declined \(when)" + (d.comment.map { ": \($0)" } ?? ".")
                continue
            }
            // Re-placed in another period: the series' new session carries the reason.
            if let i = schedule.meetings.firstIndex(where: { $0.series == old.series && !earlierUIDs.contains($0.uid) && $0.change == nil }) {
                schedule.meetings[i].change = reason
            }
        }
    }
}
