import CLibical
import Foundation

/// Walking parsed libical trees. Call only under the libical lock.
///
/// libical's `get_first_*`/`get_next_*` keep one iterator inside the parent, so nested walks of
/// the same parent corrupt each other; these helpers copy the children into an array first.
/// The pointers stay owned by their parent: never free them.
enum Libical {
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
    static func raw(_ t: icaltimetype) -> Int {
        Int(icaltime_as_timet_with_zone(t, t.zone ?? icaltimezone_get_utc_timezone()))
    }

    /// `raw` of a DATE or DATE-TIME property, with its TZID resolved the way libical resolves
    /// DTSTART (own VTIMEZONE, then built-in zones). Nil when the property has no time.
    static func rawTime(of property: OpaquePointer, in component: OpaquePointer) -> Int? {
        let t = icalproperty_get_datetime_with_component(property, component)
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
