public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server on 127.0.0.1 for tests of the sendmail channel: Python's `aiosmtpd`
/// (`Tests/Oracle/smtp_sink.py`, from the venv), storing every message it accepts in a maildir.
///
/// Started by ``start(maildir:)`` and stopped by ``stop()`` (SIGTERM, then the process is reaped), so
/// a test owns the whole mail path: `tandem daemon` → `msmtp` → SMTP → this sink.
public final class SMTPSink: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// Where accepted messages land (`new/`).
    public let maildir: String
    private let process: Process

    private init(port: Int, maildir: String, process: Process) {
        self.port = port
        self.maildir = maildir
        self.process = process
    }

    /// Starts the sink and waits (at most 20 s) until it listens.
    public static func start(maildir: String) throws -> SMTPSink {
        let p = Process()
        p.executableURL = try Oracle.python()
        p.arguments = [TestSupport.packageRoot.appendingPathComponent("Tests/Oracle/smtp_sink.py").path, maildir]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        try p.run()
        // The first line is the port, printed once the server accepts connections.
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        let handle = out.fileHandleForReading
        while Date() < deadline, !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            p.terminate()
            p.waitUntilExit()
            throw Oracle.Unavailable(description: "smtp_sink.py did not start (is aiosmtpd in the venv? run .ci/setup)")
        }
        return SMTPSink(port: port, maildir: maildir, process: p)
    }

    /// The messages received so far (file names in `new/`).
    public var received: [String] { (try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? [] }

    /// A sendmail-compatible command that delivers to this sink through the Debian `msmtp`.
    public func msmtpCommand(from: String) -> String {
        "msmtp -C /dev/null --host=127.0.0.1 --port=\(port) --auth=off --tls=off --from=\(from) -t"
    }

    /// Stops the server and waits for it to exit.
    public func stop() {
        // Never hang a test run on the sink: SIGKILL when it has not gone within 5 s.
        _ = process.stop(within: 5)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
