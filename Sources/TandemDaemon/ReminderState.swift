/// Where a stored reminder is in its life: pending → claimed → sent | failed | missed | cancelled.
public enum ReminderState: String, Sendable, CaseIterable, Codable {
    /// Waiting for its due time (or its next retry).
    case pending
    /// Taken by the loop for delivery; back to pending if the daemon stops before marking it.
    case claimed
    /// Delivered (or found already delivered in the maildir).
    case sent
    /// Delivery failed on every attempt up to the retry limit.
    case failed
    /// Fell due while the daemon was down, longer ago than the grace window.
    case missed
    /// Its meeting (or the recipient's part in it) vanished from the schedule.
    case cancelled
}
