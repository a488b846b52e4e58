import Foundation

/// What one delivery attempt achieved.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The message went out now.
    case delivered
    /// An earlier attempt had already delivered it (found in the maildir); nothing was sent again.
    case alreadyDelivered
}

/// A delivery attempt failed; the loop retries with backoff.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Somewhere reminders go: console, maildir, sendmail or webhook.
///
/// Deliveries are `async`: a channel that waits (for an HTTP answer, for a child process) suspends
/// instead of holding a thread, and a cancelled task (shutdown past its timeout) ends the wait early
/// with a ``DeliveryError``, so the reminder is retried by the next run.
public protocol DeliveryChannel: Sendable {
    /// A short name for logs ("maildir /var/outbox").
    var name: String { get }
    /// Delivers one reminder, throwing ``DeliveryError`` when it should be retried.
    func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome
    /// Delivers several reminders, one result each in order; channels that can share work (one disk sync) override it.
    func deliver(batch: [StoredReminder]) async -> [Result<DeliveryOutcome, DeliveryError>]
    /// Whether ``deliver(batch:)`` is worth calling with many reminders. At-least-once channels say no,
    /// so that each delivery is marked at once and a crash repeats at most one.
    var batches: Bool { get }
}

extension DeliveryChannel {
    public var batches: Bool { false }

    public func deliver(batch: [StoredReminder]) async -> [Result<DeliveryOutcome, DeliveryError>] {
        var results: [Result<DeliveryOutcome, DeliveryError>] = []
        results.reserveCapacity(batch.count)
        for r in batch {
            do {
                results.append(.success(try await deliver(r)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }
}
