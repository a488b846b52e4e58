public import Foundation

/// One head teacher or senior leader on the programme's roster.
public struct Leader: Hashable, Sendable {
    /// What the leader is on the programme for.
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case mentor, mentee, both

        public var canMentor: Bool { self != .mentee }
        public var canBeMentored: Bool { self != .mentor }
    }

    public var id: String
    public var name: String
    public var email: String
    public var role: Role
    public var school: String
    public var trust: String
    public var phase: String
    /// IANA zone of the leader's wall-clock times (the programme's zone when the roster leaves it empty).
    public var timeZone: TimeZone
    /// When the leader can meet, in their own zone.
    public var availability: [WeeklyWindow]
    public var expertise: [String]
    public var goals: [String]
    public var years: Int?
    /// Mentees this mentor can take; nil means the programme default.
    public var capacity: Int?
    /// Leader ids never to pair with.
    public var avoid: [String]
    /// A fixed mentor for this mentee.
    public var pair: String?
    /// The roster line the leader came from, for messages.
    public var line: Int

    public init(
        id: String, name: String, email: String, role: Role, school: String = "", trust: String = "",
        phase: String = "", timeZone: TimeZone, availability: [WeeklyWindow], expertise: [String] = [],
        goals: [String] = [], years: Int? = nil, capacity: Int? = nil, avoid: [String] = [],
        pair: String? = nil, line: Int = 0
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.school = school
        self.trust = trust
        self.phase = phase
        self.timeZone = timeZone
        self.availability = availability
        self.expertise = expertise
        self.goals = goals
        self.years = years
        self.capacity = capacity
        self.avoid = avoid
        self.pair = pair
        self.line = line
    }
}

/// A weekly window in a leader's own zone, e.g. `Tue 15:45-17:30`.
public struct WeeklyWindow: Hashable, Sendable, CustomStringConvertible {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// Minutes past local midnight.
    public var start: Int
    public var end: Int

    public init(weekday: Int, start: Int, end: Int) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }

    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    public var description: String {
        String(format: "%@ %02d:%02d-%02d:%02d", WeeklyWindow.dayNames[weekday - 1], start / 60, start % 60, end / 60, end % 60)
    }
}
