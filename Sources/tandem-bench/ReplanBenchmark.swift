import Foundation
import TandemCalendar
import TandemCore
import TandemIO

/// `tandem-bench replan`: schedules a generated programme, changes a share of the leaders'
/// calendars so that some of their future meetings clash, re-runs `tandem schedule` on the same
/// output folder, and reports how much of the future moved and whether every hard constraint holds.
struct ReplanBenchmark {
    struct Options {
        var size = "L"
        var seed = 1
        var now = "2026-11-02"
        var share = 0.05
        var clashesPerLeader = 3
        var keep: String?

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let flag = rest.popFirst() {
                guard let value = rest.popFirst() else { throw ScheduleBenchmark.BenchError("\(flag) needs a value") }
                switch flag {
                case "--size": size = value.uppercased()
                case "--seed": seed = Int(value) ?? 1
                case "--now": now = value
                case "--share": share = Double(value) ?? 0.05
                case "--clashes": clashesPerLeader = Int(value) ?? 3
                case "--keep": keep = value
                default: throw ScheduleBenchmark.BenchError("unknown option \(flag)")
                }
            }
        }
    }

    let options: Options

    func run() -> Bool {
        let tandem = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tandem").path
        let root = options.keep ?? (NSTemporaryDirectory() + "tandem-replan-\(getpid())")
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: root) } }
        let input = "\(root)/programme", output = "\(root)/out"
        try? FileManager.default.removeItem(atPath: root)
        guard ScheduleBenchmark.spawn(tandem, ["generate", "--size", options.size, "--seed", "\(options.seed)", "--out", input]).status == 0,
              ScheduleBenchmark.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"]).status == 0,
              let programme = try? ProgrammeLoader.load(path: "\(input)/programme.yaml"),
              let before = try? ScheduleJSON.read("\(output)/schedule.json")
        else { print("replan: the first schedule failed"); return false }
        let now = ISO8601.parse(options.now)!
        let horizon = programme.notBefore(now)
        let future = before.meetings.filter { $0.start >= horizon }

        let (changed, clashes) = Self.addClashes(programme: programme, calendars: "\(input)/calendars", future: future,
                                                 share: options.share, perLeader: options.clashesPerLeader)
        let previousCopy = "\(root)/schedule.before.json"
        try? FileManager.default.removeItem(atPath: previousCopy)
        try? FileManager.default.copyItem(atPath: "\(output)/schedule.json", toPath: previousCopy)
        let second = ScheduleBenchmark.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
        guard second.status == 0, let after = try? ScheduleJSON.read("\(output)/schedule.json")
        else { print("replan: the re-plan failed"); return false }
        // Every hard constraint, checked by `tandem check` on the new calendars.
        let check = ScheduleBenchmark.spawn(tandem, ["check", "\(input)/programme.yaml", "\(output)/schedule.json",
                                                     "--now", options.now, "--previous", previousCopy])

        let afterByUID = Dictionary(after.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let moved = future.filter { m in afterByUID[m.uid].map { $0.start != m.start || $0.end != m.end } ?? false }
        let cancelled = future.filter { afterByUID[$0.uid] == nil }
        let beforeUIDs = Set(before.meetings.map(\.uid))
        let added = after.meetings.filter { !beforeUIDs.contains($0.uid) }
        let changedSet = Set(changed)
        let touched = moved + cancelled
        let share = future.isEmpty ? 0 : Double(touched.count) / Double(future.count)
        let others = touched.filter { m in !m.attendees.contains(where: changedSet.contains) }.count
        let pass = share < 0.10 && check.status == 0
        func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
        print("re-plan benchmark: size \(options.size), seed \(options.seed), now \(options.now)")
        print("  leaders whose calendars changed: \(changed.count) of \(programme.leaders.count) (\(pct(Double(changed.count) / Double(programme.leaders.count)))), \(clashes) new clashes with future meetings")
        print("  future meetings before: \(future.count); moved \(moved.count), cancelled \(cancelled.count): \(touched.count) changed (\(pct(share)))")
        print("  of the changed meetings, \(others) belong to no leader whose calendar changed; \(added.count) meetings added in other periods")
        print("  re-plan wall time: \(String(format: "%.2f", second.seconds)) s; sessions placed \(before.summary.placed) → \(after.summary.placed)")
        print("  tandem check --now \(options.now) --previous: \(check.status == 0 ? "no violations" : "violations (exit \(check.status))")")
        print(pass ? "PASS (< 10% of future meetings changed, tandem check clean)" : "FAIL")
        return pass
    }

    /// Gives `share` of all the leaders (spread evenly by id over those with meetings in `future`) new
    /// commitments on top of up to `perLeader` of their future meetings, appended to their calendar files.
    /// Returns the leaders changed and the number of clashes written.
    static func addClashes(programme: Programme, calendars: String, future: [Meeting], share: Double,
                           perLeader: Int) -> (changed: [String], clashes: Int) {
        let withMeetings = Set(future.flatMap(\.attendees))
        let leaders = programme.leaders.map(\.id).sorted().filter(withMeetings.contains)
        let count = min(leaders.count, Int((Double(programme.leaders.count) * share).rounded()))
        let changed = (0..<count).map { leaders[$0 * leaders.count / max(1, count)] }
        var clashes = 0
        for id in changed {
            let targets = future.filter { $0.attendees.contains(id) }.prefix(perLeader)
            let file = "\(calendars)/\(id).ics"
            guard var text = try? String(contentsOfFile: file, encoding: .utf8),
                  let end = text.range(of: "END:VCALENDAR", options: .backwards) else { continue }
            var events = ""
            for (i, m) in targets.enumerated() {
                func basic(_ d: Date) -> String {
                    ISO8601.string(d).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
                }
                events += "BEGIN:VEVENT\r\nUID:replan-\(id)-\(i)@bench\r\nDTSTAMP:20261101T000000Z\r\n"
                    + "DTSTART:\(basic(m.start))\r\nDTEND:\(basic(m.end))\r\nSUMMARY:New commitment\r\nEND:VEVENT\r\n"
                clashes += 1
            }
            text.replaceSubrange(end.lowerBound..<end.lowerBound, with: events)
            try? text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return (changed, clashes)
    }
}
