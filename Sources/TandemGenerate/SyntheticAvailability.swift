import TandemCore

/// Weekly availability windows of synthetic leaders, in their own zone.
///
/// Each zone's windows are chosen to overlap London's school day edges, so that most pairs
/// across zones can meet:
/// - London: after school (15:30–18:30) and often early morning (07:00–08:45);
/// - New York: late morning (09:30–13:00), which is London's after-school time;
/// - Kolkata: evening (20:00–22:30, London's late afternoon) and lunchtime (12:30–14:00, London's early morning);
/// - Sydney: early evening (16:30–19:30), which is London's early morning.
enum SyntheticAvailability {
    static func windows(zone: String, rng: inout SplitMix64) -> [WeeklyWindow] {
        var result: [WeeklyWindow] = []
        func add(days: Int, starts: [Int], lengths: ClosedRange<Int>, latestEnd: Int, avoiding used: [Int] = []) -> [Int] {
            let weekdays = rng.sample(Array(1...5).filter { !used.contains($0) }, days).sorted()
            // Leaders tend to keep one time across days: same window on each chosen day, sometimes varied.
            var start = rng.pick(starts)
            var length = rng.int(lengths) * 15
            for day in weekdays {
                if rng.chance(0.3) {
                    start = rng.pick(starts)
                    length = rng.int(lengths) * 15
                }
                result.append(WeeklyWindow(weekday: day, start: start, end: min(start + length, latestEnd)))
            }
            return weekdays
        }
        switch zone {
        case "America/New_York":
            _ = add(days: rng.int(3...4), starts: [570, 600, 630], lengths: 8...12, latestEnd: 13 * 60)
        case "Asia/Kolkata":
            let evenings = add(days: rng.int(3...4), starts: [1200, 1230], lengths: 6...10, latestEnd: 22 * 60 + 30)
            if rng.chance(0.6) { _ = add(days: 1, starts: [750, 765], lengths: 5...6, latestEnd: 14 * 60, avoiding: evenings) }
        case "Australia/Sydney":
            _ = add(days: rng.int(3...4), starts: [990, 1005, 1020], lengths: 8...12, latestEnd: 19 * 60 + 30)
        default:
            _ = add(days: rng.int(3...4), starts: [930, 945, 960, 990], lengths: 6...10, latestEnd: 18 * 60 + 30)
            if rng.chance(0.65) { _ = add(days: rng.int(1...2), starts: [420, 435, 450], lengths: 4...7, latestEnd: 8 * 60 + 45) }
        }
        return result.sorted { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
    }

    /// The roster cell: `Tue-Thu 15:45-17:30; Fri 07:30-08:30`, with runs of days sharing a time folded.
    static func cell(_ windows: [WeeklyWindow]) -> String {
        // Group by time, keep the order of first appearance, then fold consecutive days.
        var entries: [(first: Int, last: Int, start: Int, end: Int)] = []
        for w in windows.sorted(by: { ($0.start, $0.end, $0.weekday) < ($1.start, $1.end, $1.weekday) }) {
            if let last = entries.last, last.start == w.start, last.end == w.end, last.last + 1 == w.weekday {
                entries[entries.count - 1].last = w.weekday
            } else {
                entries.append((w.weekday, w.weekday, w.start, w.end))
            }
        }
        entries.sort { ($0.first, $0.start) < ($1.first, $1.start) }
        return entries.map { e in
            let days = e.first == e.last ? WeeklyWindow.dayNames[e.first - 1]
                : "\(WeeklyWindow.dayNames[e.first - 1])-\(WeeklyWindow.dayNames[e.last - 1])"
            return "\(days) \(clock(e.start))-\(clock(e.end))"
        }.joined(separator: "; ")
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }
}
