import CLibical
import Foundation

extension BusyReader {
    /// Properties whose errors change the busy time. libical's parser drops a property it
    /// cannot read and leaves an X-LIC-ERROR in its place; for these that would silently
    /// change the answer, so it is an error. Errors elsewhere (a malformed ATTENDEE, an
    /// unknown property name) do not affect busy time and are ignored, so that real exports
    /// with harmless oddities still load.
    static let timeProperties: Set<String> = [
        "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID",
        "STATUS", "TRANSP", "FREEBUSY", "TZID", "TZOFFSETFROM", "TZOFFSETTO",
    ]

    /// Throws for the first X-LIC-ERROR that matters, with the line it came from; warns for the others.
    mutating func checkErrors(_ calendars: [OpaquePointer]) throws(InputProblem) {
        // One quick recursive count in C first: clean files (nearly all) skip the walk.
        guard calendars.contains(where: { icalcomponent_count_errors($0) > 0 }) else { return }
        var ordinals: [String: Int] = [:]
        func next(_ name: String) -> Int {
            defer { ordinals[name, default: 0] += 1 }
            return ordinals[name, default: 0]
        }
        for calendar in calendars {
            try check(calendar, name: "VCALENDAR", ordinal: next("VCALENDAR"))
            for event in Libical.children(of: calendar, kind: ICAL_VEVENT_COMPONENT) {
                try check(event, name: "VEVENT", ordinal: next("VEVENT"))
            }
            for freebusy in Libical.children(of: calendar, kind: ICAL_VFREEBUSY_COMPONENT) {
                try check(freebusy, name: "VFREEBUSY", ordinal: next("VFREEBUSY"))
            }
            for zone in Libical.children(of: calendar, kind: ICAL_VTIMEZONE_COMPONENT) {
                try check(zone, name: "VTIMEZONE", ordinal: next("VTIMEZONE"))
                for standard in Libical.children(of: zone, kind: ICAL_XSTANDARD_COMPONENT) {
                    try check(standard, name: "STANDARD", ordinal: next("STANDARD"))
                }
                for daylight in Libical.children(of: zone, kind: ICAL_XDAYLIGHT_COMPONENT) {
                    try check(daylight, name: "DAYLIGHT", ordinal: next("DAYLIGHT"))
                }
            }
        }
    }

    private mutating func check(_ component: OpaquePointer, name: String, ordinal: Int) throws(InputProblem) {
        for prop in Libical.properties(of: component, kind: ICAL_XLICERROR_PROPERTY) {
            let message = icalproperty_get_xlicerror(prop).map { String(cString: $0) } ?? "unknown error"
            var isComponentError = false
            if let param = icalproperty_get_first_parameter(prop, ICAL_XLICERRORTYPE_PARAMETER) {
                isComponentError = icalparameter_get_xlicerrortype(param) == ICAL_XLICERRORTYPE_COMPONENTPARSEERROR
            }
            let property = Self.propertyName(in: message)
            let scanned = scan.component(name, ordinal: ordinal)
            var line = scanned?.beginLine
            if let scanned, let property {
                line = scan.propertyLine(in: scanned, name: property, containing: Self.offendingText(in: message))
                    ?? scanned.beginLine
            }
            // A line with no property name at all (a broken fold of a long X- value) is one the
            // scan already skipped with a warning: libical drops it and reads the rest.
            if isComponentError && message.contains("Got a data line") { continue }
            guard isComponentError || property.map(Self.timeProperties.contains) == true else {
                warn(line, "skipped \(property ?? "a line") in \(name): libical could not read it (\(message.trimmingCharacters(in: .whitespaces)))")
                continue
            }
            let what = property.map { "\($0) in \(name)" } ?? name
            throw error(line, "\(what) could not be read (libical: \(message.trimmingCharacters(in: .whitespaces))). \(Self.hint(for: property))")
        }
    }

    /// The property libical names in "… in DTSTART property. …".
    static func propertyName(in message: String) -> String? {
        guard let suffix = message.range(of: " property"),
              let prefix = message.range(of: " in ", options: .backwards, range: message.startIndex..<suffix.lowerBound)
        else { return nil }
        let name = message[prefix.upperBound..<suffix.lowerBound]
        return name.isEmpty || name.contains(" ") ? nil : name.uppercased()
    }

