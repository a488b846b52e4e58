import ArgumentParser
import Foundation
import TandemCore
import TandemIO

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
            let query: BusyQuery
            do throws(BusyQuery.Invalid) {
                query = try BusyQuery(file: file, from: from, to: to, zone: tz, defaultZone: TimeZone.current)
            } catch {
                throw .usage(usage(error))
            }
            let intervals = try query.run()
            print(json ? BusyQuery.json(intervals) : query.table(intervals), terminator: json ? "\n" : "")
        }
    }
}

extension BusyCommand {
    /// The query's problem in the words of this command's flags.
    func usage(_ problem: BusyQuery.Invalid) -> String {
        switch problem {
        case .badFirstDay(let s): return "--from \(s): use a date like 2026-09-01."
        case .badLastDay(let s): return "--to \(s): use a date like 2027-07-31."
        case .emptyRange(let first, let last): return "--from \(first) must be before --to \(last)."
        case .unknownZone(let z): return "--tz \(z): unknown time zone. Use an IANA name such as Europe/London or America/New_York."
        }
    }
}
