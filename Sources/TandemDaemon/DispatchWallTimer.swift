import Dispatch
import Foundation
import Synchronization

/// One wall-clock `DispatchSourceTimer` (`DispatchWallTime`), so a suspended machine or a clock jump
/// fires due work at once instead of drifting as a monotonic timer would.
///
/// `@unchecked Sendable` is sound: `source` is set once in `init` and Dispatch sources are thread-safe
/// (the compiler only lacks a `Sendable` annotation on `DispatchSourceTimer`); the rest is in a `Mutex`.
public final class DispatchWallTimer: WakeTimer, @unchecked Sendable {
    private let source: any DispatchSourceTimer
    private struct Flags {
        var resumed = false
        var cancelled = false
    }
    private let flags = Mutex(Flags())

    public init(queue: DispatchQueue = DispatchQueue(label: "tandem.reminder-timer")) {
        source = DispatchSource.makeTimerSource(flags: [], queue: queue)
    }

    public func setHandler(_ handler: @escaping @Sendable () -> Void) {
        source.setEventHandler(handler: handler)
    }

    public func arm(at deadline: Date) {
        flags.withLock { flags in
        guard !flags.cancelled else { return }
        let t = deadline.timeIntervalSince1970
        let seconds = Int(t.rounded(.down))
        let nanos = Int((t - Double(seconds)) * 1_000_000_000)
        let wall = DispatchWallTime(timespec: timespec(tv_sec: seconds, tv_nsec: nanos))
        source.schedule(wallDeadline: wall, repeating: .never, leeway: .milliseconds(10))
        if !flags.resumed {
            flags.resumed = true
            source.resume()
        }
        }
    }

    deinit {
        // Dispatch traps when a never-resumed source is released: cancel (which resumes) first.
        cancel()
    }

    public func cancel() {
        flags.withLock { flags in
            guard !flags.cancelled else { return }
            flags.cancelled = true
            if !flags.resumed { source.resume() }
            source.cancel()
        }
    }
}
