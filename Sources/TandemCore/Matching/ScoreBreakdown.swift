import Foundation

/// How well a mentor suits a mentee, component by component, each in 0…1.
///
/// The score is the weighted mean of the components with `matching.weights`. A component the
/// roster gives no information for (no goals, no phase, no years) is a neutral 0.5, so that a
/// missing cell neither helps nor hurts one mentor against another.
public struct ScoreBreakdown: Hashable, Sendable, Codable {
    /// The share of the mentee's goals the mentor lists as expertise.
    public var goals: Double
    /// 1 for the same phase, 0.5 when one side is all-through (or unknown), 0 otherwise.
    public var phase: Double
    /// Whether their calendars let them meet as often as the programme asks, and how much room
    /// they have: `0.8 × min(1, periodsInCommon / sessions) + 0.2 × min(1, sharedMinutes / 120)`.
    public var availability: Double
    /// The mentor's extra years of experience, saturating at ten: `clamp(gap / 10, 0, 1)`.
    public var experience: Double
    /// Minutes a week both are free: their windows overlap and neither calendar takes that time in
    /// most weeks of the programme (on an ordinary week, zones applied).
    public var sharedMinutes: Int
    /// Periods in which both could start a session at the same time, by their windows, closures
    /// and calendars (before other Tandem meetings), out of ``periods``.
    public var periodsInCommon: Int
    /// The programme's periods still open for sessions.
    public var periods: Int

    enum CodingKeys: String, CodingKey {
        case goals, phase, availability, experience
        case sharedMinutes = "shared_minutes_per_week"
        case periodsInCommon = "periods_in_common"
        case periods
    }

    public init(goals: Double, phase: Double, availability: Double, experience: Double, sharedMinutes: Int,
                periodsInCommon: Int = 0, periods: Int = 0) {
        self.goals = goals
        self.phase = phase
        self.availability = availability
        self.experience = experience
        self.sharedMinutes = sharedMinutes
        self.periodsInCommon = periodsInCommon
        self.periods = periods
    }

    /// Minutes of shared availability at which its part of the availability component is full.
    public static let fullAvailabilityMinutes = 120
    /// The share of the availability component that counts periods in common; the rest counts minutes.
    public static let periodsShare = 0.8
    /// Years of extra experience at which the experience component is full.
    public static let fullExperienceGap = 10

    /// The weighted mean of the components, in 0…1 (0 when every weight is zero).
    public func score(_ w: Programme.Matching.Weights) -> Double {
        let ws = [w.goals, w.phase, w.availability, w.experience].map { max(0, $0) }
        let total = ws.reduce(0, +)
        guard total > 0 else { return 0 }
        return (ws[0] * goals + ws[1] * phase + ws[2] * availability + ws[3] * experience) / total
    }

    /// The assignment cost: `1 - score` in units of 1/10,000, so that sums are exact and deterministic.
    static func cost(score: Double) -> Int { Int(((1 - score) * Double(costScale)).rounded()) }

    static let costScale = 10_000

    /// The values shown to people and written to JSON: three decimals.
    var rounded: ScoreBreakdown {
        ScoreBreakdown(goals: Self.round3(goals), phase: Self.round3(phase), availability: Self.round3(availability),
                       experience: Self.round3(experience), sharedMinutes: sharedMinutes,
                       periodsInCommon: periodsInCommon, periods: periods)
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}

/// Identifies a pair, for looking up its breakdown.
public struct PairKey: Hashable, Sendable, Comparable {
    public var mentor: String
    public var mentee: String

    public init(mentor: String, mentee: String) {
        self.mentor = mentor
        self.mentee = mentee
    }

    public init(_ pair: Pair) { self.init(mentor: pair.mentor, mentee: pair.mentee) }

    public static func < (a: PairKey, b: PairKey) -> Bool { (a.mentor, a.mentee) < (b.mentor, b.mentee) }
}
