public import Foundation

/// TEST ONLY: a wall clock shifted by the number of seconds written in a file, re-read on every call,
/// so that an end-to-end test can jump the running daemon's clock forwards or backwards by rewriting it.
///
/// `tandem daemon` uses it only when the environment variable `TANDEM_TEST_CLOCK_FILE` names such a
/// file (it is deliberately not a documented option: production daemons always run on the system clock).
/// A missing or unreadable file means no shift.
public struct FileOffsetClock: ReminderClock {
    public let file: String

    public init(file: String) { self.file = file }

    /// The shift now in the file, in seconds.
    public func offset() -> TimeInterval {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let seconds = TimeInterval(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return 0 }
        return seconds
    }

    public func now() -> Date { Date().addingTimeInterval(offset()) }
}

/// TEST ONLY: the daemon's wall timer driven by a ``FileOffsetClock``: a deadline on the shifted clock is
/// armed at the real instant it stands for, and never more than `longestSleep` away, so that a jump
/// written to the file is seen within that time (as the kernel's wall-clock timer sees a real jump).
public final class OffsetWallTimer: WakeTimer, Sendable {
    private let base: DispatchWallTimer
    private let clock: FileOffsetClock
    private let longestSleep: TimeInterval

    public init(clock: FileOffsetClock, longestSleep: TimeInterval = 0.5) {
        self.base = DispatchWallTimer()
        self.clock = clock
        self.longestSleep = longestSleep
    }

    public func setHandler(_ handler: @escaping @Sendable () async -> Void) { base.setHandler(handler) }

    public func arm(at deadline: Date) {
        let real = Date()
        base.arm(at: min(deadline.addingTimeInterval(-clock.offset()), real.addingTimeInterval(longestSleep)))
    }

    public func cancel() { base.cancel() }
}
