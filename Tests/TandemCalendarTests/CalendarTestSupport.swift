import Foundation
@testable import TandemCalendar

/// The instant of a wall time in an IANA zone.
func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0, _ zone: String) -> Date {
    LocalDate(year: y, month: m, day: d).instant(minutes: h * 60 + min, in: TimeZone(identifier: zone)!)
}

func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
    at(y, m, d, h, min, "UTC")
}

let london = TimeZone(identifier: "Europe/London")!

extension String {
    /// Physical lines (split on CRLF; the final empty piece after the last CRLF dropped).
    var physicalLines: [String] {
        var parts = components(separatedBy: "\r\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// Content lines with folding undone.
    var unfoldedLines: [String] {
        replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "").physicalLines
    }

    /// Converts LF line endings of a Swift literal to CRLF.
    var crlf: String { replacingOccurrences(of: "\n", with: "\r\n") }
}

/// The unfolded lines from `BEGIN:name` to `END:name`, for each such block.
func blocks(_ name: String, in text: String) -> [[String]] {
    var result: [[String]] = []
    var current: [String]?
    for line in text.unfoldedLines {
        if line == "BEGIN:\(name)" { current = [] }
        current?.append(line)
        if line == "END:\(name)", let c = current { result.append(c); current = nil }
    }
    return result
}

/// Reads busy intervals over the whole academic year in London unless told otherwise.
func busy(_ ics: String, from: Date = utc(2026, 1, 1), to: Date = utc(2028, 1, 1),
          zone: TimeZone = london) throws -> [BusyInterval] {
    try ICalendarReader.busyIntervals(in: ics, file: "test.ics", from: from, to: to, floatingZone: zone)
}

/// Expects `body` to throw a InputProblem and returns it.
func calendarError(_ body: () throws -> Void) -> InputProblem? {
    do { try body() } catch let e as InputProblem { return e } catch { return nil }
    return nil
}

/// A weekly series at a fixed wall time in `zone`: starts of every occurrence, minus `except`.
func weeklyStarts(from first: LocalDate, hour: Int, minute: Int = 0, zone: String, weeks: Int,
                  every interval: Int = 1, except: Set<Int> = []) -> [Date] {
    (0..<weeks).filter { $0 % interval == 0 && !except.contains($0) }.map {
        first.adding(days: 7 * $0).instant(minutes: hour * 60 + minute, in: TimeZone(identifier: zone)!)
    }
}
