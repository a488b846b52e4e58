import Foundation
import TandemCalendar

/// Where each leader could start a session over the whole programme, as one bit per time unit,
/// so that "in how many periods could these two meet?" is a few thousand AND operations and a
/// pair's starts in a period are the set bits of two short runs of words ANDed.
///
/// A bit is set when a session of `duration` starting at that unit lies inside one of the
/// leader's windows, on an open day, clear of every closure and of every busy event by `buffer`,
/// on the `granularity` grid, and no earlier than `notBefore`. These are the scheduler's static
/// constraints (DESIGN §4, 1–3 and 6). The unit is the largest that divides a quarter hour, the
/// granularity and the duration, so every candidate start and end falls on a unit boundary and
/// the bits say exactly what the interval checks say (``Availability`` holds both and its tests
/// compare them). Units are counted in UTC from ``origin``, so zones and their daylight-saving
/// changes fall out of the instants.
struct SessionStarts: Sendable {
    /// Seconds per bit.
    let unit: Int
    /// Midnight UTC of the day before the programme starts: bit 0.
    let origin: Date
    /// Bits a session covers.
    let length: Int
    /// Words per leader.
    let words: Int
    /// `leaders × words`; bit `q` of a leader is unit `q` after ``origin``.
    private let bits: [UInt64]
    /// Each considered period as a bit range `[from, to)` of starts (whole session inside the
    /// period, not before `notBefore`), as word range `[periodFirst, periodLast]` with the masks
    /// of its partial first and last words.
    private let periodFrom: [Int], periodTo: [Int]
    private let periodFirst: [Int], periodLast: [Int]
    private let firstMask: [UInt64], lastMask: [UInt64]
    /// Position in the considered periods per `Period.index`.
    private let position: [Int: Int]
    /// Per leader, the periods (up to 64) in which they have any start at all: a quick filter.
    private let anyStart: [UInt64]
    /// Per leader, their starts of every week folded onto one week (unit `q` of the programme
    /// lands on `q mod unitsPerWeek`): two leaders with no common bit here never share a start.
    private let weekFold: [UInt64]
    private let foldWords: Int
    /// The periods considered: those not wholly closed and not over before `notBefore`.
    let periodCount: Int

