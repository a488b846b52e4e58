import CLibical
public import Foundation

/// Reads the busy time of a calendar export (Google, Outlook, Apple Calendar, Thunderbird).
public enum ICalendarReader {
    /// Busy intervals of a calendar export overlapping [from, to), one per occurrence, sorted by start then end then summary.
    ///
    /// `file` is used only in error messages. Floating times and all-day dates are read in
    /// `floatingZone`. Rules:
    /// - every occurrence of RRULE/RDATE series counts, minus EXDATEs, with RECURRENCE-ID
    ///   overrides replacing the occurrence they name (`RANGE=THISANDFUTURE` is read as a
    ///   single-occurrence override);
    /// - STATUS:CANCELLED and TRANSP:TRANSPARENT events are free time (TENTATIVE is busy);
    /// - all-day events block whole local days; a DATE DTSTART without DTEND lasts one day;
    /// - a timed event without DTEND or DURATION, or with DTEND equal to DTSTART, takes no
    ///   time (RFC 5545 §3.6.1) and is left out;
    /// - VFREEBUSY periods of type BUSY, BUSY-UNAVAILABLE and BUSY-TENTATIVE (or no FBTYPE)
    ///   are busy, summarised "Busy";
    /// - TZIDs resolve to the file's own VTIMEZONE, then IANA names, then Windows zone names.
    ///
    /// `includingFree` also counts TRANSP:TRANSPARENT events: published holiday and term-date
    /// feeds mark their all-day events free, yet for closures every one of them closes the day.
    public static func busyIntervals(
        in text: String, file: String, from: Date, to: Date, floatingZone: TimeZone, includingFree: Bool = false
    ) throws(InputProblem) -> [BusyInterval] {
        try read(in: text, file: file, from: from, to: to, floatingZone: floatingZone, includingFree: includingFree).intervals
    }

    /// The busy intervals (as `busyIntervals`) and the warnings: lines that were skipped or
    /// read in a way that needs saying (an ignored DURATION, a stale SEQUENCE dropped).
    public static func read(
        in text: String, file: String, from: Date, to: Date, floatingZone: TimeZone, includingFree: Bool = false
    ) throws(InputProblem) -> CalendarReading {
        guard text.utf8.count <= maxFileBytes else {
            throw InputProblem(file: file, line: nil, message: "the calendar is \(text.utf8.count / 1_048_576) MiB; Tandem reads calendars up to \(maxFileBytes / 1_048_576) MiB. Export only the months of the programme.")
        }
        let scan = try ICalendarScan(text: text, file: file)
        var reader = BusyReader(scan: scan, from: from, to: to, floatingZone: floatingZone)
        reader.includingFree = includingFree
        let intervals = try withLibical { () throws(InputProblem) -> [BusyInterval] in
            try reader.read(text)
        }
        let warnings = (scan.warnings + reader.warnings).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return CalendarReading(intervals: sortedByStartEndSummary(intervals), warnings: warnings)
    }

    /// The largest calendar file read (bytes).
    public static let maxFileBytes = 20 * 1_048_576
    /// The most busy occurrences one calendar may have inside the window read.
    public static let maxOccurrences = 200_000

    /// Sorts by start, end, then summary. Sorting 80-byte structs directly is slow (tens of
    /// milliseconds for 50,000); this sorts compact keys and compares summaries only on ties.
    static func sortedByStartEndSummary(_ intervals: [BusyInterval]) -> [BusyInterval] {
        func inOrder(_ a: BusyInterval, _ b: BusyInterval) -> Bool {
            a.start != b.start ? a.start < b.start : a.end != b.end ? a.end < b.end : a.summary <= b.summary
        }
        // Exports written in time order (Tandem's own, many servers') need no sort and no key array.
        if zip(intervals, intervals.dropFirst()).allSatisfy({ inOrder($0, $1) }) { return intervals }
        var keys = intervals.indices.map {
            (start: intervals[$0].start.timeIntervalSince1970, end: intervals[$0].end.timeIntervalSince1970, index: $0)
        }
        keys.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            let sa = intervals[a.index].summary, sb = intervals[b.index].summary
            return sa != sb ? sa < sb : a.index < b.index
        }
        return keys.map { intervals[$0.index] }
    }
}
