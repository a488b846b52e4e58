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
public protocol DeliveryChannel: Sendable {
    /// A short name for logs ("maildir /var/outbox").
    var name: String { get }
    /// Delivers one reminder, throwing ``DeliveryError`` when it should be retried.
    func deliver(_ reminder: StoredReminder) throws(DeliveryError) -> DeliveryOutcome
    /// Delivers several reminders, one result each in order; channels that can share work (one disk sync) override it.
    func deliver(batch: [StoredReminder]) -> [Result<DeliveryOutcome, DeliveryError>]
    /// Whether ``deliver(batch:)`` is worth calling with many reminders. At-least-once channels say no,
    /// so that each delivery is marked at once and a crash repeats at most one.
    var batches: Bool { get }
}

extension DeliveryChannel {
    public var batches: Bool { false }

    public func deliver(batch: [StoredReminder]) -> [Result<DeliveryOutcome, DeliveryError>] {
        batch.map { r in Result { () throws(DeliveryError) in try deliver(r) } }
    }
}
