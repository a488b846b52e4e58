public import Foundation

/// Where the loop reads the time: the system clock in the daemon, a manual clock in tests.
public protocol ReminderClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The real-time (wall) clock, optionally shifted by a fixed offset for demonstrations.
public struct SystemClock: ReminderClock {
    /// Seconds added to the system time.
    public var offset: TimeInterval

    public init(offset: TimeInterval = 0) { self.offset = offset }

    public func now() -> Date { Date().addingTimeInterval(offset) }
}
