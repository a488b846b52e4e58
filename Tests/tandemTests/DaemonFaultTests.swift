import Foundation
import TandemTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15 with the real binary: the faults a new operator would cause, one test each.
@Suite(.serialized) struct DaemonFaultTests {
    /// Waits until `text` is in the workspace's log.
    private func waitForLog(_ ws: DaemonWorkspace, _ text: String, timeout: TimeInterval = 30) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if ws.log.contains(text) { return true }
            usleep(50_000)
        }
        return ws.log.contains(text)
    }

    /// A second daemon given the database through a symlink, or after someone deleted what used to be
    /// `<db>.lock`, is refused (exit 75) with a message naming the real file; the first keeps delivering.
    @Test func symlinkedAndLockDeletedSecondDaemonsRefuseToStart() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-lock")
        try ws.writeSchedule([.init(uid: "lock", start: Date().addingTimeInterval(90))])
        let first = try ws.start(["--log-level", "info"])
        defer { _ = ws.stop(first) }
        #expect(waitForLog(ws, "ready"), "Log:\n\(ws.log)")
        let real = URL(fileURLWithPath: ws.database).resolvingSymlinksInPath().path
        let link = ws.root.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: ws.database)
        try? FileManager.default.removeItem(atPath: ws.database + ".lock")   // nothing there to delete any more
        let spelled = ws.root.appendingPathComponent("var/../var/./reminders.sqlite").path
        for db in [link, ws.database, spelled] {
            let second = try runTandem(["daemon", ws.programme, "--db", db, "--schedule", ws.schedule])
            #expect(second.status == 75, "--db \(db): exit \(second.status)\n\(second.stderr)")
            #expect(second.stderr.contains(real) && second.stderr.contains("another tandem daemon"), "\(second.stderr)")
            if db != real { #expect(second.stderr.contains("\(db) leads to it"), "\(second.stderr)") }
        }
        #expect(first.isRunning, "the first daemon kept running. Log:\n\(ws.log)")
        #expect(ws.stop(first) == 0, "Log:\n\(ws.log)")
        // Once the first has stopped, the store can be taken again through the symlink.
        let again = try ws.start(["--db", link])
        usleep(1_500_000)
        #expect(again.isRunning, "Log:\n\(ws.log)")
        #expect(ws.stop(again) == 0, "Log:\n\(ws.log)")
    }

    /// SIGTERM and SIGHUP 0.05–0.3 s after launch, while the first import of 3,000 reminders runs: SIGTERM
    /// ends the daemon with exit 0 (not by the signal), SIGHUP reloads and the daemon keeps running.
    @Test func sigtermAndSighupDuringStartUp() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-startup")
        let start = Date().addingTimeInterval(30 * 86_400)
        try ws.writeSchedule((0..<1_500).map { .init(uid: "m\($0)", start: start.addingTimeInterval(Double($0) * 3_600)) })
        var run = 0
        for delay in [0.05, 0.1, 0.15, 0.2, 0.3] {
            for signal in [SIGTERM, SIGHUP] {
                run += 1
                let db = ws.root.appendingPathComponent("var/run-\(run).sqlite").path   // a fresh store: the import runs
                let daemon = try ws.start(["--db", db, "--log-level", "notice"])
                usleep(UInt32(delay * 1_000_000))
                kill(daemon.processIdentifier, signal)
                if signal == SIGTERM {
                    let end = Date().addingTimeInterval(20)
                    while daemon.isRunning && Date() < end { usleep(20_000) }
                    let status = daemon.stop(signal: SIGKILL, within: 1)
                    #expect(daemon.terminationReason == .exit && status == 0,
                            "SIGTERM \(delay) s after launch: \(daemon.terminationReason == .exit ? "exit" : "signal") \(status). Log:\n\(ws.log)")
                } else {
                    let end = Date().addingTimeInterval(30)
                    var reloaded = false
                    while daemon.isRunning && Date() < end && !reloaded {
                        usleep(50_000)
                        reloaded = ws.log.components(separatedBy: "SIGHUP: reloading").count > run / 2
                    }
                    #expect(daemon.isRunning, "SIGHUP \(delay) s after launch ended the daemon (\(daemon.terminationStatus)). Log:\n\(ws.log)")
                    #expect(reloaded, "SIGHUP \(delay) s after launch was not served as a reload. Log:\n\(ws.log)")
                    #expect(daemon.stop() == 0, "Log:\n\(ws.log)")
                }
            }
        }
        let status = try runTandem(["reminders", "status", "--db", ws.root.appendingPathComponent("var/run-2.sqlite").path])
        #expect(status.stdout.contains("pending    3000"), "\(status.stdout)")
    }

    /// Starts the daemon on the test-only clock: shifted by the seconds in `clockFile` (rewritten to jump).
    private func startOnTestClock(_ ws: DaemonWorkspace, clockFile: String, _ extra: [String]) throws -> Process {
        let p = Process()
        p.executableURL = TestSupport.tandem
        p.arguments = ["daemon", ws.programme, "--db", ws.database, "--schedule", ws.schedule, "--log-level", "info"] + extra
        p.currentDirectoryURL = ws.root
        p.environment = ProcessInfo.processInfo.environment.merging(["TANDEM_TEST_CLOCK_FILE": clockFile]) { $1 }
        let log = ws.root.appendingPathComponent("daemon.log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        p.standardError = handle
        p.standardOutput = handle
        try p.run()
        return p
    }

    private func status(_ ws: DaemonWorkspace) -> String {
        (try? runTandem(["reminders", "status", "--db", ws.database]))?.stdout ?? ""
    }

    /// The clock jumps 2 h forward under a running daemon (grace 30 min): what fell due within the grace
    /// window is delivered at once, what fell due longer ago is `missed` with its reason, later ones wait.
    @Test func aForwardClockJumpOfTwoHours() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-jump")
        let clockFile = ws.root.appendingPathComponent("clock-offset").path
        try "0".write(toFile: clockFile, atomically: true, encoding: .utf8)
        let now = Date()
        try ws.writeSchedule([.init(uid: "within-grace", start: now.addingTimeInterval(110 * 60)),   // due 11 min before the new now
                              .init(uid: "beyond-grace", start: now.addingTimeInterval(60 * 60)),    // due 61 min before it
                              .init(uid: "later", start: now.addingTimeInterval(5 * 3_600))])
        let daemon = try startOnTestClock(ws, clockFile: clockFile, ["--grace", "30m"])
        defer { _ = ws.stop(daemon) }
        #expect(waitForLog(ws, "ready"), "Log:\n\(ws.log)")
        usleep(1_000_000)
        #expect(ws.delivered().isEmpty && status(ws).contains("pending    6"), "\(status(ws))")
        try "7200".write(toFile: clockFile, atomically: true, encoding: .utf8)
        let jumped = Date()
        #expect(ws.waitFor(2, timeout: 10), "Log:\n\(ws.log)")
        #expect(Date().timeIntervalSince(jumped) < 3, "delivered \(Date().timeIntervalSince(jumped)) s after the jump")
        usleep(500_000)
        let after = status(ws)
        #expect(ws.delivered().count == 2, "\(ws.delivered())")
        #expect(after.contains("sent       2") && after.contains("missed     2") && after.contains("pending    2"), "\(after)")
        #expect(ws.log.contains("missed: due longer ago than the grace window") && ws.log.contains("beyond-grace"), "Log:\n\(ws.log)")
        #expect(ws.delivered().allSatisfy { !$0.contains("beyond") }, "\(ws.delivered())")
        #expect(ws.stop(daemon) == 0)
    }

    /// The clock jumps 1 h back after a reminder was delivered: nothing is delivered twice, and a
    /// reminder due in real seconds waits for the clock to reach it again.
    @Test func aBackwardClockJumpOfOneHourFiresNothingTwice() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-jump-back")
        let clockFile = ws.root.appendingPathComponent("clock-offset").path
        try "0".write(toFile: clockFile, atomically: true, encoding: .utf8)
        let now = Date()
        try ws.writeSchedule([.init(uid: "first", start: now.addingTimeInterval(63)),    // due in 3 s
                              .init(uid: "second", start: now.addingTimeInterval(75))])  // due in 15 s
        let daemon = try startOnTestClock(ws, clockFile: clockFile, [])
        defer { _ = ws.stop(daemon) }
        #expect(ws.waitFor(2, timeout: 20), "Log:\n\(ws.log)")
        try "-3600".write(toFile: clockFile, atomically: true, encoding: .utf8)
        // Past the second one's real due time: on the clock it is still an hour away.
        let end = Date().addingTimeInterval(max(5, now.addingTimeInterval(20).timeIntervalSinceNow))
        while Date() < end { usleep(200_000) }
        #expect(ws.delivered().count == 2, "\(ws.delivered())")
        let back = status(ws)
        #expect(back.contains("sent       2") && back.contains("pending    2"), "\(back)")
        // The clock comes forward again: the second meeting's reminders go, the first one's never again.
        try "0".write(toFile: clockFile, atomically: true, encoding: .utf8)
        #expect(ws.waitFor(4, timeout: 10), "Log:\n\(ws.log)")
        usleep(1_000_000)
        #expect(ws.delivered().count == 4 && Set(ws.delivered()).count == 4, "\(ws.delivered())")
        #expect(status(ws).contains("sent       4"), "\(status(ws))")
        #expect(ws.stop(daemon) == 0)
    }

    /// The database is truncated under a running daemon: it ends within one wake-up with exit 65 and a
    /// message naming the file and what to do, so that systemd's Restart=on-failure or an operator sees it.
    @Test func aDatabaseTruncatedWhileRunningEndsTheDaemonWithExit65() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-corrupt")
        let now = Date()
        try ws.writeSchedule((0..<500).map { .init(uid: "m\($0)", start: now.addingTimeInterval(64 + Double($0) * 0.02)) }
                             + (0..<500).map { .init(uid: "later\($0)", start: now.addingTimeInterval(86_400 + Double($0) * 3_600)) })
        let daemon = try ws.start(["--log-level", "notice"])
        defer { _ = ws.stop(daemon, signal: SIGKILL) }
        #expect(waitForLog(ws, "imported schedule"), "Log:\n\(ws.log)")
        usleep(500_000)
        // The daemon's writes are in the WAL until a checkpoint: move them into the file, so the damage is read.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
            print("skipped: aDatabaseTruncatedWhileRunningEndsTheDaemonWithExit65 needs /usr/bin/sqlite3 for a checkpoint")
            return
        }
        let checkpoint = try runProcess(URL(fileURLWithPath: "/usr/bin/sqlite3"), [ws.database, "PRAGMA wal_checkpoint(TRUNCATE);"])
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        // Damage the file in place (as a failing disk or a careless copy would): keep the header, cut the rest.
        let fd = open(ws.database, O_RDWR)
        #expect(fd >= 0)
        var st = stat()
        fstat(fd, &st)
        #expect(ftruncate(fd, off_t(st.st_size / 3)) == 0)
        let junk = [UInt8](repeating: 0xA5, count: 4_096 * 64)
        _ = junk.withUnsafeBytes { pwrite(fd, $0.baseAddress, junk.count, 4_096) }   // every page but the header page
        close(fd)
        let cut = Date()
        // Within one wake-up (the reminders fall due from 4 s on; the idle timer is 60 s).
        while daemon.isRunning && Date().timeIntervalSince(cut) < 75 { usleep(50_000) }
        #expect(!daemon.isRunning, "still running \(Date().timeIntervalSince(cut)) s after the damage. Log:\n\(ws.log)")
        if !daemon.isRunning {
            #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 65, "exit \(daemon.terminationStatus). Log:\n\(ws.log)")
            #expect(ws.log.contains(ws.database) && ws.log.contains("backup"), "Log:\n\(ws.log)")
        }
    }

    /// CPU seconds (user + system) a process has used so far, from /proc.
    private func cpuSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return -1 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return -1 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The database folder is a small tmpfs, filled up while a burst of 3,000 reminders is delivered, then
    /// freed: while full the daemon backs off (under 2 CPU-seconds in 20 s); once space returns everything
    /// is delivered and marked within 30 s, without a restart. Needs root (`mount -t tmpfs`).
    @Test func aFullDatabaseDiskMidBurstRecoversWithoutARestart() throws {
        let ws = try DaemonWorkspace(label: "daemon-fault-full")
        let folder = ws.root.appendingPathComponent("var").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mount = try runProcess(URL(fileURLWithPath: "/bin/mount"), ["-t", "tmpfs", "-o", "size=8m", "tmpfs", folder])
        guard mount.status == 0 else {
            print("skipped: aFullDatabaseDiskMidBurstRecoversWithoutARestart needs root and mount -t tmpfs (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
            return
        }
        defer { _ = try? runProcess(URL(fileURLWithPath: "/bin/umount"), ["-l", folder]) }
        let now = Date()
        try ws.writeSchedule((0..<1_500).map { .init(uid: "m\($0)", start: now.addingTimeInterval(70 + Double($0) * 0.004)) })
        let daemon = try ws.start(["--log-level", "notice"])
        defer { _ = ws.stop(daemon, signal: SIGKILL) }
        #expect(waitForLog(ws, "imported schedule"), "Log:\n\(ws.log)")
        // Fill the disk before the burst (due from 10 s after start).
        let filler = folder + "/filler"
        _ = try runProcess(URL(fileURLWithPath: "/bin/dd"), ["if=/dev/zero", "of=\(filler)", "bs=64k"])
        let cpuBefore = cpuSeconds(daemon.processIdentifier)
        let fullAt = Date()
        while Date().timeIntervalSince(fullAt) < 20 && !ws.log.contains("backing off") { usleep(100_000) }
        let sawFull = ws.log.contains("backing off")
        while Date().timeIntervalSince(fullAt) < 25 { usleep(100_000) }
        let cpuWhileFull = cpuSeconds(daemon.processIdentifier) - cpuBefore
        let backOffLines = ws.log.components(separatedBy: "backing off").count - 1
        try FileManager.default.removeItem(atPath: filler)
        let freed = Date()
        var status = ""
        while Date().timeIntervalSince(freed) < 40 {
            status = (try? runTandem(["reminders", "status", "--db", ws.database]))?.stdout ?? ""
            if status.contains("sent       3000") { break }
            usleep(500_000)
        }
        let took = Date().timeIntervalSince(freed)
        print("full disk mid-burst: \(sawFull ? "store writes failed" : "no store write failed"), \(backOffLines) back-off lines, \(cpuWhileFull) CPU-s while full, all sent \(took) s after space returned")
        #expect(sawFull, "the disk never filled for the store. Log:\n\(ws.log.suffix(3_000))")
        #expect(daemon.isRunning, "Log:\n\(ws.log.suffix(3_000))")
        #expect(status.contains("sent       3000") && status.contains("claimed    0"), "\(status)")
        #expect(took <= 30, "all sent \(took) s after space returned")
        #expect(cpuWhileFull < 2, "\(cpuWhileFull) CPU-seconds while full")
        #expect(backOffLines <= 15, "\(backOffLines) error lines")
        #expect(Set(ws.delivered()).count == 3_000)
    }
}
