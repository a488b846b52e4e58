import Foundation
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
            throw .badInput([InputProblem(file: file, message: "is not a Tandem schedule.json (\(error)).",
                                          fix: "Pass the schedule.json that `tandem schedule` wrote.")])
        }
    }
}

/// UTC ISO 8601 with seconds: `2026-09-15T15:00:00Z`.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        let (day, minutes) = LocalDate.local(date, in: utc)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return String(format: "%@T%02d:%02d:%02dZ", day.description, minutes / 60, minutes % 60, (seconds + 60) % 60)
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// A UTC time (`2026-09-01T08:00:00Z`) or a date (`2026-09-01`, midnight UTC).
    public static func parse(_ s: String) -> Date? {
        if let day = LocalDate(iso: s) { return day.instant(minutes: 0, in: utc) }
        return date(s)
    }

    public static func date(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }
}