    /// The text libical quotes after its last ": ".
    static func offendingText(in message: String) -> String? {
        guard let colon = message.range(of: ": ", options: .backwards) else { return nil }
        let text = message[colon.upperBound...].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text.replacingOccurrences(of: "\\;", with: ";").replacingOccurrences(of: "\\,", with: ",")
    }

    static func hint(for property: String?) -> String {
        switch property {
        case "DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID":
            "Write the time as YYYYMMDDTHHMMSS (local, with a TZID parameter), YYYYMMDDTHHMMSSZ (UTC) or YYYYMMDD with VALUE=DATE."
        case "RRULE", "EXRULE":
            "Write the rule like FREQ=WEEKLY;INTERVAL=1;UNTIL=20270716T000000Z."
        case "DURATION":
            "Write the duration like PT1H30M or P1D."
        case "FREEBUSY":
            "Write each period like 20260915T150000Z/20260915T160000Z."
        default:
            "Fix or remove that line and export the calendar again."
        }
    }

    /// Makes every TZID used in the file resolvable by libical, or throws naming the first
    /// that is not.
    ///
    /// Order: the file's own VTIMEZONE (Outlook defines "GMT Standard Time" this way), then
    /// libical's built-in zones (IANA names), then IANA names libical lacks but Foundation
    /// knows, then Windows zone names. For the last two we add a compact VTIMEZONE built from
    /// Foundation's rules to the parsed calendar, under the TZID the file uses, so libical
    /// resolves it like a zone defined in the file. The calendar owns (and frees) it.
    mutating func resolveZones(_ calendars: [OpaquePointer]) throws(InputProblem) {
        guard !scan.tzidLines.isEmpty else { return }
        var defined: [String: [(calendar: OpaquePointer, zone: OpaquePointer)]] = [:]
        for calendar in calendars {
            for zone in Libical.children(of: calendar, kind: ICAL_VTIMEZONE_COMPONENT) {
                if let tzid = icalcomponent_get_first_property(zone, ICAL_TZID_PROPERTY).flatMap(icalproperty_get_tzid) {
                    defined[String(cString: tzid), default: []].append((calendar, zone))
                }
            }
        }
        for (tzid, line) in scan.tzidLines.sorted(by: { $0.value < $1.value }) {
            let iana = Self.ianaName(for: tzid)
            if let own = defined[tzid] {
                // The file's VTIMEZONE serves only names that are neither IANA nor Windows zones:
                // exporters often write a cut-down or outdated rule set under an IANA name.
                guard iana != nil else { continue }
                for (calendar, zone) in own {
                    icalcomponent_remove_component(calendar, zone)
                    icalcomponent_free(zone)
                }
            }
            if iana == tzid, Libical.zone(tzid: tzid, calendar: nil) != nil { continue }
            guard let iana, let zone = TimeZone(identifier: iana) else {
                if Libical.zone(tzid: tzid, calendar: nil) != nil { continue }
                throw error(line, "unknown time zone TZID=\"\(tzid)\"; the file has no VTIMEZONE with that TZID and it is not an IANA zone name (like Europe/London) or a Windows zone name (like GMT Standard Time). Export the calendar again with time zone definitions included, or change the TZID to an IANA name.")
            }
            let year = LocalDate.local(from, in: zone).date.year
            let rules = ZoneRules.derive(tzid: tzid, zone: zone, year: year)
            for calendar in calendars {
                icalcomponent_add_component(calendar, rules.makeComponent())
            }
        }
    }

    /// The IANA zone a TZID names: an IANA name, a Windows name, or either behind a vendor
    /// prefix (`/mozilla.org/20070129_1/America/New_York`, `/Europe/Stockholm`).
    static func ianaName(for tzid: String) -> String? {
        func plain(_ name: String) -> String? {
            if Libical.isSafeLocation(name), name.contains("/") || name == "UTC" || name == "GMT",
               TimeZone(identifier: name) != nil { return name }
            return WindowsZones.iana(for: name)
        }
        if let name = plain(tzid) { return name }
        guard tzid.hasPrefix("/") else { return nil }
        var parts = tzid.split(separator: "/").map(String.init)
        while !parts.isEmpty {
            if let name = plain(parts.joined(separator: "/")) { return name }
            parts.removeFirst()
        }
        return nil
    }
}
