import ArgumentParser
import Foundation
import TandemCore
import TandemIO

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "List every problem in a programme, each with file:line and what to fix.")

    @Argument(help: "The programme.yaml file.")
    var programme: String

    func run() throws {
        let (problems, missing) = ProgrammeLoader.problems(path: programme)
        guard !problems.isEmpty else {
            print("\(programme): no problems found.")
            return
        }
        for p in problems { FileHandle.standardError.write(Data("\(p.description)\n".utf8)) }
        FileHandle.standardError.write(Data("\(problems.count) problem(s) found.\n".utf8))
        throw ExitCode(missing ? 66 : 65)
    }
}
