public import Foundation

/// Why a session could not be placed or a leader could not be matched (DESIGN §4).
public enum ReasonCode: String, Codable, Hashable, Sendable, CaseIterable {
    case noCommonAvailability = "no-common-availability"
    case closedPeriod = "closed-period"
    case calendarBusy = "calendar-busy"
    case takenByOtherMeetings = "taken-by-other-meetings"
    case limitReached = "limit-reached"
    case notice = "notice"
    case noMentorCapacity = "no-mentor-capacity"
    case excludedByRules = "excluded-by-rules"
    /// An attendee declined this occurrence by iMIP REPLY; their comment is the detail.
    case declined = "declined"

    /// A sentence for a coordinator.
    public var sentence: String {
        switch self {
        case .noCommonAvailability: return "Their availability windows never overlap in this period."
        case .closedPeriod: return "Every shared day in this period is a holiday or closure."
        case .calendarBusy: return "Their calendars are busy at every shared time in this period."
        case .takenByOtherMeetings: return "Every shared free time is already taken by their other Tandem meetings."
        case .limitReached: return "Their daily or weekly meeting limit is already reached at every shared time."
        case .notice: return "This period is too soon: it ends before now plus the notice period."
        case .noMentorCapacity: return "No compatible mentor has capacity left."
        case .excludedByRules: return "The matching rules (avoid list, same school, fixed pairs) exclude every mentor."
        case .declined: return "An attendee declined this time in reply to the invitation, so it was moved."
        }
    }
}

/// A mentor and mentee paired for the programme.
public struct Pair: Hashable, Sendable, Codable {
    public var mentor: String
    public var mentee: String
    public var score: Double
    public var why: [String]

    public init(mentor: String, mentee: String, score: Double, why: [String]) {
        self.mentor = mentor
        self.mentee = mentee
        self.score = score
        self.why = why
    }
}

/// A leader and the reason something did not happen for them, with a sentence for humans.
public struct LeaderReason: Hashable, Sendable, Codable {
    public var leader: String
    public var reason: ReasonCode
    public var detail: String

    public init(leader: String, reason: ReasonCode, detail: String) {
        self.leader = leader
        self.reason = reason
        self.detail = detail
    }
}

/// A leader left without a pair, and why.
public typealias Unmatched = LeaderReason

/// A member who cannot come to a group session, and why.
public typealias Absence = LeaderReason

/// What kind of meeting something is.
public enum MeetingKind: String, Codable, Hashable, Sendable {
    case mentoring
    case group
}

/// One placed occurrence: every occurrence is listed, even when the .ics folds a series into an RRULE.
public struct Meeting: Hashable, Sendable, Codable {
    /// Stable id of this occurrence.
    public var uid: String
    /// Stable id of the series (pair or group) it belongs to.
    public var series: String
    public var kind: MeetingKind
    public var attendees: [String]
    public var start: Date
    public var end: Date
    public var period: Int
    /// The VEVENT UID that carries this occurrence in the .ics files: its own uid, or the series UID when
    /// folded into an RRULE (after a re-plan moved a series, the moved sessions' fold: its first session's uid).
    public var icsUID: String
    public var sequence: Int
    /// Group sessions: the group's name.
    public var title: String?
    /// Group sessions: the members who cannot come, each with the reason.
    public var absent: [Absence]?
    /// Why this run moved the meeting, when an attendee's reply caused it (reason `declined`, the
    /// leader who declined, their comment as the detail); absent otherwise.
    public var change: LeaderReason?

    enum CodingKeys: String, CodingKey {
        case uid, series, kind, attendees, start, end, period
        case icsUID = "ics_uid"
        case sequence, title, absent, change
    }

    public init(uid: String, series: String, kind: MeetingKind, attendees: [String], start: Date, end: Date,
                period: Int, icsUID: String? = nil, sequence: Int = 0, title: String? = nil, absent: [Absence]? = nil) {
        self.title = title
        self.absent = absent
        self.uid = uid
        self.series = series
        self.kind = kind
        self.attendees = attendees
        self.start = start
        self.end = end
        self.period = period
        self.icsUID = icsUID ?? uid
        self.sequence = sequence
    }
}

/// A session that was wanted but could not be placed, and why.
public struct Unplaced: Hashable, Sendable, Codable {
    public var kind: MeetingKind
    public var series: String
    public var attendees: [String]
    public var period: Int
    public var reason: ReasonCode
    public var detail: String

