import Dispatch
public import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
import UnixSignals
public import TandemCore
import TandemIO

/// The long-running reminder service: keeps the store in line with schedule.json and runs the loop.
///
/// SIGTERM/SIGINT (through the ``ServiceGroup``) finish the delivery in flight and return; SIGHUP
/// reloads programme.yaml and schedule.json. The schedule file is checked on every wake-up (at
/// least once a minute) and re-imported when its modification time or size changes.
public final class ReminderDaemon: Service, Sendable {
    /// Where the daemon reads and writes.
    public struct Options: Sendable {
        public var programme: String
        public var schedule: String
        public var database: String
        public var loop = ReminderLoop.Configuration()
        /// Seconds added to the system clock (demonstrations only).
        public var clockOffset: TimeInterval = 0
        /// Whether ``run()`` traps SIGHUP itself. `tandem daemon` traps its signals from its first
        /// instruction, before this daemon exists, and calls ``requestReload()`` instead.
        public var trapsHangup = true

        public init(programme: String, schedule: String, database: String) {
            self.programme = programme
            self.schedule = schedule
            self.database = database
        }
    }

    public let options: Options
    public let store: any ReminderStore
    private let lock: StoreLock
    private let logger: Logger
    private let clock: any ReminderClock
    /// The daemon's clock, for its extensions.
    func clockNow() -> Date { clock.now() }
    /// What the daemon remembers between wake-ups, behind one mutex.
    private struct State {
        /// Modification stamps of schedule.json and programme.yaml when last imported (or last failed).
        var fingerprint = ""
        var reloadRequested = false
    }
    private let state = Mutex(State())
    private let loop: ReminderLoop
    /// Attendees' iMIP REPLYs from `delivery.replies`, read on every wake-up (DESIGN §8).
    private let replies: ReplyInbox
    /// What `run()` waits for: SIGHUPs and the loop's fatal store error.
    private enum Event: Sendable {
        case hangup
        case fatal(TandemError)
    }
    private let events: AsyncStream<Event>
    private let event: AsyncStream<Event>.Continuation

