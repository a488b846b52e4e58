import Foundation

/// Where the reminder tools look by default, next to the README's `out/<p>/` (see ``ScheduleFile``).
public enum ReminderPaths {
    /// `out/<programme folder>/schedule.json`, relative to the working folder.
    public static func defaultSchedule(programme path: String) -> String {
        ScheduleFile.defaultPath(forProgramme: path)
    }

    /// `var/<programme folder>/reminders.sqlite`, relative to the working folder.
    public static func defaultDatabase(programme path: String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        return "var/\(folder)/reminders.sqlite"
    }
}
