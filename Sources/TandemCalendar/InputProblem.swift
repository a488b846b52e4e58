/// One thing wrong with what the user gave us: where it is, what is wrong, and what to do.
///
/// It is the one problem type of every module, and it lives here, in the lowest one, so the calendar
/// reader can throw it and the loaders, the daemon and the commands pass it on unchanged:
/// - a calendar file the reader refuses is thrown as an `InputProblem` with its file and line;
/// - a line the reader skipped or read with a caveat is one too, in ``CalendarReading/warnings``;
///   `tandem validate` prints those after `warning: `;
/// - a single value that does not parse (a duration, a cadence, an availability entry) is thrown
///   *unplaced*, with ``init(message:fix:)``: the parser does not know where the value came from.
///   The caller words it into its own problem at `file:line`, or places it as it is with
///   ``placed(file:line:)``.
public struct InputProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it; empty while the problem is not placed.
    public var file: String
    public var line: Int?
    public var message: String
    /// What the user should change; appended after the message.
    public var fix: String?

    public init(file: String, line: Int? = nil, message: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }

    /// A problem with one value, not yet placed in a file: what is wrong and how to write it instead.
    public init(message: String, fix: String? = nil) {
        self.init(file: "", message: message, fix: fix)
    }

    /// The same problem, placed at `file:line`.
    public func placed(file: String, line: Int?) -> InputProblem {
        InputProblem(file: file, line: line, message: message, fix: fix)
    }

    /// `file:line: message fix`, the line and the fix only where known. Place a value problem before printing it.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": \(message)"
        if let fix { s += " \(fix)" }
        return s
    }
}
