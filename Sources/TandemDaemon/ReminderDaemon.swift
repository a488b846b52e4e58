import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import TandemCore

/// The long-running reminder service: keeps the store in line with schedule.json and runs the loop.
///
/// SIGTERM/SIGINT (through the ``ServiceGroup``) finish the delivery in flight and return; SIGHUP
/// reloads programme.yaml and schedule.json. The schedule file is checked on every wake-up (at
/// least once a minute) and re-imported when its modification time or size changes.
public final class ReminderDaemon: Service, @unchecked Sendable {
    /// Where the daemon reads and writes.
    public struct Options: Sendable {
        public var programme: String
        public var schedule: String
        public var database: String
        public var loop = ReminderLoop.Configuration()
        /// Seconds added to the system clock (demonstrations only).
        public var clockOffset: TimeInterval = 0

        public init(programme: String, schedule: String, database: String) {
            self.programme = programme
            self.schedule = schedule
            self.database = database
        }
    }

    public let options: Options
    public let store: ReminderStore
    private let lock: StoreLock
    private let logger: Logger
    private let clock: SystemClock
    private let state = NSLock()
    private var fingerprint: String
    private var reloadRequested = false
    private var loop: ReminderLoop!

    /// Loads the programme and schedule, opens and locks the store, and imports the schedule if it changed.
    public init(options: Options, logger: Logger) throws(TandemError) {
        self.options = options
        self.logger = logger
        self.clock = SystemClock(offset: options.clockOffset)
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: options.database).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true, attributes: nil, mapped: options.database)
        lock = try StoreLock(database: options.database)
        store = try ReminderStore(path: options.database)
        let programme = try ProgrammeLoader.load(path: options.programme)
        fingerprint = ""
        let channel = try DeliveryChannels.make(for: programme, clock: clock)
        try importIfChanged(programme: programme, force: false)
        loop = ReminderLoop(store: store, channel: channel, clock: clock, timer: DispatchWallTimer(),
                            configuration: options.loop, logger: logger,
                            beforeTick: { [weak self] in self?.checkForChanges() })
        logger.info("ready", metadata: ["programme": "\(programme.id)", "channel": "\(channel.name)", "db": "\(options.database)"])
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        try loop.start()
        signal(SIGHUP, SIG_IGN)
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "tandem.sighup"))
        hup.setEventHandler { [weak self] in
            guard let self else { return }
            self.logger.notice("SIGHUP: reloading programme and schedule")
            self.state.withLock { self.reloadRequested = true }
            self.loop.tick()
        }
        hup.resume()
        try? await gracefulShutdown()
        logger.notice("shutting down: finishing the delivery in flight")
        hup.cancel()
        loop.stop()
        logger.notice("stopped")
    }

    /// Runs at every wake-up, inside the loop: re-imports when asked to or when a file changed.
    private func checkForChanges() {
        let force = state.withLock { () -> Bool in
            defer { reloadRequested = false }
            return reloadRequested
        }
        if !force && currentFingerprint() == fingerprint { return }
        do {
            let programme = try ProgrammeLoader.load(path: options.programme)
            let channel = try DeliveryChannels.make(for: programme, clock: clock)
            try importIfChanged(programme: programme, force: force)
            loop.replaceChannel(channel)
        } catch {
            // Keep running on what was loaded before; say what to fix.
            logger.error("reload failed; still using the previous programme and schedule", metadata: ["error": "\(error)"])
            fingerprint = currentFingerprint()
        }
    }

    private func currentFingerprint() -> String {
        func stamp(_ path: String) -> String {
            var st = stat()
            guard stat(path, &st) == 0 else { return "none" }
            return "\(st.st_size).\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
        }
        return "\(stamp(options.schedule))|\(stamp(options.programme))"
    }

    private func importIfChanged(programme: Programme, force: Bool) throws(TandemError) {
        let current = currentFingerprint()
        if !force, try store.meta("import_fingerprint") == current {
            fingerprint = current
            return
        }
        let schedule = try ScheduleJSON.read(options.schedule, for: programme,
                                             fix: "Pass --schedule with the schedule.json written for \(options.programme).")
        let plan = ReminderPlanner(programme: programme, schedule: schedule).plan()
        let summary = try store.importPlan(plan, now: clock.now())
        try store.setMeta("import_fingerprint", current)
        fingerprint = current
        logger.notice("imported schedule", metadata: ["file": "\(options.schedule)", "reminders": "\(plan.count)", "changes": "\(summary)"])
    }
}

extension FileManager {
    /// Creates the database folder, reporting failure as unwritable output.
    fileprivate func createDirectory(atPath path: String, withIntermediateDirectories: Bool, attributes: [FileAttributeKey: Any]?,
                                     mapped database: String) throws(TandemError) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: withIntermediateDirectories, attributes: attributes)
        } catch {
            throw .cannotWrite(path: database, reason: "cannot create its folder: \(error.localizedDescription)")
        }
    }
}
