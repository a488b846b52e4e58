import ArgumentParser
import Foundation
import TandemCore
import TandemIO

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every hard constraint of a schedule.json against its programme, independently of the scheduler.",
        discussion: """
            Prints each violation as [constraint] meeting: what is wrong. Exit status: 0 when there is \
            no violation, 1 when there is at least one, 65 when the programme or schedule.json is \
            malformed, 66 when a file is missing.
            """)

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Argument(help: "The schedule.json that `tandem schedule` wrote.")
    var schedule: String

    @Option(name: .long, help: """
        Check the notice period against this time (UTC ISO 8601 or YYYY-MM-DD), normally the --now the \
        schedule was made with. Default: no notice check, so that past meetings are not violations.
        """)
    var now: String?

    @Option(name: .long, help: """
        The schedule.json this one re-planned. Its meetings kept unchanged before --now + notice are \
        history: only double booking is checked on them, since the calendars may have changed since.
        """)
    var previous: String?

    func run() throws {
        let now = try now.map { try parseInstant($0, flag: "--now") } ?? .distantPast
        var violations: [Violation] = []
        var meetings = 0
        try runMapped { () throws(TandemError) in
            let loaded = try ProgrammeLoader.load(path: programme)
            let parsed = try ScheduleJSON.read(schedule)
            var before: Schedule?
            if let previous { before = try ScheduleJSON.read(previous) }
            meetings = parsed.meetings.count
            violations = ConstraintChecker.violations(parsed, programme: loaded, now: now, previous: before)
        }
        guard violations.isEmpty else {
            for v in violations { print(v.description) }
            print("\(violations.count) violation(s) in \(meetings) meetings")
            throw ExitCode(1)
        }
        print("no violations in \(meetings) meetings")
    }
}
