import Dispatch
import Foundation
import Synchronization
import TandemCore
import TandemDaemon

/// `tandem-bench daemon`: the reminder daemon's loop over a store of 1,000,000 pending reminders.
///
/// The parent builds the store; a child process (this executable again, `--child`) measures what a
/// freshly started daemon does: start-up time, resident memory, idle wake-ups, a burst of reminders
/// due at once into a real maildir, and how late individually scheduled reminders fire.
struct DaemonBenchmark {
    struct Options {
        var reminders = 1_000_000
        var burst = 10_000
        /// Reminders due one by one (50 ms apart) for the lateness figures.
        var spread = 200
        /// Seconds to watch the idle loop.
        var idle = 15.0
        var folder: String?
        var child = false

        init(_ args: [String]) throws {
            var i = 0
            func value() throws -> String {
                i += 1
                guard i < args.count else { throw DaemonBenchmarkError("\(args[i - 1]) needs a value") }
                return args[i]
            }
            while i < args.count {
                switch args[i] {
                case "--reminders": reminders = Int(try value()) ?? reminders
                case "--burst": burst = Int(try value()) ?? burst
                case "--spread": spread = Int(try value()) ?? spread
                case "--idle": idle = Double(try value()) ?? idle
                case "--folder": folder = try value()
                case "--child": child = true
                default: throw DaemonBenchmarkError("unknown option \(args[i])")
                }
                i += 1
            }
        }

        var arguments: [String] {
            ["--reminders", "\(reminders)", "--burst", "\(burst)", "--spread", "\(spread)", "--idle", "\(idle)"]
                + (folder.map { ["--folder", $0] } ?? [])
        }
    }

    var options: Options

    /// The reminders of the benchmark store. `moveAt` moves the burst and spread sets to fall due from then on.
    static func plan(_ o: Options, base: Date, moveAt: Date?) -> [PlannedReminder] {
        let body = String(repeating: "A reminder that your mentoring session is coming up. ", count: 10)
        var out: [PlannedReminder] = []
        out.reserveCapacity(o.reminders)
        let year = 365.0 * 86_400
        let background = o.reminders - o.burst - o.spread
        for i in 0..<o.reminders {
            let due: Date
            if i < background {
                due = base.addingTimeInterval(3_600 + year * Double(i) / Double(background))
            } else if i < background + o.burst {
                due = moveAt.map { $0.addingTimeInterval(Double(o.spread) * 0.05 + 2) } ?? base.addingTimeInterval(400 * 86_400)
            } else {
                let k = i - background - o.burst
                due = moveAt.map { $0.addingTimeInterval(Double(k) * 0.05) } ?? base.addingTimeInterval(400 * 86_400 + Double(k))
            }
            let leader = "L\(i % 50_000)"
            out.append(PlannedReminder(kind: .before, meeting: "bench-meeting-\(i / 2)", recipient: leader, offset: 86_400,
                                       due: due, meetingStart: due.addingTimeInterval(86_400), recipientName: "Leader \(leader)",
                                       recipientEmail: "\(leader.lowercased())@school.example",
                                       subject: "Mentoring tomorrow at 16:00 (\(i))", body: "Dear Leader,\n\n\(body)\n"))
        }
        return out
    }

    func run() async -> Bool {
        options.child ? await runChild() : runParent()
    }

    // MARK: Parent: build the store, run the child

    private func runParent() -> Bool {
        let folder = options.folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-daemon-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/reminders.sqlite"
        print("tandem-bench daemon: \(options.reminders) pending reminders in \(db)")
        let base = Date()
        var o = options
        o.folder = folder
        if !FileManager.default.fileExists(atPath: db) {
            let t = Date()
            let plan = DaemonBenchmark.plan(options, base: base, moveAt: nil)
            do {
                let store = try SQLiteReminderStore(path: db)
                let summary = try store.importPlan(plan, now: base)
                try store.setMeta("bench_base", String(base.timeIntervalSince1970))
                print(String(format: "  build store: %.1f s (%@)", Date().timeIntervalSince(t), summary.description))
            } catch {
                print("  cannot build the store: \(error)")
                return false
            }
        }
        fflush(nil)  // the table so far, before the child writes its own
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = ["daemon", "--child"] + o.arguments
        do {
            try child.run()
        } catch {
            print("  cannot start the child: \(error)")
            return false
        }
        child.waitUntilExit()
        if options.folder == nil { try? FileManager.default.removeItem(atPath: folder) }
        return child.terminationStatus == 0
    }

    // MARK: Child: a daemon's life, measured

    private final class Counters: Sendable {
        struct Values {
            var ticks = 0
            var lateness: [String: [Double]] = [:]
            var delivered = 0
            var lastDelivery = Date.distantPast
        }
        let lock = Mutex(Values())
    }

