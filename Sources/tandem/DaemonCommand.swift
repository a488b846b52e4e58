import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
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
            reloads programme.yaml and schedule.json. A re-run of `tandem schedule` is picked up within a minute.
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
        let database = options.database
        do {
            let daemon = try ReminderDaemon(options: options, clock: SystemClock(offset: options.clockOffset), logger: logger)
            var configuration = ServiceGroupConfiguration(
                services: [.init(service: daemon)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            // Well within a unit's stop timeout (the README's unit says 30 s): a delivery still in flight
            // after 20 s is cancelled and retried by the next run.
            configuration.maximumGracefulShutdownDuration = .seconds(20)
            let group = ServiceGroup(configuration: configuration)
            try await group.run()
        } catch {
            // Store errors were mapped by StoreError; anything else from the service group is reported the same way.
            let mapped = StoreError.map(error, path: database)
            if !(error is TandemError) { logger.error("daemon stopped with an error", metadata: ["error": "\(error)"]) }
            FileHandle.standardError.write(Data("error: \(mapped.description)\n".utf8))
            throw ExitCode(mapped.exitCode)
        }
    }
}
