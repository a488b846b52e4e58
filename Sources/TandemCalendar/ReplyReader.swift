import CLibical
public import Foundation

/// An iTIP object as an attendee's calendar client sends it back (RFC 5546 §3.2.3), as far as Tandem
/// needs it: which event (UID, RECURRENCE-ID, SEQUENCE, DTSTAMP) and who answered what.
public struct ITIPReply: Sendable, Hashable {
    /// The calendar's METHOD, upper case (`REPLY` for a reply); nil when it has none.
    public var method: String?
    public var events: [Event]

    public init(method: String?, events: [Event]) {
        self.method = method
        self.events = events
    }

    /// One VEVENT of the reply.
    public struct Event: Sendable, Hashable {
        public var uid: String
        /// The occurrence answered; nil for the whole event (a series or a single meeting).
        public var recurrenceID: RecurrenceID?
        public var sequence: Int
        /// DTSTAMP: when the attendee's client made the reply.
        public var stamp: Date?
        public var attendees: [Attendee]
        /// The COMMENT the attendee wrote, if any.
        public var comment: String?

        public init(uid: String, recurrenceID: RecurrenceID?, sequence: Int, stamp: Date?, attendees: [Attendee], comment: String?) {
            self.uid = uid
            self.recurrenceID = recurrenceID
            self.sequence = sequence
            self.stamp = stamp
            self.attendees = attendees
            self.comment = comment
        }
    }

    /// An ATTENDEE line: the address (lower case, without `mailto:`), its PARTSTAT (upper case,
    /// `NEEDS-ACTION` when absent, as RFC 5545 defaults it) and its SENT-BY address, if any (who may
    /// send the reply for the attendee, RFC 5546 §2.1.5; normalised like the address).
    public struct Attendee: Sendable, Hashable {
        public var address: String
        public var partstat: String
        public var sentBy: String?

        public init(address: String, partstat: String, sentBy: String? = nil) {
            self.address = address
            self.partstat = partstat
            self.sentBy = sentBy
        }
    }

    /// A RECURRENCE-ID: an instant (UTC or a known zone), or a floating wall time (seconds since
    /// 1970 as if UTC) for the reader to place in the organiser's zone.
    public enum RecurrenceID: Sendable, Hashable {
        case instant(Date)
        case floating(wallSeconds: Int)
    }
}

/// Why a calendar part could not be read as an iTIP object. The text names what is wrong, never
/// what the message says (it goes into logs).
public struct ReplyReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// Reads iMIP REPLY calendar objects through libical (every call under ``withLibical``).
public enum ReplyReader {
    /// Parses one `text/calendar` part.
    ///
    /// Anything libical could not read cleanly (an `X-LIC-ERROR`, an unbalanced BEGIN/END, an event
    /// without UID or ATTENDEE, an unreadable RECURRENCE-ID or an unknown TZID) makes the whole part
    /// malformed: a reply that may have been misread must not move anyone's meeting.
    public static func read(_ text: String) -> Result<ITIPReply, ReplyReadError> {
        if let problem = structureProblem(text) { return .failure(ReplyReadError(reason: problem)) }
        return withLibical { () -> Result<ITIPReply, ReplyReadError> in
            Libical.resetZoneCache()
            guard let root = text.withCString({ icalparser_parse_string($0) }) else {
                return .failure(ReplyReadError(reason: "libical found no calendar data"))
            }
            defer { icalcomponent_free(root) }
            let calendars = icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT
                ? [root] : Libical.children(of: root, kind: ICAL_VCALENDAR_COMPONENT)
            guard calendars.count == 1, let calendar = calendars.first else {
                return .failure(ReplyReadError(reason: "expected one VCALENDAR, found \(calendars.count)"))
            }
            if !Libical.properties(of: calendar, kind: ICAL_XLICERROR_PROPERTY).isEmpty {
                return .failure(ReplyReadError(reason: "libical reported a parse error in the calendar"))
            }
            var method: String?
            if let p = icalcomponent_get_first_property(calendar, ICAL_METHOD_PROPERTY) {
                method = LibicalValues.string(icalproperty_method_to_string(icalproperty_get_method(p)))?.uppercased()
            }
            var events: [ITIPReply.Event] = []
            for (n, event) in Libical.children(of: calendar, kind: ICAL_VEVENT_COMPONENT).enumerated() {
                switch readEvent(event, calendar: calendar) {
                case .success(let e): events.append(e)
                case .failure(let error): return .failure(ReplyReadError(reason: "VEVENT \(n + 1): \(error.reason)"))
                }
            }
            guard !events.isEmpty else { return .failure(ReplyReadError(reason: "the calendar has no VEVENT")) }
            // libical drops a RECURRENCE-ID it cannot read without a word: a reply to one occurrence
            // must never be taken for a reply to the whole series.
            if events.filter({ $0.recurrenceID != nil }).count != lineCount(text, "RECURRENCE-ID") {
                return .failure(ReplyReadError(reason: "unreadable RECURRENCE-ID"))
            }
            return .success(ITIPReply(method: method, events: events))
        }
    }

