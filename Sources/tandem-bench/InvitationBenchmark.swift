import Foundation
import Synchronization
import TandemCalendar
import TandemCore
import TandemDaemon
import TandemIO

/// `tandem-bench invitations`: every iMIP invitation of a generated 4,000-leader programme, rendered
/// and written into a maildir through the daemon's own path, then one re-plan's updates.
///
/// The schedule comes from the real `tandem generate` and `tandem schedule` binaries. The invitations go
/// the way the daemon sends them: ``InvitationPlanner`` plans them, ``SQLiteReminderStore/importInvitations(_:now:pacing:)``
/// renders each document through libical and queues one row per attendee, and a ``ReminderLoop`` tick
/// claims them and writes them with ``MaildirChannel`` (``InvitationMail``, durable, one sync per batch).
/// Pacing is lifted (a rate no burst reaches, no quiet hours) and the loop's clock is injected, so the
/// figures measure rendering and writing, not the relay limit.
///
/// The checks trust neither the planner nor the store: every file's `X-Tandem-Key` header is counted
/// (each key exactly once), and the re-plan's new messages are compared with the invite documents of
/// `out/invites/` whose bytes (DTSTAMP aside) changed between the two runs of `tandem schedule`.
struct InvitationBenchmark {
    struct Options {
        var size = "XL"
        var seed = 1
        var now = "2026-09-01"
        /// Timed runs of the full send (fresh store and maildir each); the median is reported.
        var runs = 3
        var share = 0.02
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
                case "--runs":
                    guard let n = Int(value), n > 0 else { throw ScheduleBenchmark.BenchError("--runs needs a positive count") }
                    runs = n
                case "--share": share = Double(value) ?? 0.02
                case "--clashes": clashesPerLeader = Int(value) ?? 3
                case "--keep": keep = value
                default: throw ScheduleBenchmark.BenchError("unknown option \(flag)")
                }
            }
        }
    }

    let options: Options

    /// The loop's clock: the benchmark's "now", fixed, so that every paced slot is due.
    struct FixedClock: ReminderClock {
        var date: Date
        func now() -> Date { date }
    }

    /// A timer that is never fired: the benchmark runs the loop's ticks itself.
    final class IdleTimer: WakeTimer, Sendable {
        func setHandler(_ handler: @escaping @Sendable () async -> Void) {}
        func arm(at deadline: Date) {}
        func cancel() {}
    }

    /// Pacing that never throttles: one slot per 6 µs, no quiet hours.
    static let unpaced = InvitationPacing(rate: 10_000_000, quietHours: nil)

    /// One send: import (render + queue) and one loop tick (claim, write, mark).
    struct Send {
        var importSeconds: Double
        var writeSeconds: Double
        var summary: InvitationImportSummary
        var delivered: Int
        var total: Double { importSeconds + writeSeconds }
    }

    func run() async -> Bool {
        let tandem = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tandem").path
        let root = options.keep ?? (NSTemporaryDirectory() + "tandem-invitations-\(getpid())")
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: root) } }
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let input = "\(root)/programme", output = "\(root)/out"
        print("invitation benchmark: size \(options.size), seed \(options.seed), now \(options.now), \(options.runs) run(s), "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        let gen = ScheduleBenchmark.spawn(tandem, ["generate", "--size", options.size, "--seed", "\(options.seed)", "--out", input])
        guard gen.status == 0 else { print("  tandem generate failed (\(gen.status))"); return false }
        let first = ScheduleBenchmark.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
        guard first.status == 0 else { print("  tandem schedule failed (\(first.status))"); return false }
        guard let now = ISO8601.date(options.now) ?? ISO8601.parse(options.now) else { print("  bad --now \(options.now)"); return false }
        let programme: Programme, schedule: Schedule
        do {
            programme = try ProgrammeLoader.load(path: "\(input)/programme.yaml")
            schedule = try ScheduleJSON.read("\(output)/schedule.json", for: programme, fix: "Re-run the benchmark.")
        } catch {
            print("  cannot read the schedule: \(error)")
            return false
        }
        print(String(format: "  generate %.1f s, schedule %.1f s: %d leaders, %d meetings", gen.seconds, first.seconds,
                     programme.leaders.count, schedule.meetings.count))
        let hwmLoaded = DaemonBenchmark.status("VmHWM")

        // 1. Every invitation, rendered and written; `runs` times on a fresh store and maildir.
        let t0 = Date()
        let documents = InvitationPlanner(programme: programme, schedule: schedule).plan(now: now)
        let planSeconds = Date().timeIntervalSince(t0)
        let planned = Set(documents.flatMap { $0.messages.map(\.key) })
        let messageCount = documents.reduce(0) { $0 + $1.messages.count }
        var sends: [Send] = []
        var folder = ""
        for run in 1...options.runs {
            folder = "\(root)/run\(run)"
            try? FileManager.default.removeItem(atPath: folder)
            guard let send = await Self.send(documents, folder: folder, coordinator: programme.coordinator, now: now) else { return false }
            sends.append(send)
        }
        let hwmSent = DaemonBenchmark.status("VmHWM")
        let files = Self.maildirFiles("\(folder)/outbox")
        let perKey = Dictionary(grouping: files, by: \.key).mapValues(\.count)
        let (bytes, blocks) = files.reduce((0, 0)) { ($0.0 + $1.bytes, $0.1 + $1.blocks) }
        let median = sends.sorted { $0.total < $1.total }[sends.count / 2]
        let rates = sends.map { Double($0.delivered) / $0.total }.sorted()
        // What `tandem schedule` wrote to out/invites/: one message per attendee of each document.
        let expected1 = Self.expectedKeys("\(output)/invites", programme: programme)
        let firstOK = files.count == messageCount && Set(perKey.keys) == expected1 && perKey.values.allSatisfy { $0 == 1 }
            && sends.allSatisfy { $0.delivered == messageCount && $0.summary.added == messageCount }

        // 2. One re-plan: a share of the leaders get clashing commitments; `tandem schedule` again.
        let horizon = programme.notBefore(now)
        let future = schedule.meetings.filter { $0.start >= horizon }
        let (changed, clashes) = ReplanBenchmark.addClashes(programme: programme, calendars: "\(input)/calendars", future: future,
                                                            share: options.share, perLeader: options.clashesPerLeader)
        let invitesBefore = Self.invites("\(output)/invites")
        if options.keep != nil { try? FileManager.default.copyItem(atPath: output, toPath: "\(root)/out-1") }
        let second = ScheduleBenchmark.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
        guard second.status == 0, let replanned = try? ScheduleJSON.read("\(output)/schedule.json", for: programme, fix: "")
        else { print("  the re-plan failed (\(second.status))"); return false }
        let invitesAfter = Self.invites("\(output)/invites")
        if options.keep != nil { try? FileManager.default.copyItem(atPath: output, toPath: "\(root)/out-2") }
        let changedDocuments = invitesAfter.filter { invitesBefore[$0.key] != $0.value }.count
        let expectedNew = Self.expectedKeys("\(output)/invites", programme: programme).subtracting(expected1)
        let t1 = Date()
        let documents2 = InvitationPlanner(programme: programme, schedule: replanned).plan(now: now)
        let replanPlanSeconds = Date().timeIntervalSince(t1)
        let planned2 = documents2.flatMap(\.messages)
        let fresh = planned2.filter { !planned.contains($0.key) }
        guard let update = await Self.send(documents2, folder: folder, coordinator: programme.coordinator, now: now.addingTimeInterval(60))
        else { return false }
        let filesAfter = Self.maildirFiles("\(folder)/outbox")
        let newFiles = filesAfter.filter { perKey[$0.key] == nil }
        let perKeyAfter = Dictionary(grouping: filesAfter, by: \.key).mapValues(\.count)
        let requests = newFiles.filter { $0.key.hasSuffix("|REQUEST") }.count
        let cancels = newFiles.filter { $0.key.hasSuffix("|CANCEL") }.count
        let newKeys = Set(newFiles.map(\.key))
        let unwanted = newKeys.subtracting(expectedNew).sorted(), unsent = expectedNew.subtracting(newKeys).sorted()
        let replanOK = newKeys == expectedNew && newFiles.count == expectedNew.count && perKeyAfter.values.allSatisfy { $0 == 1 }
            && update.delivered == fresh.count && !expectedNew.isEmpty

        // 3. Nothing for a re-import of the same schedule, nor for an unchanged third `tandem schedule`.
        guard let again = await Self.send(documents2, folder: folder, coordinator: programme.coordinator, now: now.addingTimeInterval(120))
        else { return false }
        let third = ScheduleBenchmark.spawn(tandem, ["schedule", "\(input)/programme.yaml", "--out", output, "--now", options.now, "--quiet"])
        guard third.status == 0, let same = try? ScheduleJSON.read("\(output)/schedule.json", for: programme, fix: "")
        else { print("  the unchanged re-plan failed (\(third.status))"); return false }
        let documents3 = InvitationPlanner(programme: programme, schedule: same).plan(now: now)
        guard let unchanged = await Self.send(documents3, folder: folder, coordinator: programme.coordinator, now: now.addingTimeInterval(180))
        else { return false }
        let filesFinal = Self.maildirFiles("\(folder)/outbox").count
        let idleOK = again.summary.added == 0 && again.delivered == 0 && unchanged.summary.added == 0 && unchanged.delivered == 0
            && filesFinal == filesAfter.count
        let hwmEnd = DaemonBenchmark.status("VmHWM")

        func mib(_ kib: Int) -> String { String(format: "%.0f MiB", Double(kib) / 1024) }
        func row(_ name: String, _ value: String) { print("  " + name.padding(toLength: 46, withPad: " ", startingAt: 0) + value) }
        print("")
        row("documents / messages planned", "\(documents.count) / \(messageCount) (plan \(String(format: "%.2f", planSeconds)) s)")
        row("invitations written (files in new/)", "\(files.count); keys written once: \(perKey.values.filter { $0 == 1 }.count)")
        row("messages out/invites/ asks for", "\(expected1.count); written: \(expected1.intersection(perKey.keys).count), "
            + "not asked for: \(Set(perKey.keys).subtracting(expected1).count)")
        for k in expected1.subtracting(perKey.keys).sorted().prefix(3) { row("  e.g. never sent", k) }
        for k in Set(perKey.keys).subtracting(expected1).sorted().prefix(3) { row("  e.g. sent, not in out/invites/", k) }
        for (i, s) in sends.enumerated() {
            row("  run \(i + 1): import+render / write", String(format: "%.2f s / %.2f s → %.0f messages/s", s.importSeconds, s.writeSeconds,
                                                             Double(s.delivered) / s.total))
        }
        row("messages/s (median of \(sends.count), import+write)", String(format: "%.0f (range %.0f–%.0f)", Double(median.delivered) / median.total,
                                                                        rates.first ?? 0, rates.last ?? 0))
        row("  of which writing alone (median run)", String(format: "%.0f messages/s", Double(median.delivered) / median.writeSeconds))
        row("maildir size", String(format: "%.1f MiB in files (%.1f MiB on disk), %.1f KiB a message",
                                   Double(bytes) / 1_048_576, Double(blocks) / 1_048_576, Double(bytes) / 1024 / Double(max(1, files.count))))
        row("peak RSS (VmHWM): loaded / after sends / end", "\(mib(hwmLoaded)) / \(mib(hwmSent)) / \(mib(hwmEnd))")
        print(firstOK ? "  PASS every invitation written exactly once" : "  FAIL every invitation written exactly once")
        print("")
        row("re-plan: leaders changed / clashes", "\(changed.count) of \(programme.leaders.count) / \(clashes)")
        row("re-plan: tandem schedule", String(format: "%.1f s; %d invite documents changed, asking for %d new messages",
                                              second.seconds, changedDocuments, expectedNew.count))
        row("re-plan: updates (REQUEST) / cancellations", "\(requests) / \(cancels) (\(newFiles.count) messages written)")
        row("re-plan: plan / import / write", String(format: "%.2f s / %.2f s / %.2f s", replanPlanSeconds, update.importSeconds, update.writeSeconds))
        row("re-plan: import summary", "\(update.summary)")
        row("re-plan: sent for unchanged documents", "\(unwanted.count) (\(unwanted.filter { $0.hasSuffix("|CANCEL") }.count) of them CANCEL)")
        for k in unwanted.prefix(3) { row("  e.g.", k) }
        row("re-plan: asked for, not sent", "\(unsent.count)")
        for k in unsent.prefix(3) { row("  e.g.", k) }
        row("re-plan: keys in more than one file", "\(perKeyAfter.values.filter { $0 > 1 }.count)")
        print(replanOK ? "  PASS re-plan sends exactly the changed ones" : "  FAIL re-plan sends exactly the changed ones")
        row("no-change re-import: added / written", "\(again.summary.added) / \(again.delivered) (\(again.summary))")
        row("unchanged tandem schedule: added / written", "\(unchanged.summary.added) / \(unchanged.delivered) (\(unchanged.summary))")
        print(idleOK ? "  PASS nothing for a no-change re-import" : "  FAIL nothing for a no-change re-import")
        let ok = firstOK && replanOK && idleOK
        print(ok ? "PASS" : "FAIL")
        return ok
    }

    /// Imports `documents` into the store in `folder` (created on first use) and runs one loop tick into its maildir.
    static func send(_ documents: [InvitationDocument], folder: String, coordinator: Programme.Person, now: Date) async -> Send? {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let store = try SQLiteReminderStore(path: "\(folder)/reminders.sqlite")
            let t0 = Date()
            let summary = try store.importInvitations(documents, now: now, pacing: unpaced)
            let t1 = Date()
            let clock = FixedClock(date: now.addingTimeInterval(30))
            let channel = MaildirChannel(path: "\(folder)/outbox", from: coordinator, clock: clock)
            var configuration = ReminderLoop.Configuration()
            configuration.logEachDelivery = false
            let delivered = Atomic<Int>(0)
            let loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: IdleTimer(), configuration: configuration,
                                    observer: { if case .delivered = $0 { delivered.add(1, ordering: .relaxed) } })
            await loop.tick()
            let t2 = Date()
            if let next = try store.nextDue(), next <= clock.date {
                print("  invitations left due after the tick (next \(ISO8601.string(next)))")
                return nil
            }
            return Send(importSeconds: t1.timeIntervalSince(t0), writeSeconds: t2.timeIntervalSince(t1), summary: summary,
                        delivered: delivered.load(ordering: .relaxed))
        } catch {
            print("  send failed: \(error)")
            return nil
        }
    }

    struct MailFile {
        var key: String
        var bytes: Int
        var blocks: Int
    }

    /// The messages in a maildir's new/ and cur/, each with the key its own header names.
    static func maildirFiles(_ maildir: String) -> [MailFile] {
        var out: [MailFile] = []
        for sub in ["new", "cur"] {
            let dir = "\(maildir)/\(sub)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                let path = "\(dir)/\(name)"
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                var st = stat()
                _ = stat(path, &st)
                // The header block only: up to the first empty line.
                let head = data.prefix(4_096)
                let text = String(decoding: head, as: UTF8.self)
                let header = text.components(separatedBy: "\n\n").first ?? text
                var key = "?"
                for line in header.split(separator: "\n") where line.hasPrefix("X-Tandem-Key: ") {
                    key = String(line.dropFirst("X-Tandem-Key: ".count))
                }
                out.append(MailFile(key: key, bytes: data.count, blocks: Int(st.st_blocks) * 512))
            }
        }
        return out
    }

    /// The message keys (`invitation|UID|RECURRENCE-ID|SEQUENCE|recipient|METHOD`) the documents in an
    /// `out/invites/` folder ask for: one per ATTENDEE, read from the files themselves (not from the planner).
    static func expectedKeys(_ folder: String, programme: Programme) -> Set<String> {
        let byEmail = Dictionary(programme.leaders.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        var out: Set<String> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".ics") {
            guard let text = try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8) else { continue }
            let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
            var method = "", uid = "", sequence = "0", rid = "-", attendees: [String] = []
            var inEvent = false
            for line in lines {
                if line == "BEGIN:VEVENT" { inEvent = true; continue }
                if line == "END:VEVENT" { break }  // one event per document
                if line.hasPrefix("METHOD:") { method = String(line.dropFirst(7)) }
                guard inEvent, let colon = line.firstIndex(of: ":") else { continue }
                let head = line[..<colon], value = String(line[line.index(after: colon)...])
                let property = head.split(separator: ";").first.map(String.init) ?? ""
                switch property {
                case "UID": uid = value
                case "SEQUENCE": sequence = value
                case "RECURRENCE-ID":
                    let zone = head.split(separator: ";").first { $0.hasPrefix("TZID=") }.map { String($0.dropFirst(5)) }
                    rid = utc(value, zone: zone).map(ISO8601.string) ?? value
                case "ATTENDEE":
                    let email = value.lowercased().replacingOccurrences(of: "mailto:", with: "")
                    attendees.append(byEmail[email] ?? email)
                default: break
                }
            }
            for a in attendees { out.insert("invitation|\(uid)|\(rid)|\(sequence)|\(a)|\(method)") }
        }
        return out
    }

    /// `20270412T164500` in `zone` (or `…Z` in UTC) as an instant.
    static func utc(_ value: String, zone: String?) -> Date? {
        let digits = value.filter(\.isNumber)
        guard digits.count == 14 else { return nil }
        let n = Array(digits)
        func num(_ r: Range<Int>) -> Int { Int(String(n[r])) ?? 0 }
        var c = DateComponents(year: num(0..<4), month: num(4..<6), day: num(6..<8), hour: num(8..<10), minute: num(10..<12), second: num(12..<14))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = value.hasSuffix("Z") ? TimeZone(identifier: "UTC")! : (zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!)
        c.calendar = calendar
        return calendar.date(from: c)
    }

    /// `out/invites/*.ics` by document name, each without its DTSTAMP lines (the only bytes a rerun changes by itself).
    static func invites(_ folder: String) -> [String: String] {
        var out: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".ics") {
            guard let text = try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8) else { continue }
            out[String(name.dropLast(4))] = text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("DTSTAMP:") }.joined(separator: "\r\n")
        }
        return out
    }
}
