import Foundation
public import TandemCore

/// Builds the channel a programme's `delivery` section asks for.
public enum DeliveryChannels {
    /// The configured channel (the loader has already checked that it is complete).
    public static func make(for programme: Programme, clock: any ReminderClock) -> any DeliveryChannel {
        switch programme.delivery {
        case .console:
            return ConsoleChannel(from: programme.coordinator, clock: clock)
        case .maildir(let path):
            return MaildirChannel(path: path, from: programme.coordinator, clock: clock)
        case .sendmail(let command):
            return SendmailChannel(command: command, from: programme.coordinator, clock: clock)
        case .webhook(let url):
            return WebhookChannel(url: url)
        }
    }
}
