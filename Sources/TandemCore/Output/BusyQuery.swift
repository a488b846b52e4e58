import Foundation
import TandemCalendar

/// `tandem busy`: the busy intervals the scheduler sees in one calendar file.
public struct BusyQuery: Sendable {
    public var file: String
    public var from: LocalDate
    public var to: LocalDate
    public var zone: TimeZone

    public init(file: String, from: String, to: String, zone: String?) throws(TandemError) {
        guard let f = LocalDate(iso: from) else { throw .usage("--from \(from): use a date like 2026-09-01.") }
        guard let t = LocalDate(iso: to) else { throw .usage("--to \(to): use a date like 2027-07-31.") }
        guard f < t else { throw .usage("--from \(from) must be before --to \(to).") }
        var z = TimeZone.current
        if let zone {
            guard let known = TimeZone(identifier: zone) else {
                throw .usage("--tz \(zone): unknown time zone. Use an IANA name such as Europe/London or America/New_York.")
            }
            z = known
        }
        self.file = file
        self.from = f
        self.to = t
        self.zone = z
    }

    public func run() throws(TandemError) -> [BusyInterval] {
        let text = try TextFile.read(file)
        do {
            return try ICalendarReader.busyIntervals(
                in: text, file: file,
                from: from.instant(minutes: 0, in: zone), to: to.instant(minutes: 0, in: zone), floatingZone: zone)
        } catch {
            throw .badInput([InputProblem(error)])
        }
    }

    /// `[{"start","end","summary"}]`, UTC, sorted, one per occurrence.
    public static func json(_ intervals: [BusyInterval]) -> String {
        struct Row: Encodable { var start: String; var end: String; var summary: String }
        let rows = intervals.map { Row(start: ISO8601.string($0.start), end: ISO8601.string($0.end), summary: $0.summary) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(rows), as: UTF8.self)
    }

    /// One line per interval in the query's zone.
    public func table(_ intervals: [BusyInterval]) -> String {
        var out = ""
        for i in intervals {
            out += "\(TimeText.span(i.start, i.end, in: zone))  \(i.summary)\n"
        }
        out += "\(intervals.count) busy interval(s) in \(file) from \(from) to \(to) (\(zone.identifier)).\n"
        return out
    }
}

/// Reading user files with the right error for each failure.
public enum TextFile {
    /// The file's text; a missing file is `missingInput` (exit 66), a non-UTF-8 one `badInput` (65).
    public static func read(_ path: String) throws(TandemError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .missingInput([InputProblem(file: path, message: "file not found.", fix: "Check the path.")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingInput([InputProblem(file: path, message: "cannot be read.", fix: "Check its permissions.")])
        }
        switch TextDecoding.decode(data) {
        case .utf8(let text), .converted(let text, _):
            return text
        case .invalid(let line, let byte):
            throw .badInput([InputProblem(file: path, line: line, message: "is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) on this line).",
                                          fix: "Export or save it as UTF-8.")])
        }
    }
}
