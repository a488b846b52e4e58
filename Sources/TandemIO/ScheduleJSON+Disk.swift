public import TandemCore

extension ScheduleJSON {
    /// Reads a schedule.json from the disk: a missing file is `missingInput` (exit 66), a malformed one `badInput` (65).
    public static func read(_ path: String) throws(TandemError) -> Schedule {
        try read(path, from: DiskFiles())
    }

    /// Reads a schedule.json from the disk and refuses one written for another programme, with `fix` as the advice.
    public static func read(_ path: String, for programme: Programme, fix: String) throws(TandemError) -> Schedule {
        try read(path, from: DiskFiles(), for: programme, fix: fix)
    }
}
