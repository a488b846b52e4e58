import ArgumentParser
import Foundation
import TandemCore
import TandemIO

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say in plain words why a leader's or a pair's sessions sit where they do, and why any is missing.")

    @Argument(help: "The programme.yaml file.")
    var programme: String

    @Option(help: "The schedule.json to explain (default: out/<programme folder>/schedule.json).")
    var schedule: String?

    @Option(help: "A leader id: explain all their sessions.")
    var leader: String?

    @Option(help: "Two leader ids, A,B: explain that pair's sessions.")
    var pair: String?

    func validate() throws {
        guard (leader == nil) != (pair == nil) else { throw ValidationError("Give exactly one of --leader ID or --pair A,B.") }
        if let pair, pair.split(separator: ",").count != 2 { throw ValidationError("--pair takes two ids, like --pair L001,L014.") }
    }

    func run() throws {
        try runMapped { () throws(TandemError) in
            let loaded = try ProgrammeLoader.load(path: programme)
            let path = schedule ?? ScheduleFile.defaultPath(forProgramme: programme)
            let explainer = Explainer(programme: loaded, schedule: try ScheduleJSON.read(path))
            if let leader {
                print(try explainer.explain(leader: leader))
            } else if let ids = pair?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                print(try explainer.explain(pair: ids[0], ids[1]))
            }
        }
    }
}
