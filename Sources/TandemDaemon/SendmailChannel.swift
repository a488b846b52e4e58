import Foundation
import TandemCore

/// Pipes each message to a sendmail-compatible command (`/usr/sbin/sendmail -t -i`, `msmtp -t`).
///
/// At least once: a crash between the command finishing and the mark sends it again, with the same Message-ID.
public final class SendmailChannel: DeliveryChannel, Sendable {
    /// Run with `/bin/sh -c`; it reads the message (with To: header) on standard input.
    public let command: String
    public let from: Programme.Person
    private let clock: any ReminderClock
    public var name: String { "sendmail \(command)" }

    public init(command: String, from: Programme.Person, clock: any ReminderClock = SystemClock()) {
        self.command = command
        self.from = from
        self.clock = clock
        // A command that exits without reading its input must not kill the daemon with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    public func deliver(_ reminder: StoredReminder) throws(DeliveryError) -> DeliveryOutcome {
        let message = MailMessage(from: from, reminder: reminder, date: clock.now()).text
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sendmail-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        do {
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
        } catch {
            throw DeliveryError("delivery.command \(command): cannot start (\(error.localizedDescription)).")
        }
        // A write error (the command exited early) shows up in the exit status below.
        try? input.fileHandleForWriting.write(contentsOf: Data(message.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw DeliveryError("delivery.command \(command) exited \(process.terminationStatus): \(stderr.prefix(300))")
        }
        return .delivered
    }
}
