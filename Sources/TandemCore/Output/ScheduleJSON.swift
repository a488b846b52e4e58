public import Foundation
import TandemCalendar

/// schedule.json (DESIGN §5): sorted keys, UTC ISO 8601 instants, byte-identical for the same schedule.
public enum ScheduleJSON {
    public static func encode(_ schedule: Schedule) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ISO8601.string(date))
        }
        // Encoding plain value types cannot fail.
        var data = try! encoder.encode(schedule)
        data.append(0x0A)
        return data
    }

    /// Reads a schedule.json from `files`: a missing file is `missingInput` (exit 66), a malformed one `badInput` (65).
    public static func read(_ path: String, from files: any FileSource) throws(TandemError) -> Schedule {
        try decode(Data(try TextFile.read(path, from: files, limit: ReadLimit.schedule, what: "a schedule.json").utf8), file: path)
    }

    /// Reads a schedule.json from `files` and refuses one written for another programme, with `fix` as the advice.
    public static func read(_ path: String, from files: any FileSource, for programme: Programme, fix: String) throws(TandemError) -> Schedule {
        try checked(read(path, from: files), file: path, for: programme, fix: fix)
    }

    /// `schedule` if it was written for `programme`; otherwise `badInput` naming `file`, with `fix` as the advice.
    public static func checked(_ schedule: Schedule, file: String, for programme: Programme, fix: String) throws(TandemError) -> Schedule {
        guard schedule.programme == programme.id else {
            throw .badInput([InputProblem(file: file, message: "is the schedule of programme \(schedule.programme), not \(programme.id).",
                                          fix: fix)])
        }
        return schedule
    }

    public static func decode(_ data: Data, file: String) throws(TandemError) -> Schedule {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let s = try c.decode(String.self)
            guard let d = ISO8601.date(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(s) is not a UTC time like 2026-09-15T15:00:00Z")
            }
            return d
        }
        do {
            return try decoder.decode(Schedule.self, from: data)
        } catch {
            let (line, why) = syntaxError(in: data) ?? (nil, "\(error)")
            throw .badInput([InputProblem(file: file, line: line, message: "is not a Tandem schedule.json (\(why)).",
                                          fix: "Pass the schedule.json that `tandem schedule` wrote.")])
        }
    }

    /// Where the JSON itself is broken, if it is: the line (from Foundation's "around character N")
    /// and the parser's words. Nil for valid JSON that is simply not a schedule.
    private static func syntaxError(in data: Data) -> (line: Int?, message: String)? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            guard let range = text.range(of: #"character (\d+)"#, options: .regularExpression),
                  let offset = Int(text[range].dropFirst("character ".count))
            else { return (nil, text) }
            return (data.prefix(offset).filter { $0 == 0x0A }.count + 1, text)
        }
    }
}

/// UTC ISO 8601 with seconds: `2026-09-15T15:00:00Z`.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        let (day, minutes) = LocalDate.local(date, in: utc)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return "\(day)T\(Digits.padded(minutes / 60, 2)):\(Digits.padded(minutes % 60, 2)):\(Digits.padded((seconds + 60) % 60, 2))Z"
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// A UTC time (`2026-09-01T08:00:00Z`) or a date (`2026-09-01`, midnight UTC).
    public static func parse(_ s: String) -> Date? {
        if let day = LocalDate(iso: s) { return day.instant(minutes: 0, in: utc) }
        return date(s)
    }

    /// An internet date-time. The form Tandem writes (`2026-09-15T15:00:00Z`) is read directly,
    /// since a schedule.json holds hundreds of thousands of them; any other offset goes through Foundation.
    public static func date(_ s: String) -> Date? {
        if let fast = utcSeconds(s) { return fast }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    private static func utcSeconds(_ s: String) -> Date? {
        var s = s
        return s.withUTF8 { b -> Date? in
            guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
            else { return nil }
            func number(_ from: Int, _ count: Int) -> Int? {
                var n = 0
                for i in from..<from + count {
                    let d = Int(b[i]) - 0x30
                    guard (0...9).contains(d) else { return nil }
                    n = n * 10 + d
                }
                return n
            }
            guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
                  let h = number(11, 2), let mi = number(14, 2), let sec = number(17, 2),
                  (1...12).contains(mo), d >= 1, d <= LocalDate.daysIn(month: mo, year: y), h < 24, mi < 60, sec < 60
            else { return nil }
            let day = LocalDate(year: y, month: mo, day: d).dayNumber
            return Date(timeIntervalSince1970: TimeInterval(day * 86_400 + h * 3600 + mi * 60 + sec))
        }
    }
}
