import Foundation
import TandemCore
import TandemCalendar

/// A synthetic leader's busy calendar: a few weekly and fortnightly series with EXDATEs, evening
/// governors' meetings, whole-day events and the odd one-off, steered so that a chosen share of
/// the leader's availability windows (30–70%) is busy over the programme.
///
/// Busy time is tracked on the 15-minute grid of the leader's own wall clock, which is how the
/// calendar reader expands the events again (recurrences keep their local time across DST).
struct BusyDiary {
    /// One VEVENT, in local wall time of the leader's zone.
    struct Event {
        var uid: String
        var summary: String
        var location: String?
        var first: LocalDate
        /// Minutes past local midnight.
        var start: Int
        var end: Int
        /// nil for a single event.
        var intervalWeeks: Int?
        var last: LocalDate?
        var exceptions: [LocalDate] = []
        var status: CalendarEvent.Status = .confirmed

        /// The days it happens on (exceptions removed).
        var days: [LocalDate] {
            guard let intervalWeeks, let last else { return [first] }
            return stride(from: first.dayNumber, through: last.dayNumber, by: 7 * intervalWeeks)
                .map { LocalDate(dayNumber: $0) }.filter { !exceptions.contains($0) }
        }
    }

    static let cell = 15

    let windows: [WeeklyWindow]
    /// For each window: the day number of its first day in the programme, its days and its cells.
    private let firstDay: [Int]
    private let occurrences: [Int]
    private let cells: [Int]
    private var mask: [[Bool]]
    private(set) var busyCells = 0
    let totalCells: Int
    private(set) var events: [Event] = []

    init(windows: [WeeklyWindow]) {
        self.windows = windows
        var firstDay: [Int] = [], occurrences: [Int] = [], cells: [Int] = []
        for w in windows {
            let first = SchoolYear.days.first { $0.isoWeekday == w.weekday }!
            firstDay.append(first.dayNumber)
            occurrences.append((SchoolYear.end.dayNumber - first.dayNumber) / 7 + 1)
            cells.append((w.end - w.start) / Self.cell)
        }
        self.firstDay = firstDay
        self.occurrences = occurrences
        self.cells = cells
        mask = windows.indices.map { [Bool](repeating: false, count: occurrences[$0] * cells[$0]) }
        totalCells = windows.indices.reduce(0) { $0 + occurrences[$1] * cells[$1] }
    }

    var fraction: Double { totalCells == 0 ? 0 : Double(busyCells) / Double(totalCells) }

    /// Visits the window cells `[start, end)` covers on `day`.
    private func forCells(day: LocalDate, start: Int, end: Int, _ body: (Int, Int) -> Void) {
        for (i, w) in windows.enumerated() where w.weekday == day.isoWeekday && start < w.end && end > w.start {
            let occurrence = (day.dayNumber - firstDay[i]) / 7
            guard day.dayNumber >= firstDay[i], occurrence < occurrences[i] else { continue }
            let lo = max(0, (start - w.start) / Self.cell)
            let hi = min(cells[i], (end - w.start + Self.cell - 1) / Self.cell)
            for c in lo..<max(lo, hi) { body(i, occurrence * cells[i] + c) }
        }
    }

    /// Window cells the event would newly make busy.
    func gain(_ event: Event) -> Int {
        guard event.status != .cancelled else { return 0 }
        var n = 0
        for day in event.days {
            forCells(day: day, start: event.start, end: event.end) { i, c in if !mask[i][c] { n += 1 } }
        }
        return n
    }

    mutating func add(_ event: Event) {
        if event.status != .cancelled {
            for day in event.days {
                var marks: [(Int, Int)] = []
                forCells(day: day, start: event.start, end: event.end) { i, c in marks.append((i, c)) }
                for (i, c) in marks where !mask[i][c] {
                    mask[i][c] = true
                    busyCells += 1
                }
            }
        }
        events.append(event)
    }

    /// Free cells as (day, minute) starts, in programme order; with a `margin`, only cells that
    /// many cells away from busy ones (inside the window).
    func freeCells(margin: Int = 0) -> [(day: LocalDate, minute: Int)] {
        var out: [(LocalDate, Int)] = []
        for (i, w) in windows.enumerated() {
            for o in 0..<occurrences[i] {
                let base = o * cells[i]
                cell: for c in 0..<cells[i] {
                    for k in max(0, c - margin)...min(cells[i] - 1, c + margin) where mask[i][base + k] { continue cell }
                    out.append((LocalDate(dayNumber: firstDay[i] + 7 * o), w.start + c * Self.cell))
                }
            }
        }
        return out
    }
}

extension BusyDiary {
    static let morningSeries = ["Staff briefing", "SLT breakfast meeting", "Safeguarding huddle", "Breakfast club duty",
                                "Early-morning line management"]
    static let daySeries = ["Senior leadership team meeting", "Pupil progress meeting", "Line management: deputy head",
                            "Curriculum planning", "SENCo catch-up", "Data review", "After-school club", "Parent drop-in",
                            "Trust heads’ meeting", "Finance committee prep", "Behaviour panel", "Coaching: ECTs"]
    static let wholeDays = ["Trust leadership conference", "Ofsted inspection", "Year 6 residential trip", "NPQH training day",
                            "Headteachers’ conference", "Moderation day", "Exam board training", "Local authority audit"]
    static let locations = ["Head’s office", "Staff room", "Microsoft Teams", "Conference room", "Library", "Trust office", "Zoom"]

