import Foundation
public import TandemCalendar

/// Reads a roster's availability cell: `Day[-Day] HH:MM-HH:MM` entries separated by `;`.
public enum AvailabilityParser {
    static let fix = "Write each window as Day[-Day] HH:MM-HH:MM with days Mon…Sun, separated by \";\", such as \"Mon 16:00-18:00; Tue-Thu 07:30-08:30\"."

    /// The weekly windows of a whole cell (empty for an empty cell), one per day, in the order written.
    public static func windows(_ cell: String) throws(InputProblem) -> [WeeklyWindow] {
        var result: [WeeklyWindow] = []
        for entry in cell.split(separator: ";") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            for window in try windows(entry: trimmed) where !result.contains(window) {
                result.append(window)
            }
        }
        return result
    }

    /// The windows of one entry such as `Tue-Thu 15:45-17:30` or the wrapping `Fri-Mon 08:00-09:00`.
    public static func windows(entry: String) throws(InputProblem) -> [WeeklyWindow] {
        // Tolerate spaces around hyphens ("Tue - Thu 15:45 - 17:30"), then expect "days times".
        var compact = entry
        while compact.contains(" -") { compact = compact.replacingOccurrences(of: " -", with: "-") }
        while compact.contains("- ") { compact = compact.replacingOccurrences(of: "- ", with: "-") }
        let tokens = compact.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard tokens.count == 2 else {
            throw InputProblem(message: "availability entry \"\(entry)\" is not of the form Day[-Day] HH:MM-HH:MM.", fix: fix)
        }
        let dayParts = tokens[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let days = dayParts.map(weekday)
        guard (1...2).contains(dayParts.count), days.allSatisfy({ $0 != nil }) else {
            throw InputProblem(message: "availability entry \"\(entry)\" has an unknown day \"\(tokens[0])\".", fix: fix)
        }
        let timeParts = tokens[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard timeParts.count == 2,
              let start = DurationParser.minutes(timeParts[0], allowing24: false),
              let end = DurationParser.minutes(timeParts[1], allowing24: true)
        else {
            throw InputProblem(message: "availability entry \"\(entry)\" has a bad time range \"\(tokens[1])\".", fix: fix)
        }
        guard end > start else {
            throw InputProblem(
                message: "availability entry \"\(entry)\" ends before it starts.",
                fix: "Make the end time later than the start on the same day (24:00 is allowed as an end); split a window across midnight into two entries.")
        }
        let first = days[0]!
        let last = days.last!!
        var result: [WeeklyWindow] = []
        var day = first
        while true {
            result.append(WeeklyWindow(weekday: day, start: start, end: end))
            if day == last { break }
            day = day % 7 + 1
        }
        return result
    }

    /// ISO weekday (1 = Monday) of `Mon`…`Sun` or a full day name, in any case.
    public static func weekday(_ name: String) -> Int? {
        let lower = name.lowercased()
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if let i = WeeklyWindow.dayNames.firstIndex(where: { $0.lowercased() == lower }) { return i + 1 }
        if let i = full.firstIndex(of: lower) { return i + 1 }
        return nil
    }
}
