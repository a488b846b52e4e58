import CLibical
import Foundation

/// The one lock through which every libical call in the process goes.
///
/// libical keeps global state (the built-in time zone table, which it fills lazily and without
/// locking, and the error mode) and per-thread state (errno, the ring buffer behind the non-`_r`
/// string functions). Swift tasks hop between threads, so the only safe discipline is "one
/// caller at a time", enforced here. The initialiser also switches libical's errors from
/// "abort the process" to "record and continue", so malformed input can never crash us.
private let libicalLock: NSLock = {
    icalerror_set_errors_are_fatal(0)
    return NSLock()
}()

/// Runs `body` while holding the process-wide libical lock. Not re-entrant: never nest calls.
func withLibical<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    libicalLock.lock()
    defer { libicalLock.unlock() }
    return try body()
}

/// Small conversions between Swift values and libical's value types. Call only under the lock
/// when they touch libical state (the UTC zone pointer is a static singleton, so reading it is
/// harmless, but we keep the rule simple).
enum LibicalValues {
    /// The UTC zone singleton; owned by libical, never freed.
    static var utc: OpaquePointer? { icaltimezone_get_utc_timezone() }

    /// Integer division rounding towards negative infinity.
    @inline(__always)
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : (a - b + 1) / b
    }

    /// A DATE-TIME with no zone from seconds of wall-clock time since 1970-01-01T00:00 (that is,
    /// a local time expressed as if it were UTC).
    static func wallTime(_ wallSeconds: Int) -> icaltimetype {
        let day = floorDiv(wallSeconds, 86_400)
        let rem = wallSeconds - day * 86_400
        let d = LocalDate(dayNumber: day)
        return icaltimetype(
            year: Int32(d.year), month: Int32(d.month), day: Int32(d.day),
            hour: Int32(rem / 3600), minute: Int32(rem / 60 % 60), second: Int32(rem % 60),
            is_date: 0, is_daylight: 0, zone: nil)
    }

    /// The wall time of `date` in `zone`, whole seconds (fractions dropped), with no zone attached.
    static func wallTime(_ date: Date, in zone: TimeZone) -> icaltimetype {
        let secs = Int(date.timeIntervalSince1970.rounded(.down))
        return wallTime(secs + ZoneOffsets.shared(zone).offset(at: secs))
    }

    /// `date` as a UTC DATE-TIME (written with a trailing `Z`).
    static func utcTime(_ date: Date) -> icaltimetype {
        var t = wallTime(Int(date.timeIntervalSince1970.rounded(.down)))
        t.zone = utc
        return t
    }

    /// Seconds since 1970 of a wall time read as if it were UTC (ignores `zone`).
    static func wallSeconds(_ t: icaltimetype) -> Int {
        let day = LocalDate(year: Int(t.year), month: Int(t.month), day: Int(t.day)).dayNumber
        return day * 86_400 + Int(t.hour) * 3600 + Int(t.minute) * 60 + Int(t.second)
    }

    /// A Swift string from a C string owned by libical (copied; nil stays nil).
    static func string(_ p: UnsafePointer<CChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }
}
