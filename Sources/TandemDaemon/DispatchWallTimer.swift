import Dispatch
import Foundation

/// One wall-clock `DispatchSourceTimer` (`DispatchWallTime`), so a suspended machine or a clock jump
/// fires due work at once instead of drifting as a monotonic timer would.
public final class DispatchWallTimer: WakeTimer, @unchecked Sendable {
    private let source: any DispatchSourceTimer
    private let lock = NSLock()
    private var resumed = false
    private var cancelled = false

    public init(queue: DispatchQueue = DispatchQueue(label: "tandem.reminder-timer")) {
        source = DispatchSource.makeTimerSource(flags: [], queue: queue)
    }

    public func setHandler(_ handler: @escaping @Sendable () -> Void) {
        source.setEventHandler(handler: handler)
    }

    public func arm(at deadline: Date) {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return }
        let t = deadline.timeIntervalSince1970
        let seconds = Int(t.rounded(.down))
        let nanos = Int((t - Double(seconds)) * 1_000_000_000)
        let wall = DispatchWallTime(timespec: timespec(tv_sec: seconds, tv_nsec: nanos))
        source.schedule(wallDeadline: wall, repeating: .never, leeway: .milliseconds(10))
        if !resumed {
            resumed = true
            source.resume()
        }
    }

    deinit {
        // Dispatch traps when a never-resumed source is released: cancel (which resumes) first.
        cancel()
    }

    public func cancel() {
        lock.lock()
        defer { lock.unlock() }
        guard !cancelled else { return }
        cancelled = true
        if !resumed { source.resume() }
        source.cancel()
    }
}
