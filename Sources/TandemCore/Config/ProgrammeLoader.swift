import Foundation
public import TandemCalendar
import Yams

/// Loads programme.yaml with its roster and calendars into a validated `Programme`.
public enum ProgrammeLoader {
    /// Reads programme.yaml, its roster, the leaders' busy calendars and the closure calendars, validated.
    /// Throws TandemError.missingInput (any needed file/folder missing; exit 66) or .badInput with EVERY problem found (exit 65).
    /// Every file is read from `files`: TandemIO's `DiskFiles` at the edge, files in memory in tests.
    public static func load(path: String, files: any FileSource, progress: ProgressHandler? = nil) throws(TandemError) -> Programme {
        let outcome = ProgrammeLoading(path: path, files: files, progress: progress).run()
        if !outcome.missing.isEmpty { throw .missingInput(outcome.missing + outcome.problems) }
        guard outcome.problems.isEmpty, let programme = outcome.programme else {
            throw .badInput(outcome.problems.isEmpty
                ? [InputProblem(file: path, message: "could not be loaded.", fix: "Run tandem validate on it.")]
                : outcome.problems)
        }
        return programme
    }

    /// Every problem in the programme; empty when it is fine. Missing files are problems too.
    public static func problems(path: String, files: any FileSource) -> (problems: [InputProblem], missing: Bool) {
        let outcome = ProgrammeLoading(path: path, files: files).run()
        return (outcome.missing + outcome.problems, !outcome.missing.isEmpty)
    }

    /// What `tandem validate` prints: every problem (missing files included) and, apart, every warning.
    public static func report(path: String, files: any FileSource) -> (problems: [InputProblem], warnings: [InputProblem], missing: Bool) {
        let outcome = ProgrammeLoading(path: path, files: files).run()
        return (outcome.missing + outcome.problems, outcome.warnings, !outcome.missing.isEmpty)
    }

    /// The keys allowed at each level of programme.yaml.
    public static let topLevelKeys = ["programme", "roster", "calendars", "closures", "schools", "sessions", "groups",
                                      "limits", "matching", "reminders", "delivery"]
}
