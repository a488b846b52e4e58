import CLibical
import Foundation

/// Walking parsed libical trees. Call only under the libical lock.
///
/// libical's `get_first_*`/`get_next_*` keep one iterator inside the parent, so nested walks of
/// the same parent corrupt each other; these helpers copy the children into an array first.
/// The pointers stay owned by their parent: never free them.
enum Libical {
    /// The first property of each kind the busy reading asks about, found in one walk of the
    /// event's properties (libical's `get_first_property` walks the whole list for each kind).
    struct FirstProperties {
        var status, transp, dtstart, dtend, duration, recurrenceID, summary, rrule, rdate, exdate: OpaquePointer?

        init(of event: OpaquePointer) {
            var property = icalcomponent_get_first_property(event, ICAL_ANY_PROPERTY)
            while let p = property {
                switch icalproperty_isa(p) {
                case ICAL_STATUS_PROPERTY: if status == nil { status = p }
                case ICAL_TRANSP_PROPERTY: if transp == nil { transp = p }
                case ICAL_DTSTART_PROPERTY: if dtstart == nil { dtstart = p }
                case ICAL_DTEND_PROPERTY: if dtend == nil { dtend = p }
                case ICAL_DURATION_PROPERTY: if duration == nil { duration = p }
                case ICAL_RECURRENCEID_PROPERTY: if recurrenceID == nil { recurrenceID = p }
                case ICAL_SUMMARY_PROPERTY: if summary == nil { summary = p }
                case ICAL_RRULE_PROPERTY: if rrule == nil { rrule = p }
                case ICAL_RDATE_PROPERTY: if rdate == nil { rdate = p }
                case ICAL_EXDATE_PROPERTY: if exdate == nil { exdate = p }
                default: break
                }
                property = icalcomponent_get_next_property(event, ICAL_ANY_PROPERTY)
            }
        }
    }

    /// `icaltime_is_null_time` as a Bool.
    @inline(__always)
    static func isNull(_ t: icaltimetype) -> Bool { icaltime_is_null_time(t) != 0 }

