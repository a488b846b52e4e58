import Synchronization

/// An asynchronous one-at-a-time gate: ``enter()`` suspends (without holding a thread) while another
/// task is inside, and ``leave()`` hands the gate to the longest waiter.
///
/// The loop holds it for a whole tick, across the awaited deliveries, which a `Mutex` must never be.
final class TickGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    /// Waits until the gate is free and takes it.
    func enter() async {
        let entered = state.withLock { s -> Bool in
            guard !s.busy else { return false }
            s.busy = true
            return true
        }
        if entered { return }
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                guard s.busy else {
                    s.busy = true
                    return true
                }
                s.waiters.append(turn)
                return false
            }
            if now { turn.resume() }
        }
    }

    /// Gives the gate to the next waiter, or frees it.
    func leave() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.waiters.isEmpty else {
                s.busy = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
