public import Foundation
public import TandemCalendar

/// A whole mentoring programme, loaded and validated once, then trusted by every later stage.
public struct Programme: Sendable {
    public var id: String
    public var name: String
    public var timeZone: TimeZone
    public var start: LocalDate
    /// Last day of the programme (inclusive).
    public var end: LocalDate
    public var coordinator: Person
    public var leaders: [Leader] { didSet { leaderIndex = Self.index(leaders) } }
    /// Position in `leaders` per leader id (the first, should an id repeat), kept with `leaders`.
    private var leaderIndex: [String: Int]
    /// Days and intervals closed for everyone.
    public var closures: Closures
    /// Extra closures per school name.
    public var schoolClosures: [String: Closures]
    /// Busy intervals per leader id, from `<calendars>/<leader-id>.ics`.
    public var busy: [String: [BusyInterval]]
    public var sessions: Sessions
    public var groups: [Group]
    public var limits: Limits
    public var matching: Matching
    public var reminders: Reminders
    public var delivery: Delivery
    /// `delivery.replies`: the maildir (absolute path) of the coordinator's incoming mail, where the
    /// daemon reads attendees' iMIP REPLYs; nil when not configured.
    public var replies: String? = nil
    /// `delivery.rate`: invitation messages per minute at most, so a big programme doesn't trip a relay's limits.
    public var deliveryRate: Int = Programme.defaultDeliveryRate
    /// `delivery.invitations`: whether the daemon sends the schedule's iMIP invitations (default on).
    public var sendsInvitations = true
    /// The programme.yaml the programme came from.
    public var sourceFile: String

    public init(
        id: String, name: String, timeZone: TimeZone, start: LocalDate, end: LocalDate,
        coordinator: Person, leaders: [Leader], closures: Closures = Closures(),
        schoolClosures: [String: Closures] = [:], busy: [String: [BusyInterval]] = [:],
        sessions: Sessions = Sessions(), groups: [Group] = [], limits: Limits = Limits(),
        matching: Matching = Matching(), reminders: Reminders = Reminders(),
        delivery: Delivery = Delivery(), sourceFile: String = "programme.yaml"
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.start = start
        self.end = end
        self.coordinator = coordinator
        self.leaders = leaders
        self.leaderIndex = Self.index(leaders)
        self.closures = closures
        self.schoolClosures = schoolClosures
        self.busy = busy
        self.sessions = sessions
        self.groups = groups
        self.limits = limits
        self.matching = matching
        self.reminders = reminders
        self.delivery = delivery
        self.sourceFile = sourceFile
    }

    /// Invitations per minute when programme.yaml sets no `delivery.rate`.
    public static let defaultDeliveryRate = 60

    /// The leader with this id: a dictionary look-up, as it is called per event and per meeting.
    public func leader(_ id: String) -> Leader? { leaderIndex[id].map { leaders[$0] } }

