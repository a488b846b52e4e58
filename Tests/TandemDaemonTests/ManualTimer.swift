import Foundation
import TandemDaemon

/// A clock the test moves by hand.
final class ManualClock: ReminderClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    func now() -> Date { lock.withLock { current } }
    func set(_ date: Date) { lock.withLock { current = date } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A timer that only records its deadline; the test fires it after moving the clock.
final class ManualTimer: WakeTimer, @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?
    private(set) var deadlines: [Date] = []
    private(set) var cancelled = false

    var deadline: Date? { lock.withLock { deadlines.last } }
    func setHandler(_ handler: @escaping @Sendable () -> Void) { lock.withLock { self.handler = handler } }
    func arm(at deadline: Date) { lock.withLock { deadlines.append(deadline) } }
    func cancel() { lock.withLock { cancelled = true } }

    /// Moves `clock` to the armed deadline and runs the handler, as the real timer would.
    func fire(_ clock: ManualClock) {
        if let d = deadline, d > clock.now() { clock.set(d) }
        let h = lock.withLock { handler }
        h?()
    }
}

/// A channel that records deliveries and fails on demand.
final class RecordingChannel: DeliveryChannel, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var delivered: [(key: String, at: Date)] = []
    var failuresLeft = 0
    let clock: ManualClock
    var name: String { "recording" }
    init(clock: ManualClock) { self.clock = clock }

    func deliver(_ reminder: StoredReminder) throws(DeliveryError) -> DeliveryOutcome {
        lock.lock()
        defer { lock.unlock() }
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw DeliveryError("HTTP 500")
        }
        delivered.append((reminder.key, clock.now()))
        return .delivered
    }
}
