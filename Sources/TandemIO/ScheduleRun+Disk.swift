import Foundation
public import TandemCore

extension ScheduleRun {
    /// Writes the output folder atomically (see ``OutputFolder``).
    public func write(to path: String) throws(OutputFolderError) {
        try OutputFolder.write(files, to: path)
    }

    /// The schedule a run replaces: `explicit` if given, else the output folder's schedule.json
    /// if there is one, else none. One for another programme is refused with `fix` as the advice,
    /// rather than mixed in.
    public static func previousSchedule(explicit: String?, outputFolder: String, programme: Programme,
                                        fix: String) throws(TandemError) -> Schedule? {
        let files = DiskFiles()
        let path = explicit ?? URL(fileURLWithPath: outputFolder).appendingPathComponent(ScheduleFile.name).path
        guard explicit != nil || files.kind(of: path) != nil else { return nil }
        return try ScheduleJSON.read(path, from: files, for: programme, fix: fix)
    }
}
