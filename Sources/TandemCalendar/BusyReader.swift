import CLibical
import Foundation

/// One read of one calendar file: parses with libical, checks it, expands every event.
///
/// Everything in here except `init` runs under the libical lock.
struct BusyReader {
    let scan: ICalendarScan
    let from: Date
    let to: Date
    let floatingZone: TimeZone
    /// Count TRANSP:TRANSPARENT events too (closure calendars).
    var includingFree = false
    private(set) var intervals: [BusyInterval] = []
    let collector = SpanCollector()

    init(scan: ICalendarScan, from: Date, to: Date, floatingZone: TimeZone) {
        self.scan = scan
        self.from = from
        self.to = to
        self.floatingZone = floatingZone
    }

    func error(_ line: Int?, _ message: String) -> CalendarFileError {
        CalendarFileError(file: scan.file, line: line, message: message)
    }

    mutating func read(_ text: String) throws(CalendarFileError) -> [BusyInterval] {
        // The String's own NUL-terminated UTF-8 (no copy of a multi-megabyte file), past the BOM.
        let parsed = text.withCString { icalparser_parse_string($0 + scan.bomLength) }
        guard let root = parsed else {
            throw error(1, "libical found no calendar data in this file; export the calendar again as .ics")
        }
        // We own the parsed tree; this frees it (and any VTIMEZONE we add to it) on every path.
        defer { icalcomponent_free(root) }

        let calendars = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
            ? [root] : Libical.children(of: root, kind: ICAL_VCALENDAR_COMPONENT)
        try checkErrors(calendars)
        try resolveZones(calendars)

        guard from < to else { return [] }
        intervals.reserveCapacity(scan.byName["VEVENT"]?.count ?? 0)
        var veventOrdinal = 0
        for calendar in calendars {
            let events = Libical.children(of: calendar, kind: ICAL_VEVENT_COMPONENT)
            // RECURRENCE-ID overrides: the occurrence of the master they name is replaced by the
            // override itself (or by nothing, if the override is cancelled or transparent).
            var replaced: [String: Set<Int>] = [:]
            for event in events {
                guard let rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY),
                      let uid = icalcomponent_get_uid(event),
                      let raw = Libical.rawTime(of: rid, in: event)
                else { continue }
                replaced[String(cString: uid), default: []].insert(raw)
            }
            for event in events {
                var suppressed: Set<Int> = []
                if !replaced.isEmpty,
                   icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) == nil,
                   let uid = icalcomponent_get_uid(event) {
                    suppressed = replaced[String(cString: uid)] ?? []
                }
                try expand(event, ordinal: veventOrdinal, suppressed: suppressed)
                veventOrdinal += 1
            }
            for freebusy in Libical.children(of: calendar, kind: ICAL_VFREEBUSY_COMPONENT) {
                readFreeBusy(freebusy)
            }
        }
        // Hand the array over without keeping a second reference, so sorting does not copy it.
        defer { intervals = [] }
        return intervals
    }

    // MARK: - Occurrences

    /// Adds the busy occurrence starting at `raw` (see `Libical.rawTime`).
    mutating func add(raw: Int, kind: EventTiming, summary: String) {
        let interval: BusyInterval
        switch kind {
        case .allDay(let days):
            let first = LocalDate(dayNumber: LibicalValues.floorDiv(raw, 86_400))
            let last = first.adding(days: days - 1)
            interval = BusyInterval(
                start: first.instant(minutes: 0, in: floatingZone),
                end: last.adding(days: 1).instant(minutes: 0, in: floatingZone),
                summary: summary, allDay: first...last)
        case .floating(let seconds):
            interval = BusyInterval(start: wallInstant(raw), end: wallInstant(raw + seconds), summary: summary)
        case .zoned(let seconds):
            interval = BusyInterval(
                start: Date(timeIntervalSince1970: Double(raw)),
                end: Date(timeIntervalSince1970: Double(raw + seconds)), summary: summary)
        }
        if interval.start < to && interval.end > from { intervals.append(interval) }
    }

    /// The instant of a floating wall time (seconds since 1970 as if UTC) in `floatingZone`.
    func wallInstant(_ wall: Int) -> Date {
        let day = LibicalValues.floorDiv(wall, 86_400)
        let secs = wall - day * 86_400
        return LocalDate(dayNumber: day).instant(minutes: secs / 60, in: floatingZone)
            .addingTimeInterval(Double(secs % 60))
    }

    /// How an event's times are read.
    enum EventTiming {
        /// DATE values: whole days in `floatingZone`.
        case allDay(days: Int)
        /// DATE-TIME with no zone: wall time in `floatingZone`, lasting `seconds` of wall time.
        case floating(seconds: Int)
        /// DATE-TIME in UTC or a known zone: an absolute instant.
        case zoned(seconds: Int)
    }

    private mutating func readFreeBusy(_ component: OpaquePointer) {
        for prop in Libical.properties(of: component, kind: ICAL_FREEBUSY_PROPERTY) {
            if let param = icalproperty_get_first_parameter(prop, ICAL_FBTYPE_PARAMETER),
               icalparameter_get_fbtype(param) == ICAL_FBTYPE_FREE {
                continue
            }
            let period = icalproperty_get_freebusy(prop)
            guard !Libical.isNull(period.start) else { continue }
            let start = Libical.raw(period.start)
            let end = Libical.isNull(period.end)
                ? start + Int(icaldurationtype_as_int(period.duration))
                : Libical.raw(period.end)
            guard end > start else { continue }
            let floating = period.start.zone == nil
            add(raw: start, kind: floating ? .floating(seconds: end - start) : .zoned(seconds: end - start),
                summary: "Busy")
        }
    }
}