    /// The largest unit in seconds (at most a quarter hour, at least a minute) that divides the
    /// granularity and the duration.
    static func unit(for sessions: Programme.Sessions) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let u = gcd(gcd(900, max(60, sessions.granularity)), max(60, sessions.duration))
        return u % 60 == 0 ? u : 60
    }

    /// - Parameter leaders: every leader, in the order the bit rows are kept.
    init(programme: Programme, leaders: [LeaderAvailability], notBefore: Date?) {
        let sessions = programme.sessions
        let unit = Self.unit(for: sessions)
        self.unit = unit
        let u = TimeInterval(unit)
        let utc = TimeZone(identifier: "UTC")!
        let origin = programme.start.adding(days: -1).instant(minutes: 0, in: utc)
        self.origin = origin
        let units = (programme.end.dayNumber - programme.start.dayNumber + 4) * (86_400 / unit)
        let words = (units + 63) / 64
        self.words = words
        // The unit divides the duration unless the duration is not whole minutes: then round up.
        let length = max(1, Int((Double(sessions.duration) / u).rounded(.up)))
        self.length = length
        let step = max(1, max(60, sessions.granularity) / unit)
        let buffer = TimeInterval(sessions.buffer)
        let earliest = notBefore.map { Int(($0.timeIntervalSince(origin) / u).rounded(.up)) } ?? 0
        @Sendable func index(_ d: Date, up: Bool) -> Int {
            let q = d.timeIntervalSince(origin) / u
            return min(units, max(0, Int(up ? q.rounded(.up) : q.rounded(.down))))
        }

        // Starts off the `granularity` grid are masked out; the grid is aligned to the epoch.
        var gridMask: [UInt64]?
        if step > 1 {
            let originUnit = Int(origin.timeIntervalSince1970) / unit
            gridMask = (0..<words).map { w in
                var mask: UInt64 = 0
                for b in 0..<64 where (originUnit + w * 64 + b) % step == 0 { mask |= 1 << UInt64(b) }
                return mask
            }
        }
        let grid = gridMask
        // Windows of the day either side as well: a leader west of the programme's zone can have
        // a window on the day before that falls inside its first period.
        let days = (programme.start.dayNumber - 1)...(programme.end.dayNumber + 1)
        var bits = [UInt64](repeating: 0, count: leaders.count * words)
        let chunks = max(1, min(8, leaders.count / 32))
        bits.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var free = [UInt64](repeating: 0, count: words)
                for i in stride(from: chunk, to: leaders.count, by: chunks) {
                    for w in free.indices { free[w] = 0 }
                    let a = leaders[i]
                    for w in a.windows(on: days, skipClosed: true) {
                        Self.set(&free, from: index(w.start, up: true), to: index(w.end, up: false), on: true)
                    }
                    for c in a.closedIntervals {
                        Self.set(&free, from: index(c.start, up: false), to: index(c.end, up: true), on: false)
                    }
                    for b in a.busyMerged {
                        Self.set(&free, from: index(b.start.addingTimeInterval(-buffer), up: false),
                                 to: index(b.end.addingTimeInterval(buffer), up: true), on: false)
                    }
                    // A start is usable when the `length` units from it are all free:
                    // AND in the free bits shifted down by 1, 2, … length-1 units.
                    var starts = free
                    for k in 1..<length {
                        let skip = k / 64, shift = UInt64(k % 64)
                        for w in 0..<words {
                            let lo = w + skip < words ? free[w + skip] : 0
                            let hi = w + skip + 1 < words ? free[w + skip + 1] : 0
                            starts[w] &= shift == 0 ? lo : (lo >> shift) | (hi << (64 - shift))
                        }
                    }
                    Self.set(&starts, from: 0, to: earliest, on: false)
                    let base = i * words
                    for w in 0..<words { out.base[base + w] = starts[w] & (grid?[w] ?? ~0) }
                }
            }
        }
        self.bits = bits

        var from: [Int] = [], to: [Int] = [], first: [Int] = [], last: [Int] = []
        var firstMask: [UInt64] = [], lastMask: [UInt64] = []
        var position: [Int: Int] = [:]
        let duration = TimeInterval(sessions.duration)
        for p in programme.periods(sessions.cadence) where !programme.isWhollyClosed(p) {
            let start = p.first.instant(minutes: 0, in: programme.timeZone)
            let end = p.last.adding(days: 1).instant(minutes: 0, in: programme.timeZone)
            let a = max(index(start, up: true), earliest)
            // The last start whose session ends by the end of the period.
            let b = end.addingTimeInterval(-duration) < origin ? 0 : index(end.addingTimeInterval(-duration), up: false) + 1
            guard a < b else { continue }
            position[p.index] = from.count
            from.append(a)
            to.append(b)
            first.append(a / 64)
            last.append((b - 1) / 64)
            firstMask.append(~UInt64(0) << UInt64(a % 64))
            lastMask.append(b % 64 == 0 ? ~UInt64(0) : ~(~UInt64(0) << UInt64(b % 64)))
        }
        (periodFrom, periodTo, periodFirst, periodLast) = (from, to, first, last)
        (self.firstMask, self.lastMask, self.position) = (firstMask, lastMask, position)
        periodCount = first.count
        var anyStart = [UInt64](repeating: ~0, count: leaders.count)
        if first.count <= 64 {
            for i in leaders.indices {
                var mask: UInt64 = 0
                for p in first.indices where Self.meets(bits, i * words, i * words, first[p], last[p], firstMask[p], lastMask[p]) {
                    mask |= 1 << UInt64(p)
                }
                anyStart[i] = mask
            }
        }
        self.anyStart = anyStart
        let perWeek = 7 * 86_400 / unit
        let foldWords = (perWeek + 63) / 64
        self.foldWords = foldWords
        var fold = [UInt64](repeating: 0, count: leaders.count * foldWords)
        for i in leaders.indices {
            for w in 0..<words {
                var word = bits[i * words + w]
                while word != 0 {
                    let b = word.trailingZeroBitCount
                    word &= word - 1
                    let q = (w * 64 + b) % perWeek
                    fold[i * foldWords + q / 64] |= 1 << UInt64(q % 64)
                }
            }
        }
        self.weekFold = fold
    }

    /// A quick necessary condition for ``periodsInCommon(_:_:)`` to be above zero: some weekday and
    /// time at which both can start a session in some week.
    func mayMeet(_ a: Int, _ b: Int) -> Bool {
        let x = a * foldWords, y = b * foldWords
        for w in 0..<foldWords where weekFold[x + w] & weekFold[y + w] != 0 { return true }
        return false
    }

    /// Sets or clears units `[from, to)`.
    private static func set(_ bits: inout [UInt64], from: Int, to: Int, on: Bool) {
        var q = max(0, from)
        let end = min(to, bits.count * 64)
        while q < end {
            let w = q / 64, b = q % 64
            let n = min(64 - b, end - q)
            let mask = (n == 64 ? ~UInt64(0) : ((UInt64(1) << UInt64(n)) - 1)) << UInt64(b)
            if on { bits[w] |= mask } else { bits[w] &= ~mask }
            q += n
        }
    }

    /// Whether the leaders whose bits start at `x` and `y` share a start in words `first...last`.
    @inline(__always)
    private static func meets(_ bits: [UInt64], _ x: Int, _ y: Int, _ first: Int, _ last: Int,
                              _ firstMask: UInt64, _ lastMask: UInt64) -> Bool {
        var w = first
        while w <= last {
            var both = bits[x + w] & bits[y + w]
            if w == first { both &= firstMask }
            if w == last { both &= lastMask }
            if both != 0 { return true }
            w += 1
        }
        return false
    }

    /// The number of periods in which leaders `a` and `b` (rows of the `leaders` given) could
    /// both start a session at the same time.
    func periodsInCommon(_ a: Int, _ b: Int) -> Int {
        let candidates = anyStart[a] & anyStart[b]
        var count = 0
        let x = a * words, y = b * words
        for p in 0..<periodCount where p >= 64 || candidates & (1 << UInt64(p)) != 0 {
            if Self.meets(bits, x, y, periodFirst[p], periodLast[p], firstMask[p], lastMask[p]) { count += 1 }
        }
        return count
    }

    /// Whether the period with this `Period.index` is considered (not wholly closed, not over
    /// before `notBefore`, long enough for a session).
    func considers(_ period: Int) -> Bool { position[period] != nil }

    /// Every start at which all of `rows` can start a session in the period with this
    /// `Period.index`, in time order; empty when the period is not considered.
    func starts(_ rows: [Int], inPeriod period: Int) -> [Date] {
        guard let p = position[period], !rows.isEmpty else { return [] }
        var out: [Date] = []
        let first = periodFirst[p], last = periodLast[p]
        var w = first
        while w <= last {
            var word = ~UInt64(0)
            for r in rows { word &= bits[r * words + w] }
            if w == first { word &= firstMask[p] }
            if w == last { word &= lastMask[p] }
            while word != 0 {
                let b = word.trailingZeroBitCount
                word &= word - 1
                out.append(origin.addingTimeInterval(TimeInterval((w * 64 + b) * unit)))
            }
            w += 1
        }
        return out
    }
}
