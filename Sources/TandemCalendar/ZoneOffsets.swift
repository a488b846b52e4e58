import Foundation

/// UTC offsets of one zone over a span of years, looked up by binary search.
///
/// `TimeZone.secondsFromGMT(for:)` goes through ICU's calendar on Linux and costs about a
/// microsecond; the writer needs two or more per event. The transitions of the span are
/// fetched once from Foundation (so the answers are exactly Foundation's), and instants outside
/// the span fall back to Foundation.
struct ZoneOffsets {
    let zone: TimeZone
    private let lower: Int
    private let upper: Int
    /// Offset in force before the first transition.
    private let initial: Int
    /// (instant, offset from that instant on), ascending.
    private let transitions: [(at: Int, offset: Int)]

    /// Covers [from, to) (seconds since 1970) and a little either side.
    init(zone: TimeZone, from: Int, to: Int) {
        self.zone = zone
        lower = from - 86_400
        upper = to + 86_400
        initial = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(lower)))
        var list: [(Int, Int)] = []
        var cursor = Date(timeIntervalSince1970: Double(lower))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < Double(upper) {
            list.append((Int(next.timeIntervalSince1970.rounded(.down)), zone.secondsFromGMT(for: next)))
            cursor = next
            if list.count > 10_000 { break }
        }
        transitions = list
    }

    /// Seconds east of UTC at `seconds` since 1970.
    func offset(at seconds: Int) -> Int {
        guard seconds >= lower && seconds < upper else {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        var lo = 0
        var hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid].at <= seconds { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initial : transitions[lo - 1].offset
    }

    /// The instant (seconds since 1970) of a wall-clock time (local time read as if UTC) in this
    /// zone: a repeated hour gives its first occurrence (RFC 5545 §3.3.5), a skipped one moves
    /// forward by the gap.
    func instant(wall naive: Int) -> Int {
        // The offsets in force a day either side; real zones change at most once in between.
        let before = offset(at: naive - 86_400), after = offset(at: naive + 86_400)
        if before == after { return naive - before }
        let tBefore = naive - before, tAfter = naive - after
        switch (offset(at: tBefore) == before, offset(at: tAfter) == after) {
        case (true, true): return min(tBefore, tAfter)
        case (true, false): return tBefore
        case (false, true): return tAfter
        case (false, false): return tBefore
        }
    }

    /// Wall-clock seconds (local time read as if UTC) of `date`, whole seconds.
    func wallSeconds(_ date: Date) -> Int {
        let secs = Int(date.timeIntervalSince1970.rounded(.down))
        return secs + offset(at: secs)
    }
}

extension ZoneOffsets {
    /// One table per zone for 2000–2060, built on first use and shared by every thread.
    static func shared(_ zone: TimeZone) -> ZoneOffsets {
        let id = zone.identifier
        cacheLock.lock()
        defer { cacheLock.unlock() }
        // Most calls ask for the zone asked for last: skip the hash.
        if let last, last.zone.identifier == id { return last }
        if let hit = cache[id] {
            last = hit
            return hit
        }
        // 2000-01-01 … 2060-01-01.
        let table = ZoneOffsets(zone: zone, from: 946_684_800, to: 2_840_140_800)
        cache[id] = table
        last = table
        return table
    }

    nonisolated(unsafe) private static var cache: [String: ZoneOffsets] = [:]
    nonisolated(unsafe) private static var last: ZoneOffsets?
    private static let cacheLock = NSLock()
}