    /// A cal-address as compared: without `mailto:` and surrounding quotes or spaces, lower case.
    static func calAddress(_ value: String) -> String {
        var a = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        if a.lowercased().hasPrefix("mailto:") { a = String(a.dropFirst(7)) }
        return a.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Every BEGIN has its END, in order, and the text is one VCALENDAR: libical silently closes
    /// what a truncated message leaves open.
    static func structureProblem(_ text: String) -> String? {
        var stack: [Substring] = []
        var calendars = 0
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let upper = raw.uppercased()
            if upper.hasPrefix("BEGIN:") {
                let name = Substring(upper.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                if name == "VCALENDAR" { calendars += 1 }
                stack.append(Substring(name))
            } else if upper.hasPrefix("END:") {
                let name = upper.dropFirst(4).trimmingCharacters(in: .whitespaces)
                guard stack.last.map(String.init) == name else { return "END:\(name) does not close the open component" }
                stack.removeLast()
            }
        }
        if calendars != 1 { return "expected one VCALENDAR, found \(calendars)" }
        if !stack.isEmpty { return "the calendar ends before END:\(stack.last!)" }
        return nil
    }

    /// How many content lines start with property `name` (followed by `;` or `:`).
    static func lineCount(_ text: String, _ name: String) -> Int {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).filter { line in
            let upper = line.prefix(name.count + 1).uppercased()
            return upper == name + ":" || upper == name + ";"
        }.count
    }

    /// One VEVENT. Call under the libical lock.
    private static func readEvent(_ event: OpaquePointer, calendar: OpaquePointer) -> Result<ITIPReply.Event, ReplyReadError> {
        func fail(_ reason: String) -> Result<ITIPReply.Event, ReplyReadError> { .failure(ReplyReadError(reason: reason)) }
        if !Libical.properties(of: event, kind: ICAL_XLICERROR_PROPERTY).isEmpty {
            return fail("libical reported a parse error in the event")
        }
        guard let uid = LibicalValues.string(icalcomponent_get_uid(event))?.trimmingCharacters(in: .whitespaces), !uid.isEmpty else {
            return fail("no UID")
        }
        var recurrenceID: ITIPReply.RecurrenceID?
        if let p = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) {
            let t = icalproperty_get_datetime_with_component(p, event)
            guard !Libical.isNull(t), icaltime_is_valid_time(t) != 0, (1...12).contains(t.month), (1...31).contains(t.day) else {
                return fail("unreadable RECURRENCE-ID")
            }
            let tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER).flatMap { LibicalValues.string(icalparameter_get_tzid($0)) }
            if icaltime_is_utc(t) != 0 || t.zone != nil {
                recurrenceID = .instant(Date(timeIntervalSince1970: Double(Libical.raw(t))))
            } else if let tzid {
                guard let name = BusyReader.ianaName(for: tzid), let zone = TimeZone(identifier: name) else {
                    return fail("RECURRENCE-ID has an unknown TZID")
                }
                recurrenceID = .instant(Date(timeIntervalSince1970: Double(Libical.instant(wall: LibicalValues.wallSeconds(t), in: zone))))
            } else {
                recurrenceID = .floating(wallSeconds: LibicalValues.wallSeconds(t))
            }
        }
        var stamp: Date?
        if let p = icalcomponent_get_first_property(event, ICAL_DTSTAMP_PROPERTY) {
            let t = icalproperty_get_dtstamp(p)
            if !Libical.isNull(t) { stamp = Date(timeIntervalSince1970: Double(Libical.raw(t))) }
        }
        var attendees: [ITIPReply.Attendee] = []
        for p in Libical.properties(of: event, kind: ICAL_ATTENDEE_PROPERTY) {
            guard var address = LibicalValues.string(icalproperty_get_attendee(p))?.trimmingCharacters(in: .whitespaces) else { continue }
            address = Self.calAddress(address)
            guard !address.isEmpty else { continue }
            var partstat = "NEEDS-ACTION"
            if let param = icalproperty_get_first_parameter(p, ICAL_PARTSTAT_PARAMETER) {
                switch icalparameter_get_partstat(param) {
                case ICAL_PARTSTAT_ACCEPTED: partstat = "ACCEPTED"
                case ICAL_PARTSTAT_DECLINED: partstat = "DECLINED"
                case ICAL_PARTSTAT_TENTATIVE: partstat = "TENTATIVE"
                case ICAL_PARTSTAT_NEEDSACTION: partstat = "NEEDS-ACTION"
                case ICAL_PARTSTAT_DELEGATED: partstat = "DELEGATED"
                default: partstat = "OTHER"
                }
            }
            let sentBy = icalproperty_get_first_parameter(p, ICAL_SENTBY_PARAMETER)
                .flatMap { LibicalValues.string(icalparameter_get_sentby($0)) }
                .map(Self.calAddress).flatMap { $0.isEmpty ? nil : $0 }
            attendees.append(ITIPReply.Attendee(address: address, partstat: partstat, sentBy: sentBy))
        }
        guard !attendees.isEmpty else { return fail("no ATTENDEE") }
        let comment = icalcomponent_get_first_property(event, ICAL_COMMENT_PROPERTY)
            .flatMap { LibicalValues.string(icalproperty_get_comment($0)) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .flatMap { $0.isEmpty ? nil : $0 }
        return .success(ITIPReply.Event(uid: uid, recurrenceID: recurrenceID, sequence: Int(icalcomponent_get_sequence(event)),
                                        stamp: stamp, attendees: attendees, comment: comment))
    }
}
