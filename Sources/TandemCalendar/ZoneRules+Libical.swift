import CLibical
import Foundation

extension ZoneRules {
    /// Builds the VTIMEZONE for these rules. Call under the libical lock.
    ///
    /// The caller owns the returned tree: add it to a parent (which then owns it) or free it
    /// with `icalcomponent_free`.
    func makeComponent() -> OpaquePointer {
        let vtz = icalcomponent_new_vtimezone()!
        icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid))
        for o in observances {
            let sub = o.isDaylight ? icalcomponent_new_xdaylight()! : icalcomponent_new_xstandard()!
            // DTSTART of an observance is a local time with no TZID (RFC 5545 §3.6.5).
            let onset = LibicalValues.wallTime(o.onsetDay.dayNumber * 86_400 + o.onsetMinutes * 60)
            icalcomponent_add_property(sub, icalproperty_new_dtstart(onset))
            icalcomponent_add_property(sub, icalproperty_new_tzoffsetfrom(Int32(o.offsetFrom)))
            icalcomponent_add_property(sub, icalproperty_new_tzoffsetto(Int32(o.offsetTo)))
            if let name = o.name.map(TextSanitizer.singleLine), !name.isEmpty {
                icalcomponent_add_property(sub, icalproperty_new_tzname(name))
            }
            if let rrule = o.rrule {
                // icalrecurrencetype_from_string returns a plain struct (no heap pointers for
                // Gregorian rules), so nothing to free here.
                icalcomponent_add_property(sub, icalproperty_new_rrule(icalrecurrencetype_from_string(rrule)))
            }
            icalcomponent_add_component(vtz, sub)
        }
        return vtz
    }
}