    private static func index(_ leaders: [Leader]) -> [String: Int] {
        Dictionary(leaders.indices.map { (leaders[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension Programme {
    /// A named person with an email address: the coordinator.
    public struct Person: Hashable, Sendable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// Days and intervals on which nobody meets.
    public struct Closures: Hashable, Sendable {
        /// Whole local days closed (in each attendee's own zone).
        public var days: Set<LocalDate>
        /// Closed instants (timed events of a closure calendar), with the reason shown to users.
        public var intervals: [BusyInterval]
        /// Why each closed day is closed ("Christmas holidays", "Bank holiday: Easter Monday").
        public var reasons: [LocalDate: String]

        public init(days: Set<LocalDate> = [], intervals: [BusyInterval] = [], reasons: [LocalDate: String] = [:]) {
            self.days = days
            self.intervals = intervals
            self.reasons = reasons
        }

        public mutating func close(_ day: LocalDate, because reason: String) {
            days.insert(day)
            if reasons[day] == nil { reasons[day] = reason }
        }

        public mutating func merge(_ other: Closures) {
            for day in other.days.sorted() { close(day, because: other.reasons[day] ?? "closed") }
            intervals.append(contentsOf: other.intervals)
        }
    }

    /// How often something happens: the length of one scheduling period.
    public enum Cadence: Hashable, Sendable, CustomStringConvertible {
        case weeks(Int)
        case monthly

        public var description: String {
            switch self {
            case .weeks(1): return "weekly"
            case .weeks(2): return "fortnightly"
            case .weeks(let n): return "every \(n) weeks"
            case .monthly: return "monthly"
            }
        }
    }

    /// The one-to-one mentoring sessions of each pair.
    public struct Sessions: Hashable, Sendable {
        public var cadence: Cadence = .weeks(2)
        /// At most this many per pair; nil means one per open period.
        public var count: Int?
        /// Seconds.
        public var duration: Int = 3600
        /// Seconds kept free around every meeting.
        public var buffer: Int = 900
        /// Seconds; start times are whole multiples of this since 00:00 UTC (the same grid in every
        /// zone whose offset is a multiple of it, e.g. quarter hours everywhere Tandem is used).
        public var granularity: Int = 900
        /// Seconds; nothing is placed earlier than now + notice.
        public var notice: Int = 2 * 86_400
        public var location: String?

        public init() {}
    }

    /// A peer-network or community-of-practice group that meets on its own cadence.
    public struct Group: Hashable, Sendable {
        public enum Members: Hashable, Sendable {
            case all, mentors, mentees
            case ids([String])
        }

        public var name: String
        public var members: Members
        public var facilitator: String?
        public var cadence: Cadence
        public var duration: Int
        public var minAttendance: Double

        public init(name: String, members: Members, facilitator: String?, cadence: Cadence, duration: Int, minAttendance: Double) {
            self.name = name
            self.members = members
            self.facilitator = facilitator
            self.cadence = cadence
            self.duration = duration
            self.minAttendance = minAttendance
        }
    }

    public struct Limits: Hashable, Sendable {
        public var perLeaderPerDay: Int = 1
        public var perLeaderPerWeek: Int = 3
        public init() {}
    }

    public struct Matching: Hashable, Sendable {
        public var capacity: Int = 2
        public var avoidSameSchool: Bool = true
        public var weights = Weights()

        public struct Weights: Hashable, Sendable {
            public var goals: Double = 3
            public var phase: Double = 2
            public var availability: Double = 2
            public var experience: Double = 1
            public init() {}
        }

        public init() {}
    }

    public struct Reminders: Hashable, Sendable {
        /// Seconds before each meeting.
        public var before: [Int] = [86_400, 3_600]
        /// Seconds after each session; nil for no check-in.
        public var checkinAfter: Int? = 7 * 86_400
        public var survey: Survey?
        /// Seconds after the programme's end; nil for no end-of-programme survey.
        public var endSurveyAfter: Int?
        /// Local quiet hours, minutes past midnight (start may be after end: it wraps midnight).
        public var quietHours: (start: Int, end: Int)?
        /// Seconds after its due time that a failed check-in or survey is still retried (`reminders.retry_for`).
        /// A before-reminder is retried until its meeting starts, an invitation until its meeting ends.
        public var retryFor: Int = 2 * 86_400

        public struct Survey: Hashable, Sendable {
            public var after: Int
            public var every: Int
            public var link: String
            public init(after: Int, every: Int, link: String) {
                self.after = after
                self.every = every
                self.link = link
            }
        }

        public init() {}

        public static func == (a: Reminders, b: Reminders) -> Bool {
            a.before == b.before && a.checkinAfter == b.checkinAfter && a.survey == b.survey
                && a.endSurveyAfter == b.endSurveyAfter && a.quietHours?.start == b.quietHours?.start
                && a.quietHours?.end == b.quietHours?.end && a.retryFor == b.retryFor
        }

        public func hash(into h: inout Hasher) {
            h.combine(before)
            h.combine(checkinAfter)
            h.combine(survey)
            h.combine(endSurveyAfter)
            h.combine(quietHours?.start)
            h.combine(quietHours?.end)
            h.combine(retryFor)
        }
    }

    /// Where reminders go, complete and checked when programme.yaml is loaded.
    public enum Delivery: Hashable, Sendable {
        /// Printed on standard output (the default).
        case console
        /// Written exactly once into the maildir at this absolute path.
        case maildir(path: String)
        /// Piped to this shell command (`/usr/sbin/sendmail -t -i`, `msmtp -t`).
        case sendmail(command: String)
        /// POSTed as JSON to this http(s) address.
        case webhook(URL)

        /// The names `delivery.channel` accepts.
        public enum Channel: String, Hashable, Sendable, CaseIterable {
            case console, maildir, sendmail, webhook
        }

        /// The default: console.
        public init() { self = .console }

        public var channel: Channel {
            switch self {
            case .console: .console
            case .maildir: .maildir
            case .sendmail: .sendmail
            case .webhook: .webhook
            }
        }

        /// The maildir folder, for `.maildir`.
        public var path: String? {
            if case .maildir(let path) = self { return path }
            return nil
        }
    }
}
