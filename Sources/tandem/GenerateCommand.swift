import ArgumentParser
import Foundation
import TandemCore
import TandemGenerate
import TandemIO

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic programme (programme.yaml, leaders.csv, busy calendars) for demos and benchmarks.",
        discussion: "S has 30 leaders, M 170, L 800, XL 4,000. The same size and seed always give the same files.")

    @Option(help: "S, M, L or XL.")
    var size: String

    @Option(help: "Any whole number; the same seed gives the same programme.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Output folder: new, empty, or an earlier generated programme (replaced atomically).")
    var out: String

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard ProgrammeGenerator.Size(name: size) != nil else {
            throw ValidationError("--size \(size): use S, M, L or XL.")
        }
    }

    func run() throws {
        let size = ProgrammeGenerator.Size(name: size)!
        try runMapped { () throws(TandemError) in
            let files = ProgrammeGenerator.generate(size: size, seed: seed)
            do throws(OutputFolderError) { try ProgrammeGenerator.write(files, to: out) } catch { throw error.naming(option: "--out") }
            if !quiet {
                let bytes = files.values.reduce(0) { $0 + $1.count }
                print("Generated \(size) (\(size.leaderCount) leaders, seed \(seed)): \(files.count) files, \(bytes / 1024) KiB in \(out)")
                print("  next: tandem validate \((out as NSString).appendingPathComponent("programme.yaml"))")
            }
        }
    }
}