    static func children(of component: OpaquePointer, kind: icalcomponent_kind) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = icalcomponent_get_first_component(component, kind)
        while let c = child {
            result.append(c)
            child = icalcomponent_get_next_component(component, kind)
        }
        return result
    }

    static func properties(of component: OpaquePointer, kind: icalproperty_kind) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var prop = icalcomponent_get_first_property(component, kind)
        while let p = prop {
            result.append(p)
            prop = icalcomponent_get_next_property(component, kind)
        }
        return result
    }

    /// Seconds since 1970 of `t`: an absolute instant when it has a zone (UTC included); the wall
    /// time read as if UTC when floating; midnight UTC of the day for a DATE. This is the same
    /// convention `icalcomponent_foreach_recurrence` uses for its spans, so values compare.
    ///
    /// A wall time in an IANA (or Windows-named) zone follows RFC 5545 §3.3.5, not libical: in a
    /// repeated autumn hour it is the first occurrence, in a skipped spring hour it moves forward
    /// by the gap. Zones only a file's VTIMEZONE defines keep libical's reading.
    static func raw(_ t: icaltimetype) -> Int {
        if let zone = t.zone, t.is_date == 0, icaltime_is_utc(t) == 0, let tz = ianaZone(zone) {
            return instant(wall: LibicalValues.wallSeconds(t), in: tz)
        }
        return Int(icaltime_as_timet_with_zone(t, t.zone ?? icaltimezone_get_utc_timezone()))
    }

    /// The instant (seconds since 1970) of a wall time in `zone`, by `LocalDate.instant`'s rules.
    static func instant(wall: Int, in zone: TimeZone) -> Int {
        instant(wall: wall, in: ZoneOffsets.shared(zone))
    }

    /// The same from the zone's table: the whole minute by the table's rules, then its seconds.
    static func instant(wall: Int, in table: ZoneOffsets) -> Int {
        let seconds = wall - LibicalValues.floorDiv(wall, 60) * 60
        return table.instant(wall: wall - seconds) + seconds
    }

    /// Foundation zones of the libical zones seen in the current read. Only touched under the
    /// libical lock, and emptied at the start of each read (zones of a freed calendar may reuse
    /// an address).
    nonisolated(unsafe) private static var ianaZones: [Int: TimeZone?] = [:]

    /// libical zones by (calendar root, TZID) for the current read: libical resolves a TZID it
    /// finds in no VTIMEZONE by a linear scan with `strcmp` over its 600 built-in zones, for
    /// every property it is asked about. Same lifetime rules as `ianaZones`.
    nonisolated(unsafe) private static var tzidZones: [ZoneKey: OpaquePointer?] = [:]
    private struct ZoneKey: Hashable { var root: Int; var tzid: String }

    static func resetZoneCache() {
        ianaZones.removeAll(keepingCapacity: true)
        tzidZones.removeAll(keepingCapacity: true)
    }

    /// `icalcomponent_get_dtstart` of a VEVENT, with its TZID resolved through the same cache.
    static func dtstart(of event: OpaquePointer) -> icaltimetype {
        guard let p = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY) else { return icaltime_null_time() }
        return datetime(of: p, in: event)
    }

    /// `icalproperty_get_datetime_with_component`, with each TZID resolved once per read.
    ///
    /// As libical: a UTC value is returned as is; a TZID is looked up in the VTIMEZONEs of the
    /// component and its ancestors, then among the built-in zones; an unknown TZID leaves the
    /// time without a zone. Values that are not DATE or DATE-TIME go to libical itself.
    static func datetime(of property: OpaquePointer, in component: OpaquePointer) -> icaltimetype {
        guard let value = icalproperty_get_value(property) else { return icaltime_null_time() }
        let kind = icalvalue_isa(value)
        guard kind == ICAL_DATETIME_VALUE || kind == ICAL_DATE_VALUE else {
            return icalproperty_get_datetime_with_component(property, component)
        }
        var t = icalvalue_get_datetimedate(value)
        if icaltime_is_utc(t) != 0 { return t }
        guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
              let name = icalparameter_get_tzid(parameter) else { return t }
        var root = component
        while let parent = icalcomponent_get_parent(root) { root = parent }
        let key = ZoneKey(root: Int(bitPattern: UnsafeRawPointer(root)), tzid: String(cString: name))
        let zone: OpaquePointer?
        if let hit = tzidZones[key] {
            zone = hit
        } else {
            var found: OpaquePointer?
            var c: OpaquePointer? = component
            while let current = c, found == nil {
                found = icalcomponent_get_timezone(current, name)
                c = icalcomponent_get_parent(current)
            }
            if found == nil { found = icaltimezone_get_builtin_timezone_from_tzid(name) }
            if found == nil, isSafeLocation(key.tzid) { found = icaltimezone_get_builtin_timezone(name) }
            tzidZones[key] = .some(found)
            zone = found
        }
        if let zone { t = icaltime_set_timezone(&t, zone) }
        return t
    }

    /// The Foundation zone a libical zone stands for, when its TZID names an IANA or Windows zone.
    static func ianaZone(_ zone: OpaquePointer) -> TimeZone? {
        let key = Int(bitPattern: UnsafeRawPointer(zone))
        if let hit = ianaZones[key] { return hit }
        let tzid = icaltimezone_get_tzid(zone).map { String(cString: $0) } ?? ""
        let tz = BusyReader.ianaName(for: tzid).flatMap { TimeZone(identifier: $0) }
        ianaZones[key] = .some(tz)
        return tz
    }

    /// `raw` of a DATE or DATE-TIME property, with its TZID resolved the way libical resolves
    /// DTSTART (own VTIMEZONE, then built-in zones). Nil when the property has no time.
    static func rawTime(of property: OpaquePointer, in component: OpaquePointer) -> Int? {
        let t = datetime(of: property, in: component)
        return Libical.isNull(t) ? nil : raw(t)
    }

    /// The zone a TZID names, as libical resolves it: the calendar's own VTIMEZONE, then a
    /// built-in zone (which also accepts libical's `/freeassociation.sourceforge.net/` prefix).
    static func zone(tzid: String, calendar: OpaquePointer?) -> OpaquePointer? {
        if let calendar, let tz = icalcomponent_get_timezone(calendar, tzid) { return tz }
        if let tz = icaltimezone_get_builtin_timezone_from_tzid(tzid) { return tz }
        guard isSafeLocation(tzid) else { return nil }
        return icaltimezone_get_builtin_timezone(tzid)
    }

    /// Whether `tzid` may be handed to `icaltimezone_get_builtin_timezone`, which falls back to
    /// opening `/usr/share/zoneinfo/<tzid>`: only plain IANA-style names, no path tricks.
    static func isSafeLocation(_ tzid: String) -> Bool {
        !tzid.isEmpty && !tzid.hasPrefix("/") && !tzid.contains("..")
            && tzid.utf8.allSatisfy { b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                    || b == 0x2F || b == 0x5F || b == 0x2D || b == 0x2B
            }
    }
}
