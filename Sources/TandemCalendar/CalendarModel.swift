public import Foundation

/// A calendar day with no time and no zone: a term date, a closure, a programme's start.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else, including impossible days such as 2027-02-30.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        "\(Digits.padded(year, 4))-\(Digits.padded(month, 2))-\(Digits.padded(day, 2))"
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian); the basis of all date arithmetic here.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday (index 3 from Monday)
        return (w < 0 ? w + 7 : w) + 1
    }

    /// The instant at which `minutes` past midnight of this day falls in `zone`.
    ///
    /// A wall time skipped by a spring-forward change moves forward by the gap; a wall time
    /// that happens twice in autumn takes its first occurrence.
    public func instant(minutes: Int, in zone: TimeZone) -> Date {
        Date(timeIntervalSince1970: Double(ZoneOffsets.shared(zone).instant(wall: dayNumber * 86_400 + minutes * 60)))
    }

    /// The local day and minutes past midnight of `instant` in `zone`.
    public static func local(_ instant: Date, in zone: TimeZone) -> (date: LocalDate, minutes: Int) {
        let whole = Int(instant.timeIntervalSince1970.rounded(.down))
        let secs = whole + ZoneOffsets.shared(zone).offset(at: whole)
        let day = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        return (LocalDate(dayNumber: day), (secs - day * 86_400) / 60)
    }
}

/// What a calendar file is for (the VCALENDAR `METHOD`).
public enum CalendarMethod: String, Sendable {
    case publish = "PUBLISH"
    case request = "REQUEST"
    case cancel = "CANCEL"
}

/// A person named on an event: the coordinator as ORGANIZER, or a leader as ATTENDEE.
public struct CalendarPerson: Hashable, Sendable {
    public enum Role: String, Sendable {
        case chair = "CHAIR"
        case required = "REQ-PARTICIPANT"
        case optional = "OPT-PARTICIPANT"
    }

    public var name: String
    public var email: String
    public var role: Role

    public init(name: String, email: String, role: Role = .required) {
        self.name = name
        self.email = email
        self.role = role
    }
}

/// A weekly repetition of an event at the same local wall time in the event's zone.
public struct WeeklyRecurrence: Hashable, Sendable {
    /// Weeks between occurrences (1 weekly, 2 fortnightly, …).
    public var intervalWeeks: Int
    /// Start of the last occurrence (inclusive); written as a UTC `UNTIL`.
    public var until: Date
    /// Starts of occurrences the rule would produce but which do not happen; written as `EXDATE`
    /// with the same TZID as DTSTART.
    public var exceptions: [Date]

    public init(intervalWeeks: Int, until: Date, exceptions: [Date] = []) {
        self.intervalWeeks = intervalWeeks
        self.until = until
        self.exceptions = exceptions
    }
}

/// One VEVENT to write. Instants are absolute; `timeZone` says how DTSTART/DTEND are expressed.
public struct CalendarEvent: Hashable, Sendable {
    public enum Status: String, Sendable {
        case confirmed = "CONFIRMED"
        case tentative = "TENTATIVE"
        case cancelled = "CANCELLED"
    }

    public var uid: String
    public var sequence: Int
    public var start: Date
    public var end: Date
    /// IANA zone name the times are written in (`DTSTART;TZID=Europe/London:…`).
    public var timeZone: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var url: String?
    public var status: Status
    public var recurrence: WeeklyRecurrence?
    /// The start of the one occurrence of series `uid` this event is about (a moved or cancelled occurrence).
    public var recurrenceID: Date?
    public var organizer: CalendarPerson?
    public var attendees: [CalendarPerson]
    /// Display alarms, as offsets before the start in seconds (e.g. 86_400 for a day before).
    public var alarmOffsets: [Int]
    /// Extra categories (written as CATEGORIES), e.g. "Mentoring".
    public var categories: [String]

    public init(
        uid: String, sequence: Int = 0, start: Date, end: Date, timeZone: String,
        summary: String, description: String? = nil, location: String? = nil, url: String? = nil,
        status: Status = .confirmed, recurrence: WeeklyRecurrence? = nil, recurrenceID: Date? = nil,
        organizer: CalendarPerson? = nil, attendees: [CalendarPerson] = [],
        alarmOffsets: [Int] = [], categories: [String] = []
    ) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.status = status
        self.recurrence = recurrence
        self.recurrenceID = recurrenceID
        self.organizer = organizer
        self.attendees = attendees
        self.alarmOffsets = alarmOffsets
        self.categories = categories
    }
}

/// A whole VCALENDAR to write.
public struct CalendarDocument: Hashable, Sendable {
    public var method: CalendarMethod
    /// Shown by clients as the calendar's name (X-WR-CALNAME).
    public var name: String?
    public var events: [CalendarEvent]

    public init(method: CalendarMethod, name: String? = nil, events: [CalendarEvent]) {
        self.method = method
        self.name = name
        self.events = events
    }
}

/// A span of time in which a calendar's owner is not free, as the scheduler sees it.
public struct BusyInterval: Hashable, Sendable {
    public var start: Date
    public var end: Date
    public var summary: String
    /// For all-day (DATE) events: the local days blocked, `first` inclusive, `last` inclusive.
    public var allDay: ClosedRange<LocalDate>?

    public init(start: Date, end: Date, summary: String, allDay: ClosedRange<LocalDate>? = nil) {
        self.start = start
        self.end = end
        self.summary = summary
        self.allDay = allDay
    }
}

/// What one read of a calendar gives: busy intervals and warnings.
public struct CalendarReading: Sendable {
    public var intervals: [BusyInterval]
    public var warnings: [InputProblem]
}
