import Foundation
import TandemCalendar
import TandemCore
import TandemIO

/// `tandem-bench schedule`: runs the real `tandem generate` and `tandem schedule` binaries on the
/// synthetic programmes and reports wall time, peak memory and the quality of the schedule.
struct ScheduleBenchmark {
    struct Options {
        var sizes = ["S", "M", "L", "XL"]
        var seed = 1
        var now = "2026-09-01"
        var keep: String?
        /// Sizes whose exact optimum (CP-SAT) is computed for comparison.
        var optimum: [String] = []
        var python = ".venv/bin/python"
        /// A second `tandem` binary (an earlier commit) timed on the same programmes, alternating with ours.
        var baseline: String?
        /// Timed runs per binary and size; medians are reported (default 1, or 3 with a baseline).
        var runs: Int?

        init(_ arguments: [String]) throws {
            var rest = arguments[...]
            while let flag = rest.popFirst() {
                guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
                switch flag {
                case "--sizes": sizes = value.split(separator: ",").map { $0.uppercased() }
                case "--seed": seed = Int(value) ?? 1
                case "--now": now = value
                case "--keep": keep = value
                case "--optimum": optimum = value.split(separator: ",").map { $0.uppercased() }
                case "--python": python = value
                case "--baseline": baseline = value
                case "--runs":
                    guard let n = Int(value), n > 0 else { throw BenchError("--runs needs a positive count") }
                    runs = n
                default: throw BenchError("unknown option \(flag)")
                }
            }
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// Wall-time and peak-memory targets per size (DESIGN §5 sizes).
    static let targets: [String: (seconds: Double, mebibytes: Double?)] = [
        "S": (1, nil), "M": (3, nil), "L": (5, nil), "XL": (20, 1536),
    ]

    let options: Options

    func run() -> Bool {
        let tandem = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tandem").path
        let root = options.keep ?? (NSTemporaryDirectory() + "tandem-bench-\(getpid())")
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        print("schedule benchmark: seed \(options.seed), now \(options.now), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("")
        print(pad("size", 5) + pad("leaders", 8) + pad("generate", 10) + pad("schedule", 10) + pad("peak MiB", 10)
              + pad("requested", 10) + pad("placed", 8) + pad("short", 7) + pad("stable", 8) + pad("violations", 11) + "result")
        var ok = true
        for size in options.sizes {
            let input = "\(root)/\(size)"
            let output = "\(root)/\(size)-out"
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: output)
            let gen = Self.spawn(tandem, ["generate", "--size", size, "--seed", "\(options.seed)", "--out", input])
            guard gen.status == 0 else { print("\(size): tandem generate failed (\(gen.status))"); ok = false; continue }
            let sched = Self.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
            guard sched.status == 0 else { print("\(size): tandem schedule failed (\(sched.status))"); ok = false; continue }
            guard let programme = try? ProgrammeLoader.load(path: "\(input)/programme.yaml"),
                  let schedule = try? ScheduleJSON.read("\(output)/schedule.json")
            else { print("\(size): cannot read the result"); ok = false; continue }
            let violations = ConstraintChecker.violations(schedule, programme: programme, now: ISO8601.parse(options.now)!).count
            let stable = Self.stability(schedule, programme: programme)
            let mib = Double(sched.maxRSSKiB) / 1024
            let target = Self.targets[size]
            let pass = violations == 0 && sched.seconds <= (target?.seconds ?? .infinity) && mib <= (target?.mebibytes ?? .infinity)
            ok = ok && pass
            let s = schedule.summary
            print(pad(size, 5) + pad("\(programme.leaders.count)", 8) + pad(String(format: "%.2fs", gen.seconds), 10)
                  + pad(String(format: "%.2fs", sched.seconds), 10) + pad(String(format: "%.0f", mib), 10)
                  + pad("\(s.requested)", 10) + pad("\(s.placed)", 8) + pad("\(s.pairsShort)", 7)
                  + pad(String(format: "%.1f%%", stable * 100), 8) + pad("\(violations)", 11)
                  + (pass ? "PASS" : "FAIL") + (target.map { " (< \($0.seconds)s" + ($0.mebibytes.map { ", < \(Int($0)) MiB" } ?? "") + ")" } ?? ""))
        }
        if let baseline = options.baseline {
            ok = compareWithBaseline(baseline, tandem: tandem, root: root) && ok
        }
        for size in options.optimum {
            ok = compareWithOptimum(size, root: root) && ok
        }
        if options.keep == nil { try? FileManager.default.removeItem(atPath: root) }
        return ok
    }

    /// Times `tandem schedule` of this build and of `baseline` on the same generated programmes,
    /// alternating the two (who goes first flips each run) so that a loaded machine slows both alike.
    /// Prints the medians, the peak memory, the placed counts and the time ratio per size.
    func compareWithBaseline(_ baseline: String, tandem: String, root: String) -> Bool {
        let runs = options.runs ?? 3
        let targets: [String: (ratio: Double, mebibytes: Double?)] = ["L": (0.6, nil), "XL": (0.6, 400)]
        print("")
        print("against baseline \(baseline) (\(runs) alternating run(s) each, medians)")
        print(pad("size", 5) + pad("this", 9) + pad("baseline", 10) + pad("ratio", 7) + pad("this MiB", 10) + pad("base MiB", 10)
              + pad("this placed", 12) + pad("base placed", 12) + "result")
        var ok = true
        for size in options.sizes {
            let input = "\(root)/\(size)"
            if !FileManager.default.fileExists(atPath: "\(input)/programme.yaml") {
                let gen = Self.spawn(tandem, ["generate", "--size", size, "--seed", "\(options.seed)", "--out", input])
                guard gen.status == 0 else { print("\(size): tandem generate failed (\(gen.status))"); ok = false; continue }
            }
            let binaries = [tandem, baseline]
            var seconds: [[Double]] = [[], []]
            var peak = [0, 0]
            var failed = false
            for run in 0..<runs {
                for k in (run % 2 == 0 ? [0, 1] : [1, 0]) {
                    let output = "\(root)/\(size)-\(k == 0 ? "this" : "base")"
                    try? FileManager.default.removeItem(atPath: output)
                    let r = Self.spawn(binaries[k], ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
                    if r.status != 0 { print("\(size): \(binaries[k]) schedule failed (\(r.status))"); failed = true }
                    seconds[k].append(r.seconds)
                    peak[k] = max(peak[k], r.maxRSSKiB)
                }
            }
            guard !failed,
                  let this = try? ScheduleJSON.read("\(root)/\(size)-this/schedule.json"),
                  let base = try? ScheduleJSON.read("\(root)/\(size)-base/schedule.json")
            else { ok = false; continue }
            let median = seconds.map { list in list.sorted()[list.count / 2] }
            let ratio = median[0] / median[1]
            let mib = peak.map { Double($0) / 1024 }
            let target = targets[size]
            let pass = this.summary.placed >= base.summary.placed && ratio <= (target?.ratio ?? .infinity)
                && mib[0] <= (target?.mebibytes ?? .infinity)
            ok = ok && pass
            print(pad(size, 5) + pad(String(format: "%.2fs", median[0]), 9) + pad(String(format: "%.2fs", median[1]), 10)
                  + pad(String(format: "%.2f", ratio), 7) + pad(String(format: "%.0f", mib[0]), 10) + pad(String(format: "%.0f", mib[1]), 10)
                  + pad("\(this.summary.placed)", 12) + pad("\(base.summary.placed)", 12) + (pass ? "PASS" : "FAIL")
                  + " (placed ≥ baseline" + (target.map { ", ratio ≤ \($0.ratio)" + ($0.mebibytes.map { ", < \(Int($0)) MiB" } ?? "") } ?? "") + ")")
        }
        return ok
    }

    /// Solves the size's placement exactly with CP-SAT (Tests/Oracle/optimum.py) and compares.
    func compareWithOptimum(_ size: String, root: String) -> Bool {
        let input = "\(root)/\(size)"
        guard let programme = try? ProgrammeLoader.load(path: "\(input)/programme.yaml"),
              let schedule = try? ScheduleJSON.read("\(root)/\(size)-out/schedule.json")
        else { print("\(size): run the size first (--sizes \(size))"); return false }
        let instance = "\(root)/\(size)-instance.json"
        _ = FileManager.default.createFile(atPath: instance, contents: PlacementInstance.json(
            programme: programme, pairs: schedule.pairs, now: ISO8601.parse(options.now)!))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: options.python)
        process.arguments = ["Tests/Oracle/optimum.py", instance, "300"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            print("\(size): cannot run \(options.python) (\(error)); install OR-Tools with .ci/bench or pass --python")
            return false
        }
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let result = try? JSONSerialization.jsonObject(with: out) as? [String: Any],
              let optimum = result["optimum"] as? Int, let bound = result["bound"] as? Int
        else { print("\(size): optimum.py failed"); return false }
        let placed = schedule.summary.placed
        let gap = optimum == 0 ? 0 : Double(optimum - placed) / Double(optimum) * 100
        let pass = gap <= 1
        print("")
        print("\(size) exact optimum (CP-SAT, \(result["status"] ?? "?"), \(result["variables"] ?? 0) variables): \(optimum) sessions, bound \(bound); "
              + "tandem placed \(placed): \(String(format: "%.2f", gap))% below optimum " + (pass ? "PASS (≤ 1%)" : "FAIL (> 1%)"))
        return pass
    }

    func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count + 1), withPad: " ", startingAt: 0) }

    /// Share of one-to-one meetings on their series' most common local weekday and time.
    static func stability(_ schedule: Schedule, programme: Programme) -> Double {
        let mentoring = schedule.meetings.filter { $0.kind == .mentoring }
        guard !mentoring.isEmpty else { return 1 }
        var onUsual = 0
        for (_, list) in Dictionary(grouping: mentoring, by: \.series) {
            let zone = programme.seriesZone(list[0])
            var counts: [[Int]: Int] = [:]
            for m in list {
                let (d, minutes) = LocalDate.local(m.start, in: zone)
                counts[[d.isoWeekday, minutes], default: 0] += 1
            }
            onUsual += counts.values.max() ?? 0
        }
        return Double(onUsual) / Double(mentoring.count)
    }

    struct Spawned {
        var status: Int32
        var seconds: Double
        var maxRSSKiB: Int
    }

    /// Runs a process to completion, timing it and reading its own peak resident memory.
    ///
    /// The peak comes from `/usr/bin/time`, which starts the command from a small process: a child
    /// spawned straight from this one would report this process's high-water mark (the schedules it
    /// has read) whenever that is higher than its own. Without `/usr/bin/time`, wait4's figure is used.
    static func spawn(_ path: String, _ arguments: [String]) -> Spawned {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else { return spawnDirect(path, arguments) }
        let report = NSTemporaryDirectory() + "tandem-bench-rss-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: report) }
        var run = spawnDirect(time, ["-q", "-f", "%M", "-o", report, path] + arguments)
        if let text = try? String(contentsOfFile: report, encoding: .utf8),
           let kib = text.split(whereSeparator: \.isWhitespace).last.flatMap({ Int($0) }) {
            run.maxRSSKiB = kib
        }
        return run
    }

    /// Runs a process to completion, timing it and reading its peak resident memory (wait4).
    private static func spawnDirect(_ path: String, _ arguments: [String]) -> Spawned {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return Spawned(status: -1, seconds: 0, maxRSSKiB: 0) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Spawned(status: exit, seconds: seconds, maxRSSKiB: usage.ru_maxrss)
    }
}
