public import Foundation
import TandemCalendar

/// What `tandem schedule` produces (``SchedulePipeline``): the schedule, every output file of DESIGN §5, and the changes.
public struct ScheduleRun: Sendable {
    public var schedule: Schedule
    public var files: [String: Data]
    /// What changed against the previous schedule, when there was one.
    public var changes: ChangeSummary?

    /// The result of a ``SchedulePipeline`` run.
    public init(schedule: Schedule, files: [String: Data], changes: ChangeSummary?) {
        self.schedule = schedule
        self.files = files
        self.changes = changes
    }

    /// Computes the schedule and renders every file, without touching the disk: runs ``SchedulePipeline``.
    ///
    /// With a `previous` schedule it re-plans: meetings that have happened or are within notice
    /// stay, later ones move only if they must, and vanished ones are cancelled.
    public init(programme: Programme, now: Date, stamp: Date, previous: Schedule? = nil, progress: ProgressHandler? = nil) {
        self = SchedulePipeline(programme: programme, now: now, previous: previous, progress: progress).run(stamp: stamp)
    }

    /// The closing summary a coordinator reads.
    public func summary(programme: Programme) -> String {
        let summary = schedule.summary
        var lines: [String] = []
        lines.append("\(programme.name)")
        lines.append("  pairs: \(schedule.pairs.count), unmatched leaders: \(schedule.unmatched.count)")
        lines.append("  sessions placed: \(summary.placed) of \(summary.requested) requested; pairs short of their count: \(summary.pairsShort)")
        var counts: [ReasonCode: Int] = [:]
        for u in schedule.unplaced { counts[u.reason, default: 0] += 1 }
        for u in schedule.unmatched { counts[u.reason, default: 0] += 1 }
        for code in ReasonCode.allCases where counts[code] != nil {
            lines.append("  \(code.rawValue): \(counts[code]!) — \(code.sentence)")
        }
        let shown = 10
        for u in schedule.unmatched.prefix(shown) {
            lines.append("  unmatched \(u.leader) [\(u.reason.rawValue)]: \(u.detail)")
        }
        for u in schedule.unplaced.prefix(shown) {
            let who = u.kind == .group ? "group session" : u.attendees.joined(separator: "+")
            lines.append("  unplaced \(who) period \(u.period) [\(u.reason.rawValue)]: \(u.detail)")
        }
        let hidden = max(0, schedule.unmatched.count - shown) + max(0, schedule.unplaced.count - shown)
        if hidden > 0 { lines.append("  … and \(hidden) more in schedule.json") }
        let empty = CalendarBuilder.leadersWithoutCalendar(schedule, programme: programme)
        if !empty.isEmpty {
            let names = empty.prefix(shown).map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            let more = empty.count > shown ? " and \(empty.count - shown) more" : ""
            let have = empty.count == 1 ? "1 leader has" : "\(empty.count) leaders have"
            lines.append("  \(have) no meetings, so no calendar file was written: \(names)\(more)")
        }
        if let changes {
            let t = changes.total
            lines.append("  changes since the previous schedule: \(t.moved) moved, \(t.added) added, \(t.cancelled) cancelled")
            for id in changes.byLeader.keys.sorted() {
                let c = changes.byLeader[id]!
                let name = programme.leader(id)?.name ?? id
                lines.append("    \(id) \(name): \(c.moved) moved, \(c.added) added, \(c.cancelled) cancelled")
            }
            for m in schedule.meetings where m.change != nil {
                let c = m.change!
                let when = TimeText.span(m.start, m.end, in: programme.leader(c.leader)?.timeZone ?? programme.timeZone)
                lines.append("    moved \(m.attendees.joined(separator: "+")) to \(when) [\(c.reason.rawValue) by \(c.leader)]\(c.detail.isEmpty ? "" : ": " + c.detail)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
