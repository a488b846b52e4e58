import Foundation
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
                        kind: r.kind.rawValue, meeting: r.meeting, due: ISO8601.string(r.due),
                        recipient: Recipient(id: r.recipient, name: r.recipientName, email: r.recipientEmail),
                        subject: r.subject, body: r.body)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(p)
    }

    /// `@unchecked Sendable` is sound: the completion handler writes it before `done.signal()` and the
    /// caller reads it only after `done.wait()`, so the semaphore orders every access.
    private final class Box: @unchecked Sendable {
        var status: Int?
        var error: (any Error)?
    }

    public func deliver(_ reminder: StoredReminder) throws(DeliveryError) -> DeliveryOutcome {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(reminder.key, forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = WebhookChannel.payload(reminder)
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { _, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error {
            throw DeliveryError("webhook \(url.absoluteString): \(error.localizedDescription)")
        }
        guard let status = box.status, (200..<300).contains(status) else {
            throw DeliveryError("webhook \(url.absoluteString) answered HTTP \(box.status.map(String.init) ?? "nothing")")
        }
        return .delivered
    }
}