    public init(kind: MeetingKind, series: String, attendees: [String], period: Int, reason: ReasonCode, detail: String) {
        self.kind = kind
        self.series = series
        self.attendees = attendees
        self.period = period
        self.reason = reason
        self.detail = detail
    }
}

/// Headline figures of a schedule.
public struct ScheduleSummary: Hashable, Sendable, Codable {
    /// One-to-one sessions wanted: pairs × sessions per pair.
    public var requested: Int
    public var placed: Int
    /// Pairs with fewer sessions than they should have.
    public var pairsShort: Int

    enum CodingKeys: String, CodingKey {
        case requested, placed
        case pairsShort = "pairs_short"
    }

    public init(requested: Int, placed: Int, pairsShort: Int) {
        self.requested = requested
        self.placed = placed
        self.pairsShort = pairsShort
    }
}

/// The scheduler's whole answer: what schedule.json holds.
public struct Schedule: Hashable, Sendable, Codable {
    public var programme: String
    /// One-to-one sessions each pair should get (the programme's count, at most the open periods).
    public var sessionsPerPair: Int
    public var pairs: [Pair]
    public var unmatched: [Unmatched]
    public var meetings: [Meeting]
    public var unplaced: [Unplaced]
    /// Meetings of an earlier schedule that no longer happen; each was announced with METHOD:CANCEL.
    /// Kept so that a later run knows their SEQUENCE.
    public var cancelled: [Meeting]

    public init(programme: String, sessionsPerPair: Int = 0,
                pairs: [Pair] = [], unmatched: [Unmatched] = [], meetings: [Meeting] = [], unplaced: [Unplaced] = [],
                cancelled: [Meeting] = []) {
        self.programme = programme
        self.sessionsPerPair = sessionsPerPair
        self.cancelled = cancelled
        self.pairs = pairs
        self.unmatched = unmatched
        self.meetings = meetings
        self.unplaced = unplaced
    }

    /// The headline figures, worked out from the pairs and meetings, so they always agree with them.
    public var summary: ScheduleSummary {
        var held: [[String]: Int] = [:]
        for m in meetings where m.kind == .mentoring { held[m.attendees, default: 0] += 1 }
        let short = pairs.filter { (held[[$0.mentor, $0.mentee]] ?? 0) < sessionsPerPair }.count
        return ScheduleSummary(requested: sessionsPerPair * pairs.count, placed: held.values.reduce(0, +), pairsShort: short)
    }
}

extension Schedule {
    enum CodingKeys: String, CodingKey {
        case programme, summary, pairs, unmatched, meetings, unplaced, cancelled
        case sessionsPerPair = "sessions_per_pair"
    }

    /// Reads schedule.json, including files written before `sessions_per_pair`, `summary` and
    /// `cancelled` existed: the sessions per pair then come from the summary, or failing that from
    /// the pairs' placed and unplaced sessions (a short pair has one unplaced entry per period
    /// without its session).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let programme = try c.decode(String.self, forKey: .programme)
        let pairs = try c.decode([Pair].self, forKey: .pairs)
        let meetings = try c.decode([Meeting].self, forKey: .meetings)
        let unplaced = try c.decode([Unplaced].self, forKey: .unplaced)
        var perPair = try c.decodeIfPresent(Int.self, forKey: .sessionsPerPair)
        if perPair == nil, let old = try c.decodeIfPresent(ScheduleSummary.self, forKey: .summary), !pairs.isEmpty {
            perPair = old.requested / pairs.count
        }
        if perPair == nil {
            var sessions: [[String]: Int] = [:]
            for m in meetings where m.kind == .mentoring { sessions[m.attendees, default: 0] += 1 }
            for u in unplaced where u.kind == .mentoring { sessions[u.attendees, default: 0] += 1 }
            perPair = pairs.map { sessions[[$0.mentor, $0.mentee]] ?? 0 }.max() ?? 0
        }
        self.init(
            programme: programme,
            sessionsPerPair: perPair ?? 0,
            pairs: pairs,
            unmatched: try c.decode([Unmatched].self, forKey: .unmatched),
            meetings: meetings,
            unplaced: unplaced,
            cancelled: try c.decodeIfPresent([Meeting].self, forKey: .cancelled) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(programme, forKey: .programme)
        try c.encode(summary, forKey: .summary)
        try c.encode(sessionsPerPair, forKey: .sessionsPerPair)
        try c.encode(pairs, forKey: .pairs)
        try c.encode(unmatched, forKey: .unmatched)
        try c.encode(meetings, forKey: .meetings)
        try c.encode(unplaced, forKey: .unplaced)
        try c.encode(cancelled, forKey: .cancelled)
    }
}
