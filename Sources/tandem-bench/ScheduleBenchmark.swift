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
        for size in options.optimum {
            ok = compareWithOptimum(size, root: root) && ok
        }
        if options.keep == nil { try? FileManager.default.removeItem(atPath: root) }
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
            let zone = programme.leader(list[0].attendees[0])?.timeZone ?? programme.timeZone
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

    /// Runs a process to completion, timing it and reading its own peak resident memory (wait4).
    static func spawn(_ path: String, _ arguments: [String]) -> Spawned {
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
