import Foundation
import TandemCore

/// Builds the channel a programme's `delivery` section asks for.
public enum DeliveryChannels {
    /// The configured channel; `.badInput` naming programme.yaml when its settings are incomplete.
    public static func make(for programme: Programme, clock: any ReminderClock = SystemClock()) throws(TandemError) -> any DeliveryChannel {
        let d = programme.delivery
        func missing(_ key: String, _ fix: String) -> TandemError {
            .badInput([InputProblem(file: programme.sourceFile, message: "delivery.channel \(d.channel.rawValue) needs delivery.\(key).", fix: fix)])
        }
        switch d.channel {
        case .console:
            return ConsoleChannel(from: programme.coordinator, clock: clock)
        case .maildir:
            guard let path = d.path else { throw missing("path", "Add path: with the maildir folder.") }
            return MaildirChannel(path: path, from: programme.coordinator, clock: clock)
        case .sendmail:
            guard let command = d.command else { throw missing("command", "Add command: such as \"/usr/sbin/sendmail -t -i\" or \"msmtp -t\".") }
            return SendmailChannel(command: command, from: programme.coordinator, clock: clock)
        case .webhook:
            guard let text = d.url, let url = URL(string: text) else { throw missing("url", "Add url: with the incoming-webhook address.") }
            return WebhookChannel(url: url)
        }
    }
}
