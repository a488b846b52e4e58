import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import TandemCalendar
import TandemCore
import TandemDaemon
import UnixSignals

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run the reminder service: reminders, check-ins and surveys, delivered exactly once into a maildir.",
        discussion: """
            SIGTERM or SIGINT finishes the delivery in flight (cancelling it after 20 s) and exits 0; SIGHUP \
            reloads programme.yaml and schedule.json. Both are handled from the first instruction: during \
            start-up (a long first import) SIGTERM exits 0 once the store is released, SIGHUP reloads. A re-run of `tandem schedule` is picked up within a minute.
            Exit codes: 64 usage, 65 bad data or a damaged database, 66 a missing file, 73 cannot create or \
            write, 75 busy (another daemon holds the database, or SQLite is busy, locked or full).
            """)

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Option(help: "The reminder database (SQLite). Default: var/<programme folder>/reminders.sqlite.")
    var db: String?

    @Option(help: "The schedule.json to follow. Default: out/<programme folder>/schedule.json.")
    var schedule: String?

    @Option(help: "Send reminders that fell due while the daemon was down up to this long ago (e.g. 6h, 90m).")
    var grace: String = "6h"

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        // Before anything slow (the first import may take seconds): from here SIGTERM, SIGINT and
        // SIGHUP are queued for the loop below instead of ending the process.
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup)
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level \(logLevel): use trace, debug, info, notice, warning or error.")
        }
        let graceSeconds: Int
        do { graceSeconds = try DurationParser.seconds(grace) } catch {
            throw ValidationError("--grace \(grace): \(error.message) Use a duration such as 6h or 90m.")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "tandem.daemon")
        var options = ReminderDaemon.Options(
            programme: programme,
            schedule: schedule ?? ReminderPaths.defaultSchedule(programme: programme),
            database: db ?? ReminderPaths.defaultDatabase(programme: programme))
        options.loop.grace = TimeInterval(graceSeconds)
        options.trapsHangup = false
        let database = options.database
        do {
            let daemon: ReminderDaemon
            if let file = ProcessInfo.processInfo.environment["TANDEM_TEST_CLOCK_FILE"] {
                // TEST ONLY (issue 15): the clock is shifted by the seconds in `file`, which a test rewrites to jump.
                let clock = FileOffsetClock(file: file)
                logger.warning("TEST CLOCK: time is shifted by the seconds in TANDEM_TEST_CLOCK_FILE", metadata: ["file": "\(file)"])
                daemon = try ReminderDaemon(options: options, clock: clock, logger: logger, timer: OffsetWallTimer(clock: clock))
            } else {
                daemon = try ReminderDaemon(options: options, clock: SystemClock(offset: options.clockOffset), logger: logger)
            }
            if StartupSignals.stopRequested {
                // A signal caught by the handler of `main` (before `signals` existed, or on a thread that did not
                // leave it to `signals`).
                logger.notice("stopped by a signal during start-up; nothing delivered")
                return
            }
            if StartupSignals.hangupRequested { daemon.requestReload() }
            var configuration = ServiceGroupConfiguration(
                services: [.init(service: daemon)],
                gracefulShutdownSignals: [],
                logger: logger)
            // Well within a unit's stop timeout (the README's unit says 30 s): a delivery still in flight
            // after 20 s is cancelled and retried by the next run.
            configuration.maximumGracefulShutdownDuration = .seconds(20)
            let group = ServiceGroup(configuration: configuration)
            // Signals that arrived during start-up were queued: SIGTERM/SIGINT stop the group as soon as
            // it runs (the loop stops before delivering anything more), SIGHUP reloads.
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    for await signal in signals {
                        if signal == .sighup {
                            daemon.requestReload()
                        } else {
                            logger.notice("\(signal == .sigterm ? "SIGTERM" : "SIGINT"): stopping")
                            await group.triggerGracefulShutdown()
                        }
                    }
                }
                tasks.addTask { try await group.run() }
                defer { tasks.cancelAll() }
                // The group's end (or its error) ends the command; the signal task only ends when cancelled.
                try await tasks.next()
            }
        } catch {
            // Store errors were mapped by StoreError; anything else from the service group is reported the same way.
            let mapped = StoreError.map(error, path: database)
            if !(error is TandemError) { logger.error("daemon stopped with an error", metadata: ["error": "\(error)"]) }
            FileHandle.standardError.write(Data("error: \(mapped.description)\n".utf8))
            throw ExitCode(mapped.exitCode)
        }
    }
}

/// What `tandem daemon` does with SIGTERM, SIGINT and SIGHUP before its signal sequence exists:
/// `main` installs these handlers before parsing the arguments, so that a signal in the first
/// milliseconds is remembered instead of killing the process (SIGHUP's default action).
enum StartupSignals {
    private static let stop = Atomic<Bool>(false)
    private static let hangup = Atomic<Bool>(false)

    static var stopRequested: Bool { stop.load(ordering: .sequentiallyConsistent) }
    static var hangupRequested: Bool { hangup.load(ordering: .sequentiallyConsistent) }

    static func trap() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            // Async-signal-safe: lock-free atomic stores only.
            if signal == SIGHUP {
                StartupSignals.hangup.store(true, ordering: .sequentiallyConsistent)
            } else {
                StartupSignals.stop.store(true, ordering: .sequentiallyConsistent)
            }
        }
        sigemptyset(&action.sa_mask)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaction(signal, &action, nil) }
    }
}
