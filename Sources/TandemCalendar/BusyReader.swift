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
    /// Lines skipped or read with a caveat.
    var warnings: [InputProblem] = []
    let collector = SpanCollector()

    init(scan: ICalendarScan, from: Date, to: Date, floatingZone: TimeZone) {
        self.scan = scan
        // Nothing is read outside 1900…2200 (a programme "from year 1" stays bounded).
        self.from = max(from, Date(timeIntervalSince1970: -2_208_988_800))
        self.to = min(to, Date(timeIntervalSince1970: 7_258_118_400))
        self.floatingZone = floatingZone
    }

    func error(_ line: Int?, _ message: String) -> InputProblem {
        InputProblem(file: scan.file, line: line, message: message)
    }

    mutating func warn(_ line: Int?, _ message: String) {
        warnings.append(InputProblem(file: scan.file, line: line, message: message))
    }

    /// The line of property `name` in the `ordinal`-th VEVENT (or the BEGIN line).
    func eventLine(_ ordinal: Int, _ name: String) -> Int? {
        let component = scan.component("VEVENT", ordinal: ordinal)
        return component.flatMap { scan.propertyLine(in: $0, name: name) } ?? component?.beginLine
    }

    mutating func read(_ text: String) throws(InputProblem) -> [BusyInterval] {
        Libical.resetZoneCache()
        // Only the lines busy time reads; or the String's own NUL-terminated UTF-8 (no copy of a
        // multi-megabyte file), past the BOM, when that is all of them.
        let parsed = scan.libicalText().map { text in
            text.withUnsafeBufferPointer { icalparser_parse_string(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }
        } ?? text.withCString { icalparser_parse_string($0 + scan.bomLength) }
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
            let all = Libical.children(of: calendar, kind: ICAL_VEVENT_COMPONENT)
            let events = latestVersions(all, firstOrdinal: veventOrdinal)
            // RECURRENCE-ID overrides: the occurrence of the master they name is replaced by the
            // override itself (or by nothing, if the override is cancelled or transparent).
            var replaced: [String: Set<Int>] = [:]
            // The same by the day the RECURRENCE-ID names, for all-day series whose overrides
            // carry a DATE-TIME RECURRENCE-ID (raw of that day at 00:00).
            var replacedDays: [String: Set<Int>] = [:]
            var future: [String: [FutureOverride]] = [:]
            for case (let event?, _) in events {
                guard let rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY),
                      let uid = icalcomponent_get_uid(event),
                      let raw = Libical.rawTime(of: rid, in: event)
                else { continue }
                let key = String(cString: uid)
                replaced[key, default: []].insert(raw)
                let written = icalproperty_get_recurrenceid(rid)
                let day = LocalDate(year: Int(written.year), month: Int(written.month), day: Int(written.day))
                replacedDays[key, default: []].insert(day.dayNumber * 86_400)
                if let range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER),
                   icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE {
                    future[key, default: []].append(FutureOverride(recurrenceID: raw, event: event))
                }
            }
            for (event, ordinal) in events {
                guard let event else { veventOrdinal += 1; _ = ordinal; continue }
                var suppressed: Set<Int> = []
                var later: [FutureOverride] = []
                if !replaced.isEmpty,
                   icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) == nil,
                   let uid = icalcomponent_get_uid(event) {
                    let key = String(cString: uid)
                    suppressed = replaced[key] ?? []
                    if Libical.dtstart(of: event).is_date != 0 { suppressed.formUnion(replacedDays[key] ?? []) }
                    later = (future[key] ?? []).sorted { $0.recurrenceID < $1.recurrenceID }
                }
                try expand(event, ordinal: veventOrdinal, suppressed: suppressed, future: later)
                veventOrdinal += 1
            }
            _ = all
            for freebusy in Libical.children(of: calendar, kind: ICAL_VFREEBUSY_COMPONENT) {
                readFreeBusy(freebusy)
            }
        }
        // Hand the array over without keeping a second reference, so sorting does not copy it.
        defer { intervals = [] }
        return intervals
    }

    /// The VEVENTs of one calendar with their ordinals; a version superseded by another with the
    /// same UID and RECURRENCE-ID and a higher SEQUENCE (then a later DTSTAMP/LAST-MODIFIED) is
    /// nil, with a warning.
    mutating func latestVersions(_ events: [OpaquePointer], firstOrdinal: Int) -> [(OpaquePointer?, Int)] {
        var result: [(OpaquePointer?, Int)] = events.enumerated().map { ($0.element, firstOrdinal + $0.offset) }
        guard events.count > 1 else { return result }
        struct Version { var index: Int; var sequence: Int; var event: OpaquePointer }
        func stamp(_ event: OpaquePointer) -> Int {
            var stamp = 0
            for kind in [ICAL_LASTMODIFIED_PROPERTY, ICAL_DTSTAMP_PROPERTY] {
                if let p = icalcomponent_get_first_property(event, kind) {
                    let t = Libical.datetime(of: p, in: event)
                    if !Libical.isNull(t) { stamp = max(stamp, Libical.raw(t)) }
                }
            }
            return stamp
        }
        var best: [VersionKey: Version] = [:]
        best.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            guard let uid = icalcomponent_get_uid(event) else { continue }
            let rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY).flatMap { Libical.rawTime(of: $0, in: event) }
            let key = VersionKey(uid: uid, recurrenceID: rid)
            let v = Version(index: index, sequence: Int(icalcomponent_get_sequence(event)), event: event)
            guard let old = best[key] else { best[key] = v; continue }
            let newer = (v.sequence, stamp(v.event)) > (old.sequence, stamp(old.event))
            let (keep, drop) = newer ? (v, old) : (old, v)
            best[key] = keep
            result[drop.index].0 = nil
            let dropLine = scan.component("VEVENT", ordinal: firstOrdinal + drop.index)?.beginLine
            let keepLine = scan.component("VEVENT", ordinal: firstOrdinal + keep.index)?.beginLine
            warn(dropLine, "dropped an older version of event \(String(cString: uid)) (SEQUENCE \(drop.sequence)); the version at line \(keepLine.map(String.init) ?? "?") (SEQUENCE \(keep.sequence)) is read")
        }
        return result
    }

    /// UID and RECURRENCE-ID of a VEVENT, hashed and compared in libical's own bytes (no String
    /// per event). Valid while the parsed tree is.
    struct VersionKey: Hashable {
        let uid: UnsafePointer<CChar>
        let recurrenceID: Int?

        static func == (a: VersionKey, b: VersionKey) -> Bool {
            a.recurrenceID == b.recurrenceID && strcmp(a.uid, b.uid) == 0
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(bytes: UnsafeRawBufferPointer(start: uid, count: strlen(uid)))
            hasher.combine(recurrenceID)
        }
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

    /// A `RECURRENCE-ID;RANGE=THISANDFUTURE` override: it moves every later occurrence of its
    /// series by the same shift, with its own length (RFC 5545 §3.8.4.4).
    struct FutureOverride {
        var recurrenceID: Int
        var event: OpaquePointer
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
