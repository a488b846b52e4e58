import CLibical
public import Foundation

/// Renders ``CalendarDocument``s as iCalendar (RFC 5545) text, every byte produced by libical.
public enum ICalendarWriter {
    /// The PRODID of every file Tandem writes.
    public static let productID = "-//Tandem//Tandem Mentoring Scheduler//EN"

    /// Renders a whole VCALENDAR. Every byte comes from libical. `stamp` is the DTSTAMP (UTC).
    ///
    /// Lines end in CRLF and are folded by libical. The same document and stamp always give the
    /// same bytes. An event whose `timeZone` is not a known zone is written in UTC (`…Z`).
    public static func render(_ document: CalendarDocument, stamp: Date) -> String {
        // Everything that only needs Foundation is prepared before taking the libical lock.
        let zones = resolveZones(document.events)
        let rules = zones.values
            .sorted { $0.tzid < $1.tzid }
            .map { ZoneRules.derive(tzid: $0.tzid, zone: $0.zone, year: $0.earliestYear) }
        // The shared tables answer exactly as Foundation does (outside their years they ask it).
        let offsets = zones.mapValues { ZoneOffsets.shared($0.zone) }

        return withLibical {
            let calendar = icalcomponent_new_vcalendar()!
            // Freeing the root frees every property, parameter and sub-component added to it.
            defer { icalcomponent_free(calendar) }

            icalcomponent_add_property(calendar, icalproperty_new_prodid(productID))
            icalcomponent_add_property(calendar, icalproperty_new_version("2.0"))
            icalcomponent_add_property(calendar, icalproperty_new_calscale("GREGORIAN"))
            icalcomponent_add_property(calendar, icalproperty_new_method(document.method.libical))
            if let name = document.name {
                // X-WR-CALNAME is TEXT (RFC 5545 §3.3.11): `,` and `;` must be escaped, or Radicale
                // cuts the name at the first comma. libical's TEXT serialiser escapes them except in
                // a value whose parent is an X property (3.0 keeps those raw, as lists), so the value
                // is detached from its property: libical then escapes it fully, and still writes no
                // VALUE= parameter. icalproperty_free frees a detached value all the same.
                let prop = icalproperty_new_x(TextSanitizer.singleLine(name))!
                icalproperty_set_x_name(prop, "X-WR-CALNAME")
                icalvalue_set_parent(icalproperty_get_value(prop), nil)
                icalcomponent_add_property(calendar, prop)
            }
            // libical puts each VTIMEZONE added *first* in the VCALENDAR (a Mozilla
            // compatibility rule), so adding them in reverse leaves them sorted by TZID.
            for rule in rules.reversed() {
                icalcomponent_add_component(calendar, rule.makeComponent())
            }
            let dtstamp = LibicalValues.utcTime(stamp)
            for event in document.events {
                icalcomponent_add_component(calendar, makeEvent(event, zone: offsets[event.timeZone], stamp: dtstamp))
            }

            // The `_r` variant hands us a buffer we own; free it with icalmemory_free_buffer.
            // (The non-`_r` variant returns ring-buffer memory that must never be freed.)
            guard let text = icalcomponent_as_ical_string_r(calendar) else { return "" }
            defer { icalmemory_free_buffer(text) }
            return String(cString: text)
        }
    }

    struct ZoneUse {
        var tzid: String
        var zone: TimeZone
        var earliestYear: Int
        /// Seconds since 1970 of the earliest and latest instant written in this zone.
        var earliest: Int
        var latest: Int
    }

    /// The zones the document's events use, each with the local year of its earliest event.
    static func resolveZones(_ events: [CalendarEvent]) -> [String: ZoneUse] {
        var uses: [String: ZoneUse] = [:]
        var unknown: Set<String> = []
        for event in events {
            let first = Int(event.start.timeIntervalSince1970.rounded(.down))
            var last = Int(event.end.timeIntervalSince1970.rounded(.up))
            if let recurrence = event.recurrence {
                last = max(last, Int(recurrence.until.timeIntervalSince1970.rounded(.up)) + (last - first))
            }
            if var use = uses[event.timeZone] {
                use.earliest = min(use.earliest, first)
                use.latest = max(use.latest, last)
                uses[event.timeZone] = use
                continue
            }
            if unknown.contains(event.timeZone) { continue }
            guard let zone = TimeZone(identifier: event.timeZone) else {
                unknown.insert(event.timeZone)
                continue
            }
            uses[event.timeZone] = ZoneUse(tzid: event.timeZone, zone: zone, earliestYear: 0, earliest: first, latest: last)
        }
        for (name, use) in uses {
            uses[name]?.earliestYear = LocalDate.local(Date(timeIntervalSince1970: Double(use.earliest)), in: use.zone).date.year
        }
        return uses
    }

