public import Foundation

/// The loop's single one-shot timer: armed for one deadline at a time, re-armed after every fire.
///
/// The daemon uses ``DispatchWallTimer``; tests use a manual timer they fire themselves.
public protocol WakeTimer: AnyObject, Sendable {
    /// Sets, once, what runs when the timer fires. Fires are handled one at a time, in order; a fire
    /// that comes while the handler runs is kept (at most one) and handled after it.
    func setHandler(_ handler: @escaping @Sendable () async -> Void)
    /// Fires once at `deadline` (wall clock), replacing any earlier deadline. A past deadline fires at once.
    func arm(at deadline: Date)
    /// Stops the timer for good. A handler already running finishes; no further fire is handled.
    func cancel()
}
