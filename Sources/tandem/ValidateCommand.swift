import ArgumentParser
import Foundation
import TandemCalendar
import TandemCore
import TandemIO

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "List every problem in a programme, each with file:line and what to fix.")

    @Argument(help: "The programme.yaml file.")
    var programme: String

    func run() throws {
        let (problems, warnings, missing) = ProgrammeLoader.report(path: programme)
        for w in warnings { FileHandle.standardError.write(Data("warning: \(w.description)\n".utf8)) }
        if !warnings.isEmpty {
            FileHandle.standardError.write(Data("\(warnings.count) warning(s): these lines were skipped or read with a caveat.\n".utf8))
        }
        guard !problems.isEmpty else {
            print(warnings.isEmpty ? "\(programme): no problems found." : "\(programme): no problems found (\(warnings.count) warning(s)).")
            return
        }
        for p in problems { FileHandle.standardError.write(Data("\(p.description)\n".utf8)) }
        FileHandle.standardError.write(Data("\(problems.count) problem(s) found.\n".utf8))
        throw ExitCode(missing ? 66 : 65)
    }
}