    /// Builds one VEVENT. Call under the libical lock; the caller owns the returned tree.
    static func makeEvent(_ event: CalendarEvent, zone: ZoneOffsets?, stamp: icaltimetype) -> OpaquePointer {
        let vevent = icalcomponent_new_vevent()!
        let tzid = TextSanitizer.token(event.timeZone)

        /// A DATE-TIME property in the event's zone: local wall time + TZID, or UTC when the
        /// zone is unknown.
        func timeProperty(_ date: Date, _ make: (icaltimetype) -> OpaquePointer?) -> OpaquePointer {
            guard let zone else { return make(LibicalValues.utcTime(date))! }
            let prop = make(LibicalValues.wallTime(zone.wallSeconds(date)))!
            icalproperty_add_parameter(prop, icalparameter_new_tzid(tzid))
            return prop
        }

        icalcomponent_add_property(vevent, icalproperty_new_uid(TextSanitizer.token(event.uid)))
        icalcomponent_add_property(vevent, icalproperty_new_dtstamp(stamp))
        icalcomponent_add_property(vevent, timeProperty(event.start, icalproperty_new_dtstart))
        icalcomponent_add_property(vevent, timeProperty(event.end, icalproperty_new_dtend))
        if let recurrenceID = event.recurrenceID {
            icalcomponent_add_property(vevent, timeProperty(recurrenceID, icalproperty_new_recurrenceid))
        }
        if let recurrence = event.recurrence {
            // UNTIL must be UTC because DTSTART carries a TZID (RFC 5545 §3.3.10).
            // icalrecurrencetype_clear fills every BY* list with its terminator; only the plain
            // fields are set here. The struct holds no heap pointers, so nothing to free.
            var rule = icalrecurrencetype()
            icalrecurrencetype_clear(&rule)
            rule.freq = ICAL_WEEKLY_RECURRENCE
            rule.interval = Int16(clamping: max(1, recurrence.intervalWeeks))
            rule.until = LibicalValues.utcTime(recurrence.until)
            icalcomponent_add_property(vevent, icalproperty_new_rrule(rule))
            for exception in recurrence.exceptions.sorted() {
                icalcomponent_add_property(vevent, timeProperty(exception, icalproperty_new_exdate))
            }
        }
        icalcomponent_add_property(vevent, icalproperty_new_sequence(Int32(clamping: event.sequence)))
        icalcomponent_add_property(vevent, icalproperty_new_status(event.status.libical))
        icalcomponent_add_property(vevent, icalproperty_new_summary(TextSanitizer.singleLine(event.summary)))
        if let description = event.description {
            icalcomponent_add_property(vevent, icalproperty_new_description(TextSanitizer.multiLine(description)))
        }
        if let location = event.location {
            icalcomponent_add_property(vevent, icalproperty_new_location(TextSanitizer.singleLine(location)))
        }
        if let url = event.url {
            icalcomponent_add_property(vevent, icalproperty_new_url(TextSanitizer.token(url)))
        }
        for category in event.categories {
            // One property per category: libical would escape a comma inside one TEXT value.
            icalcomponent_add_property(vevent, icalproperty_new_categories(TextSanitizer.singleLine(category)))
        }
        if let organizer = event.organizer {
            let prop = icalproperty_new_organizer("mailto:" + TextSanitizer.token(organizer.email))!
            icalproperty_add_parameter(prop, icalparameter_new_cn(TextSanitizer.parameter(organizer.name)))
            icalcomponent_add_property(vevent, prop)
        }
        for attendee in event.attendees {
            let prop = icalproperty_new_attendee("mailto:" + TextSanitizer.token(attendee.email))!
            icalproperty_add_parameter(prop, icalparameter_new_cn(TextSanitizer.parameter(attendee.name)))
            icalproperty_add_parameter(prop, icalparameter_new_role(attendee.role.libical))
            icalproperty_add_parameter(prop, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION))
            icalproperty_add_parameter(prop, icalparameter_new_rsvp(ICAL_RSVP_TRUE))
            icalcomponent_add_property(vevent, prop)
        }
        for offset in event.alarmOffsets {
            let alarm = icalcomponent_new_valarm()!
            icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY))
            icalcomponent_add_property(alarm, icalproperty_new_description(TextSanitizer.singleLine(event.summary)))
            // A negative duration relative to DTSTART: "this long before the start".
            let trigger = icaltriggertype(
                time: icaltime_null_time(), duration: icaldurationtype_from_int(Int32(clamping: -abs(offset))))
            icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger))
            icalcomponent_add_component(vevent, alarm)
        }
        return vevent
    }
}

extension CalendarMethod {
    var libical: icalproperty_method {
        switch self {
        case .publish: ICAL_METHOD_PUBLISH
        case .request: ICAL_METHOD_REQUEST
        case .cancel: ICAL_METHOD_CANCEL
        }
    }
}

extension CalendarEvent.Status {
    var libical: icalproperty_status {
        switch self {
        case .confirmed: ICAL_STATUS_CONFIRMED
        case .tentative: ICAL_STATUS_TENTATIVE
        case .cancelled: ICAL_STATUS_CANCELLED
        }
    }
}

extension CalendarPerson.Role {
    var libical: icalparameter_role {
        switch self {
        case .chair: ICAL_ROLE_CHAIR
        case .required: ICAL_ROLE_REQPARTICIPANT
        case .optional: ICAL_ROLE_OPTPARTICIPANT
        }
    }
}
