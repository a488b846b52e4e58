import ArgumentParser
import Foundation
import TandemCore
import TandemIO

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Pair mentors with mentees and show each pair's score breakdown and the reasons for anyone left out.",
        discussion: """
            The score (0-1) is the weighted mean of goals, phase, availability and experience, with the \
            weights of matching.weights. Fixed pairs from the roster's pair column are kept as they are.
            """)

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Flag(help: "Print JSON: {\"pairs\": [{mentor, mentee, score, why, fixed, breakdown}], \"unmatched\": [{leader, reason, detail}]}.")
    var json = false

    func run() throws {
        try runMapped { () throws(TandemError) in
            let loaded = try ProgrammeLoader.load(path: programme)
            let result = Matcher.match(loaded)
            if json {
                FileHandle.standardOutput.write(MatchReport.json(result))
            } else {
                print(MatchReport.table(result, programme: loaded), terminator: "")
            }
        }
    }
}
