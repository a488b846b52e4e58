import Foundation
import TandemCalendar

/// `tandem schedule`: load, match, place, and write every output of DESIGN §5.
public struct ScheduleRun: Sendable {
    public var schedule: Schedule
    public var files: [String: Data]

    /// Computes the schedule and renders every file, without touching the disk.
    public init(programme: Programme, now: Date, stamp: Date) {
        var schedule = Scheduler(programme: programme, now: now).schedule()
        schedule = SeriesFolder.assignICSUIDs(schedule, programme: programme)
        let set = CalendarBuilder.build(schedule, programme: programme)
        var files: [String: Data] = [:]
        for (id, doc) in set.leaders {
            files["\(id).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
        }
        for (uid, doc) in set.invites {
            files["invites/\(uid).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
        }
        files["programme.ics"] = Data(ICalendarWriter.render(set.programme, stamp: stamp).utf8)
        files["schedule.json"] = ScheduleJSON.encode(schedule)
        self.schedule = schedule
        self.files = files
    }

    /// Writes the output folder atomically.
    public func write(to path: String) throws(TandemError) {
        try OutputFolder.write(files, to: path)
    }

    /// The closing summary a coordinator reads.
    public func summary(programme: Programme) -> String {
        let wanted = schedule.meetings.filter { $0.kind == .mentoring }.count
            + schedule.unplaced.filter { $0.kind == .mentoring }.count
        var lines: [String] = []
        lines.append("\(programme.name)")
        lines.append("  pairs: \(schedule.pairs.count), unmatched leaders: \(schedule.unmatched.count)")
        let short = Set(schedule.unplaced.map(\.series)).count
        lines.append("  sessions placed: \(schedule.meetings.count) (of \(wanted) requested); pairs short of their count: \(short)")
        var counts: [ReasonCode: Int] = [:]
        for u in schedule.unplaced { counts[u.reason, default: 0] += 1 }
        for u in schedule.unmatched { counts[u.reason, default: 0] += 1 }
        for code in ReasonCode.allCases where counts[code] != nil {
            lines.append("  \(code.rawValue): \(counts[code]!) — \(code.sentence)")
        }
        return lines.joined(separator: "\n")
    }
}
