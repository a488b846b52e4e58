import ArgumentParser
import Foundation
import TandemCore

struct BusyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busy",
        abstract: "Show the busy intervals the scheduler sees in a calendar export, one per occurrence.")

    @Argument(help: "An .ics file (a leader's calendar export).")
    var file: String

    @Option(help: "First day, YYYY-MM-DD (inclusive).")
    var from: String

    @Option(help: "Last day, YYYY-MM-DD (exclusive).")
    var to: String

    @Option(help: "Zone for floating times, all-day events and --from/--to (IANA name). Default: the system zone.")
    var tz: String?

    @Flag(help: "Print a JSON array of {start, end, summary} in UTC.")
    var json = false

    func run() throws {
        try runMapped { () throws(TandemError) in
            let query = try BusyQuery(file: file, from: from, to: to, zone: tz)
            let intervals = try query.run()
            print(json ? BusyQuery.json(intervals) : query.table(intervals), terminator: json ? "\n" : "")
        }
    }
}
