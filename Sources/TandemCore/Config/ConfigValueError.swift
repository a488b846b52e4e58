/// Why one configuration value could not be read: what is wrong and how to write it instead.
public struct ConfigValueError: Error, Hashable, Sendable {
    public var message: String
    public var fix: String

    public init(_ message: String, fix: String) {
        self.message = message
        self.fix = fix
    }

    /// The same problem, placed at `file:line`.
    public func problem(file: String, line: Int?) -> InputProblem {
        InputProblem(file: file, line: line, message: message, fix: fix)
    }
}