    /// A whole diary for one leader: the events and the share of window time they fill.
    static func make(windows: [WeeklyWindow], english: Bool, domain: String, rng: inout SplitMix64) -> BusyDiary {
        var diary = BusyDiary(windows: windows)
        let target = 0.37 + 0.20 * rng.unit()
        func uid() -> String {
            let hex = String(rng.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex + "@" + domain
        }
        func location() -> String? { rng.chance(0.5) ? rng.pick(locations) : nil }
        let termDays = SchoolYear.days.filter { $0.isoWeekday <= 5 && !(english && SchoolYear.isClosed($0)) }

        // Governors' (or board) meetings: one evening each half term, 18:00-20:00.
        let halfTerm = max(1, termDays.count / 6)
        for k in 0..<6 where rng.chance(0.9) {
            let day = termDays[min(termDays.count - 1, k * halfTerm + rng.below(halfTerm))]
            let summary = english ? rng.pick(["Full governing body meeting", "Governors: resources committee", "Governors: curriculum committee"])
                : "Board of governors"
            diary.add(Event(uid: uid(), summary: summary, location: location(), first: day, start: 18 * 60, end: 20 * 60))
        }
        // Whole-day events: conferences, an inspection, a trip (08:00-18:00).
        for _ in 0..<rng.int(2...4) {
            let day = rng.pick(termDays)
            diary.add(Event(uid: uid(), summary: rng.pick(wholeDays), location: location(), first: day, start: 8 * 60, end: 18 * 60))
        }
        // A parents' evening now and then.
        if rng.chance(0.6) {
            let day = rng.pick(termDays)
            diary.add(Event(uid: uid(), summary: "Parents’ evening", location: "School hall", first: day, start: 15 * 60 + 45, end: 19 * 60 + 30))
        }
        // A cancelled meeting: free time, as the reader must see it.
        if rng.chance(0.3), let w = windows.first {
            let day = termDays.first { $0.isoWeekday == w.weekday } ?? SchoolYear.start
            diary.add(Event(uid: uid(), summary: "Cancelled: " + rng.pick(daySeries), location: nil, first: day,
                            start: w.start, end: min(w.end, w.start + 60), status: .cancelled))
        }

        // Recurring series until the target is reached, none overshooting it by much.
        var attempts = 0
        var series = 0
        while diary.fraction < target - 0.04 && attempts < 80 && series < 8 && !windows.isEmpty {
            attempts += 1
            let w = rng.pick(windows)
            // Standing meetings fill a whole window (Monday is SLT day) or sit at one end of it,
            // leaving the rest of the window in one piece, as real diaries tend to.
            var start = w.start - cell * rng.int(0...2)
            var end: Int
            switch rng.weighted([0.5, 0.25, 0.25]) {
            case 0: end = w.end + cell * rng.int(0...1)
            case 1: end = start + rng.pick([30, 45, 60, 60, 75, 90])
            default:
                end = w.end + cell * rng.int(0...1)
                start = end - rng.pick([30, 45, 60, 60, 75, 90])
            }
            start = max(6 * 60, start)
            end = min(23 * 60 + 45, max(end, start + 30))
            let interval = rng.chance(0.6) ? 1 : 2
            var first = SchoolYear.days.first { $0.isoWeekday == w.weekday }!
            if interval == 2 && rng.chance(0.5) { first = first.adding(days: 7) }
            if rng.chance(0.15) { first = first.adding(days: 7 * interval * rng.int(1...4)) }
            let last = first.adding(days: (SchoolYear.end.dayNumber - first.dayNumber) / (7 * interval) * 7 * interval)
            var event = Event(uid: "", summary: rng.pick(start < 12 * 60 && english ? morningSeries : daySeries), location: location(),
                              first: first, start: start, end: end, intervalWeeks: interval, last: last)
            let all = event.days
            var exceptions = english ? all.filter(SchoolYear.isClosed) : []
            for _ in 0..<rng.int(0...2) { exceptions.append(rng.pick(all)) }
            event.exceptions = Array(Set(exceptions)).sorted()
            if rng.chance(0.15) { event.status = .tentative }
            let gain = diary.gain(event)
            guard gain > 0, Double(diary.busyCells + gain) / Double(diary.totalCells) <= target + 0.04 else { continue }
            event.uid = uid()
            diary.add(event)
            series += 1
        }

        // Top up with one-off hour-long meetings if the series could not get there.
        if diary.fraction < target - 0.04 {
            var free = diary.freeCells()
            rng.shuffle(&free)
            for (day, minute) in free where diary.fraction < target - 0.04 {
                let event = Event(uid: "", summary: rng.pick(daySeries), location: location(), first: day, start: minute, end: minute + 60)
                guard diary.gain(event) > 0 else { continue }
                var withUID = event
                withUID.uid = uid()
                diary.add(withUID)
            }
        }
        return diary
    }

    /// The diary as a calendar document in `zone` (all times written with the leader's TZID).
    func document(name: String, zone: TimeZone) -> CalendarDocument {
        let tzid = zone.identifier
        let events = events.map { e -> CalendarEvent in
            let recurrence = e.intervalWeeks.map { interval in
                WeeklyRecurrence(intervalWeeks: interval, until: e.last!.instant(minutes: e.start, in: zone),
                                 exceptions: e.exceptions.map { $0.instant(minutes: e.start, in: zone) })
            }
            return CalendarEvent(uid: e.uid, start: e.first.instant(minutes: e.start, in: zone), end: e.first.instant(minutes: e.end, in: zone),
                                 timeZone: tzid, summary: e.summary, location: e.location, status: e.status, recurrence: recurrence)
        }
        return CalendarDocument(method: .publish, name: name, events: events)
    }
}