    private func runChild() async -> Bool {
        guard let folder = options.folder else { return false }
        let db = folder + "/reminders.sqlite"
        let maildir = folder + "/outbox"
        let counters = Counters()
        let burstPrefix = options.reminders - options.burst - options.spread
        let ctxBefore0 = Self.status("voluntary_ctxt_switches")

        let t0 = Date()
        let store: SQLiteReminderStore
        let loop: ReminderLoop
        do {
            store = try SQLiteReminderStore(path: db)
            let channel = MaildirChannel(path: maildir, from: .init(name: "Bench", email: "bench@example.invalid"), clock: SystemClock())
            var configuration = ReminderLoop.Configuration()
            configuration.logEachDelivery = false
            loop = ReminderLoop(
                store: store, channel: channel, clock: SystemClock(), timer: DispatchWallTimer(), configuration: configuration,
                beforeTick: { counters.lock.withLock { $0.ticks += 1 }; return nil },
                observer: { event in
                    guard case .delivered(let r, let at) = event else { return }
                    let index = Int(r.subject.split(separator: "(").last?.dropLast() ?? "") ?? 0
                    let set = index >= burstPrefix + options.burst ? "spread" : "burst"
                    counters.lock.withLock {
                        $0.lateness[set, default: []].append(at.timeIntervalSince(r.nextAttempt))
                        $0.delivered += 1
                        $0.lastDelivery = at
                    }
                })
            try loop.start()
        } catch {
            print("  child: \(error)")
            return false
        }
        // Started when the first wake-up has claimed (nothing) and re-armed the timer for a minute ahead.
        while (loop.armedDeadline ?? .distantPast) < t0.addingTimeInterval(30) { usleep(1_000) }
        let startup = Date().timeIntervalSince(t0)
        let rss = Self.status("VmRSS")
        _ = ctxBefore0

        // Idle.
        let ticks0 = counters.lock.withLock { $0.ticks }
        let ctx0 = Self.status("voluntary_ctxt_switches")
        try? await Task.sleep(for: .seconds(options.idle))
        let idleTicks = counters.lock.withLock { $0.ticks } - ticks0
        let idleSwitches = Self.status("voluntary_ctxt_switches") - ctx0
        let armedAhead = (loop.armedDeadline ?? Date()).timeIntervalSinceNow

        // Burst: a re-plan moves the spread set to fall due 50 ms apart, then the burst all at one instant.
        let tImport = Date()
        // The background reminders keep the due times the parent gave them.
        let planBase = Date(timeIntervalSince1970: ((try? store.meta("bench_base")) ?? nil).flatMap(Double.init) ?? 0)
        let moveAt = Date().addingTimeInterval(25)
        let summary: ImportSummary
        do {
            summary = try store.importPlan(DaemonBenchmark.plan(options, base: planBase, moveAt: moveAt), now: Date())
        } catch {
            print("  child: re-plan failed: \(error)")
            return false
        }
        let importTime = Date().timeIntervalSince(tImport)
        loop.wake()  // as the daemon does after importing a changed schedule
        let expected = options.burst + options.spread
        let deadline = Date().addingTimeInterval(120)
        while counters.lock.withLock({ $0.delivered }) < expected && Date() < deadline { usleep(10_000) }
        await loop.stop()
        let burstDue = moveAt.addingTimeInterval(Double(options.spread) * 0.05 + 2)
        let (burst, spread, delivered, last) = counters.lock.withLock {
            ($0.lateness["burst"] ?? [], $0.lateness["spread"] ?? [], $0.delivered, $0.lastDelivery)
        }
        let burstTime = last.timeIntervalSince(burstDue)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new").count) ?? 0
        let hwm = Self.status("VmHWM")

        func pct(_ xs: [Double], _ p: Double) -> Double {
            guard !xs.isEmpty else { return .nan }
            let s = xs.sorted()
            return s[min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1)]
        }
        var ok = true
        func row(_ name: String, _ value: String, _ target: String, _ pass: Bool) {
            ok = ok && pass
            print("  \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(value.padding(toLength: 16, withPad: " ", startingAt: 0)) \(target.padding(toLength: 12, withPad: " ", startingAt: 0)) \(pass ? "PASS" : "FAIL")")
        }
        print("  \("figure".padding(toLength: 44, withPad: " ", startingAt: 0)) \("value".padding(toLength: 16, withPad: " ", startingAt: 0)) target")
        row("start-up (open, recover, first wake-up)", String(format: "%.3f s", startup), "< 3 s", startup < 3)
        row("resident memory after start-up", String(format: "%.1f MiB", Double(rss) / 1024), "< 300 MiB", rss < 300 * 1024)
        row("wake-ups while idle (\(Int(options.idle)) s)", "\(idleTicks)", "≤ 1/min", Double(idleTicks) <= max(1, options.idle / 60))
        row("  voluntary context switches while idle", "\(idleSwitches)", "", true)
        row("  timer armed ahead when idle", String(format: "%.1f s", armedAhead), "≤ 60 s", armedAhead <= 60.5)
        row("re-plan import (move \(options.burst + options.spread) of \(options.reminders))", String(format: "%.1f s", importTime), "", true)
        row("\(options.burst) due at once → maildir", String(format: "%.2f s", burstTime), "< 10 s", burstTime < 10 && burst.count == options.burst)
        row("  burst lateness p50 / p99", String(format: "%.2f / %.2f s", pct(burst, 0.5), pct(burst, 0.99)), "", true)
        row("firing lateness p99 (\(spread.count) due 50 ms apart)", String(format: "%.1f ms", pct(spread, 0.99) * 1000), "< 1 s", pct(spread, 0.99) < 1)
        row("  firing lateness p50 / max", String(format: "%.1f / %.1f ms", pct(spread, 0.5) * 1000, (spread.max() ?? .nan) * 1000), "", true)
        row("delivered / files in new/", "\(delivered) / \(files)", "= \(expected)", delivered == expected && files == expected)
        row("peak resident memory (incl. re-plan of 1M)", String(format: "%.1f MiB", Double(hwm) / 1024), "", true)
        print("  import: \(summary)")
        return ok
    }

    /// A `/proc/self/status` figure (kB for memory lines).
    static func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
        }
        return 0
    }
}

struct DaemonBenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
