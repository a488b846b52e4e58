public import Foundation

/// How failed deliveries are retried: exponential backoff, capped, for as long as the reminder is useful.
///
/// A before-reminder is useful until its meeting starts, an invitation until its meeting ends, a check-in
/// or survey for ``retryFor`` after its due time (`reminders.retry_for`, default 2 days). After that the
/// reminder is `failed`; `tandem reminders retry --failed` re-queues it by hand.
public struct RetryPolicy: Hashable, Sendable {
    /// Delay before the second attempt, in seconds.
    public var initialDelay: TimeInterval
    /// Upper bound on any one delay, in seconds (default 30 min).
    public var maximumDelay: TimeInterval
    /// Total attempts, the first included, when limited; nil retries for as long as the reminder is useful.
    public var maximumAttempts: Int?
    /// How long after its due time a check-in or survey is still worth retrying, in seconds.
    public var retryFor: TimeInterval
    /// Whether retries stop once the reminder is no longer useful (off only for a delivery cancelled by shutdown).
    public var untilUseful = true

    public init(initialDelay: TimeInterval = 30, maximumDelay: TimeInterval = 1_800, maximumAttempts: Int? = nil,
                retryFor: TimeInterval = 2 * 86_400) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.retryFor = retryFor
    }

    /// The wait after attempt number `attempts` (1-based) failed, or nil when the attempt limit (if any) is reached.
    public func delay(afterAttempt attempts: Int) -> TimeInterval? {
        if let maximumAttempts, attempts >= maximumAttempts { return nil }
        return min(maximumDelay, initialDelay * pow(2, Double(min(attempts - 1, 40))))
    }

    /// When to try again after attempt number `attempts` failed at `now`, or nil when the reminder has
    /// failed for good: the attempt limit is reached, or the retry would not come before `usefulUntil`
    /// (the last retry is moved earlier to a minute before it rather than dropped).
    public func nextAttempt(afterAttempt attempts: Int, now: Date, usefulUntil: Date) -> Date? {
        guard let delay = delay(afterAttempt: attempts) else { return nil }
        guard untilUseful else { return now.addingTimeInterval(delay) }
        let next = min(now.addingTimeInterval(delay), usefulUntil.addingTimeInterval(-60))
        return next > now ? next : nil
    }
}
