public import Dispatch
public import Foundation
import Synchronization

/// One wall-clock `DispatchSourceTimer` (`DispatchWallTime`), so a suspended machine or a clock jump
/// fires due work at once instead of drifting as a monotonic timer would.
///
/// The Dispatch event handler only records the fire in an `AsyncStream` (buffering the newest one);
/// one task awaits the async handler for each fire in turn, so a fire never blocks a Dispatch thread
/// and handlers never overlap. The source lives inside the `Mutex` with its flags, which is what
/// makes the class `Sendable` without an unchecked promise (`DispatchSourceTimer` is not `Sendable`).
public final class DispatchWallTimer: WakeTimer, Sendable {
    private struct State {
        let source: any DispatchSourceTimer
        var resumed = false
        var cancelled = false
        var consumer: Task<Void, Never>?
    }
    private let state: Mutex<State>
    private let fires: AsyncStream<Void>
    private let fired: AsyncStream<Void>.Continuation

    public init(queue: DispatchQueue = DispatchQueue(label: "tandem.reminder-timer")) {
        let (fires, fired) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.fires = fires
        self.fired = fired
        let source = DispatchSource.makeTimerSource(flags: [], queue: queue)
        source.setEventHandler { fired.yield() }
        state = Mutex(State(source: source))
    }

    public func setHandler(_ handler: @escaping @Sendable () async -> Void) {
        let fires = self.fires
        state.withLock { state in
            precondition(state.consumer == nil, "DispatchWallTimer.setHandler is called once")
            guard !state.cancelled else { return }
            state.consumer = Task {
                for await _ in fires { await handler() }
            }
        }
    }

    public func arm(at deadline: Date) {
        state.withLock { state in
            guard !state.cancelled else { return }
            let t = deadline.timeIntervalSince1970
            let seconds = Int(t.rounded(.down))
            let nanos = Int((t - Double(seconds)) * 1_000_000_000)
            let wall = DispatchWallTime(timespec: timespec(tv_sec: seconds, tv_nsec: nanos))
            state.source.schedule(wallDeadline: wall, repeating: .never, leeway: .milliseconds(10))
            if !state.resumed {
                state.resumed = true
                state.source.resume()
            }
        }
    }

    deinit {
        // Dispatch traps when a never-resumed source is released: cancel (which resumes) first.
        cancel()
        state.withLock { $0.consumer?.cancel() }
    }

    public func cancel() {
        state.withLock { state in
            guard !state.cancelled else { return }
            state.cancelled = true
            if !state.resumed { state.source.resume() }
            state.source.cancel()
        }
        // The consumer finishes the handler in flight, if any, and ends.
        fired.finish()
    }
}
