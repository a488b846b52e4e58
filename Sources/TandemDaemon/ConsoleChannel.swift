public import Foundation
public import TandemCore

/// Prints each reminder as a message on standard output (for trying things out).
public final class ConsoleChannel: DeliveryChannel, Sendable {
    public let from: Programme.Person
    private let clock: any ReminderClock
    private let write: @Sendable (String) -> Void
    public var name: String { "console" }

    public init(from: Programme.Person, clock: any ReminderClock,
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.from = from
        self.clock = clock
        self.write = write
    }

    public func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome {
        write("──── \(reminder.kindName) \(reminder.key)\n" + MailMessage(from: from, reminder: reminder, date: clock.now()).text + "\n")
        return .delivered
    }
}
