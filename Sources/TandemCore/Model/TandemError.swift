import Foundation
public import TandemCalendar

/// Errors the library reports to the command line, each mapping to one exit status.
public enum TandemError: Error, Sendable, CustomStringConvertible {
    /// Input files exist but their content is wrong (sysexits EX_DATAERR, 65).
    case badInput([InputProblem])
    /// An input file or folder is missing or unreadable (EX_NOINPUT, 66).
    case missingInput([InputProblem])
    /// The output could not be written (EX_CANTCREAT, 73).
    case cannotWrite(path: String, reason: String)
    /// The command was used wrongly (EX_USAGE, 64).
    case usage(String)
    /// Something that may work if tried again later: a database busy or locked by another process (EX_TEMPFAIL, 75).
    case temporary(path: String, reason: String)

    public var exitCode: Int32 {
        switch self {
        case .badInput: return 65
        case .missingInput: return 66
        case .cannotWrite: return 73
        case .usage: return 64
        case .temporary: return 75
        }
    }

    public var description: String {
        switch self {
        case .badInput(let problems), .missingInput(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write output: \(reason)"
        case .usage(let message):
            return message
        case .temporary(let path, let reason):
            return "\(path): \(reason) Try again later."
        }
    }
}
