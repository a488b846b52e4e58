import Foundation

/// The loop's single one-shot timer: armed for one deadline at a time, re-armed after every fire.
///
/// The daemon uses ``DispatchWallTimer``; tests use a manual timer they fire themselves.
public protocol WakeTimer: AnyObject, Sendable {
    /// Sets what runs when the timer fires (on any thread; the loop serialises).
    func setHandler(_ handler: @escaping @Sendable () -> Void)
    /// Fires once at `deadline` (wall clock), replacing any earlier deadline. A past deadline fires at once.
    func arm(at deadline: Date)
    /// Stops the timer for good.
    func cancel()
}
