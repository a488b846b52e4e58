import CLibical
import Foundation

/// The one lock through which every libical call in the process goes: many readers of their own
/// trees at once, or one caller alone.
///
/// libical 3.0.16 as Debian builds it (with pthreads) keeps its per-thread state per thread (errno,
/// the ring buffer behind the non-`_r` string functions) and locks its shared state itself (the
/// built-in time zone table and each zone's cache of changes); a recurrence iterator owns its ICU
/// calendar. So parsing and expanding *separate* trees on separate threads is sound, and the reader
/// takes the lock shared (``withLibicalShared``): the leaders' calendars are read on every core. A
/// call never spans an `await`, so the per-thread state stays on one thread for its whole life.
/// Everything else (the writer, conversions) takes it alone (``withLibical``), as before. The
/// initialiser also switches libical's errors from "abort the process" to "record and continue", so
/// malformed input can never crash us.
private final class LibicalLock: @unchecked Sendable {
    // Sound: the pthread read–write lock is itself thread-safe, and the pointer never changes.
    private let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
        return lock
    }()

    init() { icalerror_set_errors_are_fatal(0) }

    func exclusive<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func shared<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

private let libicalLock = LibicalLock()

/// Runs `body` while holding the process-wide libical lock alone. Not re-entrant: never nest calls.
func withLibical<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try libicalLock.exclusive(body)
}

/// Runs `body` beside other shared holders: only for parsing and expanding a tree `body` owns.
/// Not re-entrant: never nest calls.
func withLibicalShared<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    try libicalLock.shared(body)
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
