public import TandemCalendar
public import TandemCore

extension ProgrammeLoader {
    /// ``ProgrammeLoader/load(path:files:progress:)`` from the disk.
    public static func load(path: String, progress: ProgressHandler? = nil) throws(TandemError) -> Programme {
        try load(path: path, files: DiskFiles(), progress: progress)
    }

    /// ``ProgrammeLoader/problems(path:files:)`` from the disk.
    public static func problems(path: String) -> (problems: [InputProblem], missing: Bool) {
        problems(path: path, files: DiskFiles())
    }

    /// ``ProgrammeLoader/report(path:files:)`` from the disk: problems and warnings for `tandem validate`.
    public static func report(path: String) -> (problems: [InputProblem], warnings: [InputProblem], missing: Bool) {
        report(path: path, files: DiskFiles())
    }
}
