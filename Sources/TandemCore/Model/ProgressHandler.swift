/// Told how far a long step has got: the stage's name and the fraction done (0…1).
///
/// The core only calls it; how progress is shown (a bar on a terminal, plain lines in a log) is
/// the command line's business.
public typealias ProgressHandler = @Sendable (_ stage: String, _ fraction: Double) -> Void
