public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TandemCore

/// POSTs each reminder as JSON with an `Idempotency-Key` header.
///
/// The payload's `text` field is what Slack and Microsoft Teams incoming webhooks show; the other
/// fields are for receivers that want structure. At least once: a retry carries the same key.
public final class WebhookChannel: DeliveryChannel, Sendable {
    public let url: URL
    public let timeout: TimeInterval
    private let session: URLSession
    public var name: String { "webhook \(url.absoluteString)" }

    public init(url: URL, timeout: TimeInterval = 30) {
        self.url = url
        self.timeout = timeout
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        session = URLSession(configuration: config)
    }

    /// The JSON body for one reminder.
    public static func payload(_ r: StoredReminder) -> Data {
        struct Recipient: Encodable { var id, name, email: String }
        struct Payload: Encodable {
            var text: String
            var idempotency_key: String
            var kind: String
            var meeting: String
            var due: String
            var recipient: Recipient
            var subject: String
            var body: String
        }
        let p = Payload(text: "*\(r.subject)*\nTo: \(r.recipientName) <\(r.recipientEmail)>\n\n\(r.body)", idempotency_key: r.key,
                        kind: r.kindName, meeting: r.meeting, due: ISO8601.string(r.due),
                        recipient: Recipient(id: r.recipient, name: r.recipientName, email: r.recipientEmail),
                        subject: r.subject, body: r.body)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(p)
    }

    /// POSTs the reminder and waits for the answer without holding a thread (URLSession's async API).
    ///
    /// A cancelled task (shutdown) cancels the request; it counts as a failed attempt and is retried later.
    public func deliver(_ reminder: StoredReminder) async throws(DeliveryError) -> DeliveryOutcome {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(reminder.key, forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = WebhookChannel.payload(reminder)
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw DeliveryError("webhook \(url.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode
        guard let status, (200..<300).contains(status) else {
            throw DeliveryError("webhook \(url.absoluteString) answered HTTP \(status.map(String.init) ?? "nothing")")
        }
        return .delivered
    }
}
