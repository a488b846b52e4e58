import Foundation
import TandemCore

/// Shows progress on stderr once a run has taken more than a second: a redrawn bar on a
/// terminal, a plain line per stage (and at most one a second) otherwise.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastStage = ""
    private var lastPrint = Date.distantPast
    private var drewBar = false

    /// The handler to pass to the library, or nil when `quiet`.
    static func handler(quiet: Bool) -> (ProgressBar?, ProgressHandler?) {
        guard !quiet else { return (nil, nil) }
        let bar = ProgressBar()
        return (bar, { stage, fraction in bar.update(stage, fraction) })
    }

    func update(_ stage: String, _ fraction: Double) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(started) >= 1 else { return }
        let percent = Int((fraction * 100).rounded(.down))
        if terminal {
            guard stage != lastStage || now.timeIntervalSince(lastPrint) >= 0.1 else { return }
            let width = 30
            let filled = min(width, Int(fraction * Double(width)))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r[\(bar)] \(percent)% \(stage)\u{1B}[K")
            drewBar = true
        } else {
            guard stage != lastStage || now.timeIntervalSince(lastPrint) >= 1 else { return }
            write("\(stage): \(percent)%\n")
        }
        lastStage = stage
        lastPrint = now
    }

    /// Clears the bar before the summary is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { write("\r\u{1B}[K") }
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
