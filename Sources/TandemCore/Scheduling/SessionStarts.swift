import Foundation
import TandemCalendar

/// Where each leader could start a session over the whole programme, as one bit per quarter hour,
/// so that "in how many periods could these two meet?" is a few thousand AND operations.
///
/// A bit is set when a session of `duration` starting at that quarter hour lies inside one of the
/// leader's windows, on an open day, clear of every closure and of every busy event by `buffer`,
/// on the `granularity` grid, and no earlier than `notBefore`. These are the scheduler's static
/// constraints (DESIGN §4, 1–3 and 6): two leaders share a set bit exactly when a slot exists for
/// both before other Tandem meetings and the daily and weekly limits are counted. Quarter hours
/// are measured in UTC, so zones and their daylight-saving changes fall out of the instants.
struct SessionStarts: Sendable {
    static let quarter: TimeInterval = 900

    /// Words per leader.
    let words: Int
    /// `leaders × words`; bit `q` of a leader is quarter hour `q` after ``origin``.
    private let bits: [UInt64]
    /// Each bookable period as a word range `[periodFirst, periodLast]` and the masks of its
    /// partial first and last words.
    private let periodFirst: [Int], periodLast: [Int]
    private let firstMask: [UInt64], lastMask: [UInt64]
    /// Per leader, the periods (up to 64) in which they have any start at all: a quick filter.
    private let anyStart: [UInt64]
    /// Per leader, their starts of every week folded onto one week (quarter hour `q` of the
    /// programme lands on `q mod 672`): two leaders with no common bit here never share a start.
    private let weekFold: [UInt64]
    private static let foldWords = 11
    /// The periods considered: those not wholly closed and not over before `notBefore`.
    let periodCount: Int

    init(programme: Programme, leaders: [Leader], notBefore: Date? = nil) {
        let utc = TimeZone(identifier: "UTC")!
        let origin = programme.start.adding(days: -1).instant(minutes: 0, in: utc)
        let quarters = (programme.end.dayNumber - programme.start.dayNumber + 3) * 96
        let words = (quarters + 63) / 64
        self.words = words
        let sessions = programme.sessions
        let length = max(1, Int((Double(sessions.duration) / Self.quarter).rounded(.up)))
        let step = max(1, Int((Double(max(60, sessions.granularity)) / Self.quarter).rounded(.up)))
        let buffer = TimeInterval(sessions.buffer)
        let earliest = notBefore.map { Int(($0.timeIntervalSince(origin) / Self.quarter).rounded(.up)) } ?? 0
        @Sendable func index(_ d: Date, up: Bool) -> Int {
            let q = d.timeIntervalSince(origin) / Self.quarter
            return min(quarters, max(0, Int(up ? q.rounded(.up) : q.rounded(.down))))
        }

        // Starts off the `granularity` grid are masked out; the grid is aligned to the epoch.
        var gridMask: [UInt64]?
        if step > 1 {
            let originQuarter = Int(origin.timeIntervalSince1970 / Self.quarter)
            gridMask = (0..<words).map { w in
                var mask: UInt64 = 0
                for b in 0..<64 where (originQuarter + w * 64 + b) % step == 0 { mask |= 1 << UInt64(b) }
                return mask
            }
        }
        let grid = gridMask
        var bits = [UInt64](repeating: 0, count: leaders.count * words)
        let chunks = max(1, min(8, leaders.count / 32))
        bits.withUnsafeMutableBufferPointer { out in
            let out = UnsafeSendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var free = [UInt64](repeating: 0, count: words)
                for i in stride(from: chunk, to: leaders.count, by: chunks) {
                    for w in free.indices { free[w] = 0 }
                    let a = LeaderAvailability(leader: leaders[i], programme: programme)
                    let days = programme.start.dayNumber...programme.end.dayNumber
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
                    // A start is usable when the `length` quarter hours from it are all free:
                    // AND in the free bits shifted down by 1, 2, … length-1 quarter hours.
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

        var first: [Int] = [], last: [Int] = [], firstMask: [UInt64] = [], lastMask: [UInt64] = []
        for p in programme.periods(sessions.cadence) where !programme.isWhollyClosed(p) {
            let from = max(index(p.first.instant(minutes: 0, in: programme.timeZone), up: true), earliest)
            let to = index(p.last.adding(days: 1).instant(minutes: 0, in: programme.timeZone), up: true)
            guard from < to else { continue }
            first.append(from / 64)
            last.append((to - 1) / 64)
            firstMask.append(~UInt64(0) << UInt64(from % 64))
            lastMask.append(to % 64 == 0 ? ~UInt64(0) : ~(~UInt64(0) << UInt64(to % 64)))
        }
        (periodFirst, periodLast, self.firstMask, self.lastMask) = (first, last, firstMask, lastMask)
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
        var fold = [UInt64](repeating: 0, count: leaders.count * Self.foldWords)
        for i in leaders.indices {
            for w in 0..<words {
                var word = bits[i * words + w]
                while word != 0 {
                    let b = word.trailingZeroBitCount
                    word &= word - 1
                    let q = (w * 64 + b) % 672
                    fold[i * Self.foldWords + q / 64] |= 1 << UInt64(q % 64)
                }
            }
        }
        self.weekFold = fold
    }

    /// A quick necessary condition for ``periodsInCommon(_:_:)`` to be above zero: some weekday and
    /// time at which both can start a session in some week.
    func mayMeet(_ a: Int, _ b: Int) -> Bool {
        let x = a * Self.foldWords, y = b * Self.foldWords
        for w in 0..<Self.foldWords where weekFold[x + w] & weekFold[y + w] != 0 { return true }
        return false
    }

    /// Sets or clears quarter hours `[from, to)`.
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

    /// The number of periods in which leaders `a` and `b` (indices into the `leaders` given) could
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
}

/// Lets parallel workers write disjoint slots of one buffer.
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}
