import Foundation

// tandem-bench: performance checks that are too slow or too noisy for unit tests.
// Each subcommand prints a table and PASS/FAIL against its target; exit 1 on any FAIL.

let usage = """
usage: tandem-bench <benchmark> [options]

benchmarks:
  calendar [--events N] [--runs R] [--output FILE] [--quiet]
      iCalendar emit and parse+expand throughput (default 10000 events, best of 5 runs);
      --output saves the rendered calendar
  invitations [--size XL] [--seed N] [--now DATE] [--runs 3] [--share 0.02] [--clashes 3] [--keep DIR]
      schedules a generated programme, renders and writes every iMIP invitation into a maildir through
      the daemon's store import and maildir channel (pacing lifted): messages/s (median of R runs),
      peak memory, maildir size; then one re-plan's updates and cancellations against what out/invites/
      asks for, each key written once, and nothing for an unchanged re-import; --keep DIR keeps
      everything, with out-1/ and out-2/ the outputs before and after the re-plan
  replan [--size L] [--seed N] [--now DATE] [--share 0.05] [--clashes 3] [--keep DIR]
      schedules a generated programme, makes a share of the leaders' future meetings clash with
      new calendar entries, re-plans, and reports the share of future meetings moved and violations
  schedule [--sizes S,M,L,XL] [--seed N] [--now DATE] [--keep DIR] [--baseline BINARY [--runs R]]
      `tandem generate` then `tandem schedule` (real processes) per size: wall time, peak memory,
      sessions requested and placed, pairs short, stability, hard-constraint violations;
      --baseline also times another `tandem` (an earlier commit) on the same programmes, alternating
      the two R times (default 3), and prints medians, peak memory, placed counts and the time ratio
  daemon [--reminders N] [--burst B] [--spread S] [--idle SECONDS] [--folder DIR]
      reminder daemon over N pending reminders (default 1000000): start-up, memory, idle wake-ups,
      B due at once into a maildir, firing lateness of S due 50 ms apart
"""

var arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "calendar":
    arguments.removeFirst()
    do {
        let options = try CalendarBenchmark.Options(arguments)
        exit(CalendarBenchmark(options: options).run() ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("tandem-bench calendar: \(error)\n\n\(usage)\n".utf8))
        exit(64)
    }
case "invitations":
    arguments.removeFirst()
    do {
        let options = try InvitationBenchmark.Options(arguments)
        exit(await InvitationBenchmark(options: options).run() ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("tandem-bench invitations: \(error)\n\n\(usage)\n".utf8))
        exit(64)
    }
case "replan":
    arguments.removeFirst()
    do {
        let options = try ReplanBenchmark.Options(arguments)
        exit(ReplanBenchmark(options: options).run() ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("tandem-bench replan: \(error)\n\n\(usage)\n".utf8))
        exit(64)
    }
case "schedule":
    arguments.removeFirst()
    do {
        let options = try ScheduleBenchmark.Options(arguments)
        exit(ScheduleBenchmark(options: options).run() ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("tandem-bench schedule: \(error)\n\n\(usage)\n".utf8))
        exit(64)
    }
case "daemon":
    arguments.removeFirst()
    do {
        let options = try DaemonBenchmark.Options(arguments)
        exit(await DaemonBenchmark(options: options).run() ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("tandem-bench daemon: \(error)\n\n\(usage)\n".utf8))
        exit(64)
    }
case "-h", "--help", "help":
    print(usage)
default:
    FileHandle.standardError.write(Data("\(usage)\n".utf8))
    exit(64)
}
