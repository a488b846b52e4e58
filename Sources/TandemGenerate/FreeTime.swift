import Foundation
import TandemCore
import TandemCalendar

/// Where a synthetic leader could meet over the programme: a bitset of UTC quarter-hours.
///
/// Used to choose fixed pairs the way a coordinator would, from people who can actually meet.
/// A slot is set when it lies in one of the leader's windows, is free in their diary with a
/// quarter-hour margin either side (the session buffer), and is not an English school closure.
struct FreeTime {
    static let slot = 15
    /// Midnight UTC the day before the programme starts (zones east of London start earlier).
    static let origin = SchoolYear.start.adding(days: -1).instant(minutes: 0, in: TimeZone(identifier: "UTC")!)
    static let slotsPerDay = 1440 / slot
    static let count = (SchoolYear.days.count + 2) * slotsPerDay
    /// Slots per fortnightly period, counted from the programme's first day.
    static let periodSlots = 14 * slotsPerDay

    var words: [UInt64]

    init(diary: BusyDiary, zone: TimeZone) {
        words = [UInt64](repeating: 0, count: (Self.count + 63) / 64)
        for (day, minute) in diary.freeCells(margin: 1) where !SchoolYear.isClosed(day) {
            let s = Int(day.instant(minutes: minute, in: zone).timeIntervalSince(Self.origin)) / (60 * Self.slot)
            if s >= 0 && s < Self.count { words[s >> 6] |= 1 << UInt64(s & 63) }
        }
    }

    /// How many fortnightly periods have a run of `length` quarter-hours free for both.
    static func periodsInCommon(_ a: FreeTime, _ b: FreeTime, length: Int = 4) -> Int {
        var periods = Set<Int>()
        var run = 0
        var last = -2
        for w in a.words.indices {
            var x = a.words[w] & b.words[w]
            while x != 0 {
                let bit = x.trailingZeroBitCount
                x &= x - 1
                let s = w * 64 + bit
                run = s == last + 1 ? run + 1 : 1
                last = s
                if run >= length { periods.insert((s - slotsPerDay) / periodSlots) }
            }
        }
        return periods.count
    }
}
