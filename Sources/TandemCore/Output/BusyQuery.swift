public import Foundation
public import TandemCalendar

/// `tandem busy`: the busy intervals the scheduler sees in one calendar file.
public struct BusyQuery: Sendable {
    public var file: String
    public var from: LocalDate
    public var to: LocalDate
    public var zone: TimeZone

    /// What is wrong with a query, in the query's own words; the command line names its flags.
    public enum Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// The first day is not a date.
        case badFirstDay(String)
        /// The last day is not a date.
        case badLastDay(String)
        /// The first day is not before the last.
        case emptyRange(first: String, last: String)
        /// The zone is not an IANA name.
        case unknownZone(String)

        public var description: String {
            switch self {
            case .badFirstDay(let s): return "first day \(s): use a date like 2026-09-01."
            case .badLastDay(let s): return "last day \(s): use a date like 2027-07-31."
            case .emptyRange(let first, let last): return "first day \(first) must be before last day \(last)."
            case .unknownZone(let z): return "time zone \(z): unknown. Use an IANA name such as Europe/London or America/New_York."
            }
        }
    }

    /// A query over the local days `[from, to)` in `zone`, or `defaultZone` when no zone is named.
    public init(file: String, from: String, to: String, zone: String?, defaultZone: TimeZone) throws(Invalid) {
        guard let f = LocalDate(iso: from) else { throw .badFirstDay(from) }
        guard let t = LocalDate(iso: to) else { throw .badLastDay(to) }
        guard f < t else { throw .emptyRange(first: from, last: to) }
        var z = defaultZone
        if let zone {
            guard let known = TimeZone(identifier: zone) else { throw .unknownZone(zone) }
            z = known
        }
        self.file = file
        self.from = f
        self.to = t
        self.zone = z
    }

    /// The busy intervals of the query's file, read from `files`.
    public func run(files: any FileSource) throws(TandemError) -> [BusyInterval] {
        let text = try TextFile.read(file, from: files, limit: ICalendarReader.maxFileBytes, what: "a calendar")
        do {
            return try ICalendarReader.busyIntervals(
                in: text, file: file,
                from: from.instant(minutes: 0, in: zone), to: to.instant(minutes: 0, in: zone), floatingZone: zone)
        } catch {
            throw .badInput([error])
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
    /// The text of the file at `path` in `files`; a missing file is `missingInput` (exit 66), a non-UTF-8 one
    /// or one larger than `limit` bytes (`what` names it in the message) `badInput` (65).
    public static func read(_ path: String, from files: any FileSource, limit: Int, what: String) throws(TandemError) -> String {
        switch files.text(at: path, limit: limit) {
        case .missing:
            throw .missingInput([InputProblem(file: path, message: "file not found.", fix: "Check the path.")])
        case .folder, .unreadable:
            throw .missingInput([InputProblem(file: path, message: "cannot be read.", fix: "Check its permissions.")])
        case .tooLarge:
            throw .badInput([InputProblem(file: path, message: ReadLimit.tooLarge(limit, of: what), fix: "Check that this is the right file.")])
        case .decoded(.utf8(let text)), .decoded(.converted(let text, _)):
            return text
        case .decoded(.invalid(let line, let byte)):
            throw .badInput([InputProblem(file: path, line: line, message: "is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) on this line).",
                                          fix: "Export or save it as UTF-8.")])
        }
    }
}
