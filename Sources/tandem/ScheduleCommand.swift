import ArgumentParser
import Foundation
import TandemCalendar
import TandemCore
import TandemDaemon
import TandemIO

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Pair leaders, place every session, and write calendar files and schedule.json.")

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Option(name: .long, help: "Output folder (replaced atomically).")
    var out: String

    @Option(name: .long, help: "Treat this as the current time (UTC ISO 8601 or YYYY-MM-DD); default: now.")
    var now: String?

    @Option(name: .long, help: "The schedule.json to re-plan from (default: the one already in --out, if any).")
    var previous: String?

    @Flag(name: .long, help: "Plan from scratch, ignoring any previous schedule.")
    var fresh = false

    @Flag(name: .long, help: "Print nothing but errors: no progress, no summary.")
    var quiet = false

    @Option(name: .long, help: "The daemon's database, read for invitation replies (a declined time is not used again). Default: var/<programme folder>/reminders.sqlite, when it exists.")
    var db: String?

    func run() throws {
        let now = try parseInstant(now, flag: "--now")
        let (bar, progress) = ProgressBar.handler(quiet: quiet)
        defer { bar?.finish() }
        try runMapped { () throws(TandemError) in
            let loaded = try ProgrammeLoader.load(path: programme, progress: progress)
            let old = fresh ? nil : try ScheduleRun.previousSchedule(
                explicit: previous, outputFolder: out, programme: loaded,
                fix: "Choose another --out folder, or pass --fresh to replace it without re-planning.")
            // Replies recorded by the daemon, read-only at this edge; the pipeline gets plain values.
            if let db, !FileManager.default.fileExists(atPath: db) {
                throw .missingInput([InputProblem(file: db, message: "no reminder database here (--db).",
                                                  fix: "Pass the --db the daemon uses, or leave --db out.")])
            }
            let responses = try SQLiteReminderStore.readResponses(path: db ?? ReminderPaths.defaultDatabase(programme: programme))
            let run = SchedulePipeline(programme: loaded, now: now, previous: old, responses: responses, progress: progress).run(stamp: Date())
            do throws(OutputFolderError) { try run.write(to: out) } catch { throw error.naming(option: "--out") }
            bar?.finish()
            if !quiet {
                print(run.summary(programme: loaded))
                print("  wrote \(run.files.count) files to \(out)")
            }
        }
    }
}
