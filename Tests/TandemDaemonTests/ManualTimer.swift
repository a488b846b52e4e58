import Foundation
import Synchronization
import TandemDaemon

/// A clock the test moves by hand.
final class ManualClock: ReminderClock, Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A timer that only records its deadline; the test fires it after moving the clock.
final class ManualTimer: WakeTimer, Sendable {
    private struct State {
        var handler: (@Sendable () async -> Void)?
        var deadlines: [Date] = []
        var cancelled = false
    }
    private let state = Mutex(State())

    var deadlines: [Date] { state.withLock { $0.deadlines } }
    var cancelled: Bool { state.withLock { $0.cancelled } }
    var deadline: Date? { state.withLock { $0.deadlines.last } }
    func setHandler(_ handler: @escaping @Sendable () async -> Void) { state.withLock { $0.handler = handler } }
    func arm(at deadline: Date) { state.withLock { $0.deadlines.append(deadline) } }
    func cancel() { state.withLock { $0.cancelled = true } }

    /// Moves `clock` to the armed deadline and runs the handler to its end, as the real timer would.
    func fire(_ clock: ManualClock) async {
        if let d = deadline, d > clock.now() { clock.set(d) }
        let h = state.withLock { $0.handler }
        await h?()
    }
}

/// A channel that records deliveries and fails on demand.
final class RecordingChannel: DeliveryChannel, Sendable {
    private struct State {
        var delivered: [(key: String, at: Date)] = []
        var failuresLeft = 0
    }
    private let state = Mutex(State())
    var delivered: [(key: String, at: Date)] { state.withLock { $0.delivered } }
    var failuresLeft: Int {
        get { state.withLock { $0.failuresLeft } }
        set { state.withLock { $0.failuresLeft = newValue } }
    }
    let clock: ManualClock
    var name: String { "recording" }
    init(clock: ManualClock) { self.clock = clock }

    func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome {
        let now = clock.now()
        let failed = state.withLock { s -> Bool in
            if s.failuresLeft > 0 {
                s.failuresLeft -= 1
                return true
            }
            s.delivered.append((reminder.key, now))
            return false
        }
        if failed { throw DeliveryError("HTTP 500") }
        return .delivered
    }
}
