import Foundation

/// Where commands look for a schedule when none is named.
public enum ScheduleFile {
    /// The file name of a schedule inside an output folder; its presence marks the folder as Tandem output.
    public static let name = "schedule.json"

    /// `out/<programme folder>/schedule.json`: `Config/example/programme.yaml` → `out/example/schedule.json`,
    /// the folder the README's quick start writes.
    public static func defaultPath(forProgramme path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        return "out/\(folder)/\(name)"
    }
}
