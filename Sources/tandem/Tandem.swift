import ArgumentParser
import Foundation
import TandemCore

@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Schedules peer-mentoring programmes for school leaders and emits calendar files.",
        subcommands: [ScheduleCommand.self, ValidateCommand.self, BusyCommand.self, ExplainCommand.self, GenerateCommand.self,
                      MatchCommand.self, CheckCommand.self, RemindersCommand.self, DaemonCommand.self]
    )

    /// `tandem daemon` handles its signals from the first instruction (see ``StartupSignals``).
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "daemon" { StartupSignals.trap() }
        await main(nil)
    }
}

/// Runs a command body, printing library errors and mapping them to sysexits codes in one place.
func runMapped(_ body: () throws(TandemError) -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// Parses the instant given to `flag` (`--now`, `--from`): `2026-09-01`, `2026-09-01T08:00:00Z` or `now`;
/// nil is now. A bad value is reported under the flag it was given to.
func parseInstant(_ text: String?, flag: String) throws -> Date {
    guard let text, text != "now" else { return Date() }
    if let d = ISO8601.parse(text) { return d }
    throw ValidationError("\(flag) \(text): use a UTC time like 2026-09-01T08:00:00Z or a date like 2026-09-01.")
}
