import ArgumentParser
import Foundation
import TandemCalendar
import TandemCore
import TandemDaemon
import TandemIO

struct RemindersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Preview the reminders the daemon would send, or show the daemon's store.",
        subcommands: [RemindersPlanCommand.self, RemindersStatusCommand.self, RemindersRetryCommand.self],
        defaultSubcommand: RemindersPlanCommand.self)
}

struct RemindersPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: every reminder due in a time window, with its UTC due time and text.")

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Option(help: "Start of the window (UTC time like 2026-09-01T08:00:00Z or a date). Default: now.")
    var from: String?

    @Option(help: "End of the window (exclusive). Default: 7 days after --from.")
    var to: String?

    @Option(help: "The schedule.json to plan from. Default: out/<programme folder>/schedule.json.")
    var schedule: String?

    @Flag(help: "Print a JSON array of {key, kind, meeting, recipient, email, offset, due, subject, body}.")
    var json = false

    func run() throws {
        let start = try parseInstant(from, flag: "--from")
        let end: Date
        if let to {
            guard let d = ISO8601.parse(to) else { throw ValidationError("--to \(to): use a UTC time like 2026-09-08T00:00:00Z or a date.") }
            end = d
        } else {
            end = start.addingTimeInterval(7 * 86_400)
        }
        guard start < end else { throw ValidationError("--from must be before --to.") }
        let schedulePath = schedule ?? ReminderPaths.defaultSchedule(programme: programme)
        try runMapped { () throws(TandemError) in
            let loaded = try ProgrammeLoader.load(path: programme)
            let plan = try ReminderPlanner(programme: loaded, schedule: ScheduleJSON.read(
                schedulePath, for: loaded, fix: "Pass --schedule with the schedule.json written for \(loaded.sourceFile)."))
                .plan(from: start, to: end)
            print(json ? ReminderPreview.json(plan) : ReminderPreview.table(plan, from: start, to: end), terminator: json ? "\n" : "")
        }
    }
}

struct RemindersStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Counts by state, the next reminder due, and the reminders missed while the daemon was down.")

    @Argument(help: "The programme.yaml file (to find the default database).")
    var programme: String?

    @Option(help: "The reminder database. Default: var/<programme folder>/reminders.sqlite.")
    var db: String?

    @Option(help: "The schedule.json whose meetings the invitation replies are shown for. Default: out/<programme folder>/schedule.json.")
    var schedule: String?

    func run() throws {
        guard let path = db ?? programme.map({ ReminderPaths.defaultDatabase(programme: $0) }) else {
            throw ValidationError("Name the programme.yaml or pass --db with the reminder database.")
        }
        try runMapped { () throws(TandemError) in
            guard FileManager.default.fileExists(atPath: path) else {
                throw .missingInput([InputProblem(file: path, message: "no reminder database here.",
                                                  fix: "Start `tandem daemon` first, or pass the --db it uses.")])
            }
            let store = try SQLiteReminderStore(path: path)
            print(try store.status().text(), terminator: "")
            let responses = try store.responses(), mail = try store.processedMailCounts()
            if !responses.isEmpty || !mail.isEmpty {
                let file = schedule ?? programme.map { ReminderPaths.defaultSchedule(programme: $0) }
                let meetings = try file.flatMap { f throws(TandemError) in FileManager.default.fileExists(atPath: f) ? try ScheduleJSON.read(f) : nil }
                print(ReplyStatus.text(responses: responses, mail: mail, schedule: meetings), terminator: "")
            }
        }
    }
}

struct RemindersRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Re-queue by hand: reminders waiting for a retry are due now; with --failed, failed ones too.",
        discussion: "A running daemon picks them up within a minute. Prints how many were re-queued.")

    @Argument(help: "The programme.yaml file (to find the default database).")
    var programme: String?

    @Option(help: "The reminder database. Default: var/<programme folder>/reminders.sqlite.")
    var db: String?

    @Flag(help: "Also re-queue reminders that failed for good (their retries ran out while they were useful).")
    var failed = false

    func run() throws {
        guard let path = db ?? programme.map({ ReminderPaths.defaultDatabase(programme: $0) }) else {
            throw ValidationError("Name the programme.yaml or pass --db with the reminder database.")
        }
        try runMapped { () throws(TandemError) in
            guard FileManager.default.fileExists(atPath: path) else {
                throw .missingInput([InputProblem(file: path, message: "no reminder database here.",
                                                  fix: "Start `tandem daemon` first, or pass the --db it uses.")])
            }
            let store = try SQLiteReminderStore(path: path)
            let count = try store.retryNow(failed: failed, now: Date())
            print("Re-queued \(count) reminder\(count == 1 ? "" : "s")\(failed ? " (waiting for a retry or failed)" : " waiting for a retry").")
        }
    }
}
