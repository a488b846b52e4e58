public import Foundation

/// How failed deliveries are retried: exponential backoff up to a limit of attempts.
public struct RetryPolicy: Hashable, Sendable {
    /// Delay before the second attempt, in seconds.
    public var initialDelay: TimeInterval
    /// Upper bound on any one delay, in seconds.
    public var maximumDelay: TimeInterval
    /// Total attempts, the first included; after the last one fails the reminder is `failed`.
    public var maximumAttempts: Int

    public init(initialDelay: TimeInterval = 30, maximumDelay: TimeInterval = 3_600, maximumAttempts: Int = 6) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after attempt number `attempts` (1-based) failed, or nil when no attempt is left.
    public func delay(afterAttempt attempts: Int) -> TimeInterval? {
        guard attempts < maximumAttempts else { return nil }
        return min(maximumDelay, initialDelay * pow(2, Double(attempts - 1)))
    }
}