    /// Loads the programme and schedule, locks and opens the store, and imports the schedule if it changed.
    ///
    /// `store` defaults to the SQLite store at `options.database`; the lock is always taken on that path.
    /// `timer` defaults to a ``DispatchWallTimer``.
    public init(options: Options, clock: any ReminderClock, logger: Logger, store: (any ReminderStore)? = nil,
                timer: (any WakeTimer)? = nil) throws(TandemError) {
        self.options = options
        self.logger = logger
        self.clock = clock
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: options.database).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true, attributes: nil, mapped: options.database)
        let lock = try StoreLock(database: options.database)
        let opened: any ReminderStore
        if let store { opened = store } else { opened = try SQLiteReminderStore(path: options.database) }
        self.lock = lock
        self.store = opened
        let programme = try ProgrammeLoader.load(path: options.programme)
        let channel = DeliveryChannels.make(for: programme, clock: clock)
        // The loop calls back into the daemon before each tick; the daemon owns the loop, so the
        // callback holds it weakly through a box filled in once `self` exists.
        let owner = WeakDaemon()
        replies = ReplyInbox(schedulePath: options.schedule, store: opened, clock: clock, logger: logger)
        replies.use(programme)
        let (events, event) = AsyncStream.makeStream(of: Event.self)
        self.events = events
        self.event = event
        var loopConfiguration = options.loop
        loopConfiguration.retry.retryFor = TimeInterval(programme.reminders.retryFor)
        loop = ReminderLoop(store: opened, channel: channel, clock: clock, timer: timer ?? DispatchWallTimer(),
                            configuration: loopConfiguration, logger: logger,
                            beforeTick: {
                                let channel = owner.daemon?.checkForChanges()
                                owner.daemon?.replies.check()
                                return channel
                            },
                            onFatal: { event.yield(.fatal($0)) })
        owner.daemon = self
        try importIfChanged(programme: programme, force: false)
        // After downtime every missed slot is due at once: spread them again so the relay sees the rate.
        let respaced = try opened.respaceOverdueInvitations(now: clock.now(), pacing: InvitationPacing(programme: programme))
        if respaced > 0 {
            logger.notice("re-spaced overdue invitations", metadata: ["count": "\(respaced)", "rate": "\(programme.deliveryRate) a minute"])
        }
        logger.info("ready", metadata: ["programme": "\(programme.id)", "channel": "\(channel.name)", "db": "\(options.database)"])
    }

    /// Runs until graceful shutdown; SIGHUP requests a reload at the next (immediate) wake-up.
    ///
    /// Throws the store's error (exit 65) when the database turns out to be damaged while running.
    public func run() async throws {
        let hangups = options.trapsHangup ? await UnixSignalsSequence(trapping: .sighup) : nil
        try loop.start()
        let event = self.event
        let events = self.events
        let fatal: TandemError? = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                if let hangups {
                    for await _ in hangups.cancelOnGracefulShutdown() { event.yield(.hangup) }
                } else {
                    try? await gracefulShutdown()
                }
                event.finish()
            }
            defer { group.cancelAll() }
            for await e in events {
                switch e {
                case .hangup:
                    logger.notice("SIGHUP: reloading programme and schedule")
                    state.withLock { $0.reloadRequested = true }
                    loop.wake()
                case .fatal(let error):
                    return error
                }
            }
            return nil
        }
        logger.notice("shutting down: finishing the delivery in flight")
        await loop.stop()
        logger.notice("stopped")
        if let fatal { throw fatal }
    }

    /// Asks for a reload of programme.yaml and schedule.json, as SIGHUP does; one asked for before
    /// ``run()`` is served when it starts.
    public func requestReload() {
        event.yield(.hangup)
    }

    /// Runs at every wake-up, inside the loop: re-imports when asked to or when a file changed, and
    /// returns the new channel when the programme was reloaded.
    private func checkForChanges() -> (any DeliveryChannel)? {
        let current = currentFingerprint()
        let (force, unchanged) = state.withLock { s -> (Bool, Bool) in
            defer { s.reloadRequested = false }
            return (s.reloadRequested, s.fingerprint == current)
        }
        if !force && unchanged { return nil }
        do {
            let programme = try ProgrammeLoader.load(path: options.programme)
            let channel = DeliveryChannels.make(for: programme, clock: clock)
            try importIfChanged(programme: programme, force: force)
            replies.use(programme)
            return channel
        } catch {
            // Keep running on what was loaded before; say what to fix.
            logger.error("reload failed; still using the previous programme and schedule", metadata: ["error": "\(error)"])
            state.withLock { $0.fingerprint = current }
            return nil
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
            state.withLock { $0.fingerprint = current }
            return
        }
        let schedule = try ScheduleJSON.read(options.schedule, for: programme,
                                             fix: "Pass --schedule with the schedule.json written for \(options.programme).")
        let plan = ReminderPlanner(programme: programme, schedule: schedule).plan()
        let summary = try store.importPlan(plan, now: clock.now())
        let invitations = try importInvitations(programme: programme, schedule: schedule)
        try store.setMeta("import_fingerprint", current)
        state.withLock { $0.fingerprint = current }
        logger.notice("imported schedule", metadata: ["file": "\(options.schedule)", "reminders": "\(plan.count)", "changes": "\(summary)",
                                                      "invitations": "\(invitations)"])
    }
}

/// The loop's weak way back to its daemon.
private final class WeakDaemon: Sendable {
    private let reference = Mutex<ReminderDaemonReference>(ReminderDaemonReference())
    var daemon: ReminderDaemon? {
        get { reference.withLock { $0.daemon } }
        set { reference.withLock { $0.daemon = newValue } }
    }
}

private struct ReminderDaemonReference {
    weak var daemon: ReminderDaemon?
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
