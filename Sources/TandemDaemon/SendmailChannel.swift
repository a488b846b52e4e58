import Foundation
public import TandemCore

/// Pipes each message to a sendmail-compatible command (`/usr/sbin/sendmail -t -i`, `msmtp -t`).
///
/// At least once: a crash between the command finishing and the mark sends it again, with the same Message-ID.
public final class SendmailChannel: DeliveryChannel, Sendable {
    /// Run with `/bin/sh -c`; it reads the message (with To: header) on standard input.
    public let command: String
    public let from: Programme.Person
    private let clock: any ReminderClock
    public var name: String { "sendmail \(command)" }

    public init(command: String, from: Programme.Person, clock: any ReminderClock) {
        self.command = command
        self.from = from
        self.clock = clock
        // A command that exits without reading its input must not kill the daemon with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Runs the command and awaits its exit through its termination handler, so no thread waits for it.
    ///
    /// The message goes into the pipe from a Dispatch worker: a command that reads slowly (or not at
    /// all) blocks that worker, never a thread of the cooperative pool. A cancelled task terminates the
    /// command and everything it started; the attempt counts as failed and is retried later.
    public func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome {
        let message = Data(MailMessage(from: from, reminder: reminder, date: clock.now()).text.utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sendmail-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errorFile: FileHandle
        do {
            errorFile = try FileHandle(forWritingTo: errors)
        } catch {
            throw DeliveryError("delivery.command \(command): cannot start (\(error.localizedDescription)).")
        }
        defer { try? errorFile.close() }
        process.standardError = errorFile
        let status: Int32
        do {
            status = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (exited: CheckedContinuation<Int32, any Error>) in
                    // Set before `run()`, so an exit however quick is never missed.
                    process.terminationHandler = { exited.resume(returning: $0.terminationStatus) }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        exited.resume(throwing: error)
                        return
                    }
                    let writer = input.fileHandleForWriting
                    DispatchQueue.global().async {
                        // A write error (the command exited early) shows up in the exit status.
                        try? writer.write(contentsOf: message)
                        try? writer.close()
                    }
                }
            } onCancel: {
                // Foundation starts the command in its own process group: SIGTERM to the group reaches the
                // shell and what it runs (a shell alone would wait for its child before dying).
                if process.isRunning, process.processIdentifier > 0 { kill(-process.processIdentifier, SIGTERM) }
            }
        } catch {
            throw DeliveryError("delivery.command \(command): cannot start (\(error.localizedDescription)).")
        }
        guard status == 0 else {
            let stderr = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw DeliveryError("delivery.command \(command) exited \(status): \(stderr.prefix(300))")
        }
        return .delivered
    }
}
