import Foundation
import TandemCore
@testable import TandemDaemon
import TandemTesting
import Testing

@Suite struct DeliveryChannelTests {
    let t0 = DaemonFixtures.t0
    let coordinator = Programme.Person(name: "Amara Okafor", email: "amara@trust.example")

    func stored(_ n: Int = 1, recipientName: String = "Siobhán O'Neill") -> StoredReminder {
        let p = DaemonFixtures.reminder(n, due: t0)
        return StoredReminder(id: Int64(n), key: p.key, kind: p.kind, meeting: p.meeting, recipient: p.recipient,
                              recipientName: recipientName, recipientEmail: p.recipientEmail, offset: p.offset, due: p.due,
                              meetingStart: p.meetingStart, state: .claimed, attempts: 0, lastError: nil, nextAttempt: p.due,
                              subject: "Mentoring with Priya Shah tomorrow at 16:00", body: p.body)
    }

    @Test func maildirWritesOneRFC5322MessageNamedByKey() async throws {
        let dir = TestSupport.temporaryFolder("maildir").appendingPathComponent("outbox").path
        let channel = MaildirChannel(path: dir, from: coordinator, clock: ManualClock(t0))
        let r = stored()
        #expect(try await channel.deliver(r) == .delivered)
        let name = MaildirChannel.fileName(forKey: r.key)
        #expect(name == "tandem.before%7Cm1%7CL001%7C3600")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/new") == [name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/tmp").isEmpty)
        let text = try String(contentsOfFile: "\(dir)/new/\(name)", encoding: .utf8)
        #expect(text.hasPrefix("Date: Mon, 14 Sep 2026 12:00:00 +0000\nFrom: \"Amara Okafor\" <amara@trust.example>\n"))
        #expect(text.contains("\nTo: =?utf-8?B?"))    // non-ASCII display name, RFC 2047
        #expect(text.contains("\nSubject: Mentoring with Priya Shah tomorrow at 16:00\n"))
        #expect(text.contains("\nMessage-ID: <tandem.before%7Cm1%7CL001%7C3600@tandem.invalid>\n"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\n"))
        #expect(text.contains("\n\nDear Leader,\n\nSession 1.\n"))
        // Exactly once: found in new/, or in cur/ with reader flags, it is not written again.
        #expect(try await channel.deliver(r) == .alreadyDelivered)
        try FileManager.default.moveItem(atPath: "\(dir)/new/\(name)", toPath: "\(dir)/cur/\(name):2,S")
        #expect(try await channel.deliver(r) == .alreadyDelivered)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/new").isEmpty)
    }

    @Test func unwritableMaildirRetriesThenFailsWhileTheLoopRuns() async throws {
        let root = TestSupport.temporaryFolder("maildir")
        let blocker = root.appendingPathComponent("outbox")
        try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)  // a file where the maildir should be
        let store = try DaemonFixtures.store()
        try store.importPlan([DaemonFixtures.reminder(1, due: t0), DaemonFixtures.reminder(2, due: t0.addingTimeInterval(600))], now: t0)
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        var config = ReminderLoop.Configuration()
        config.retry = RetryPolicy(initialDelay: 10, maximumDelay: 60, maximumAttempts: 3)
        let loop = ReminderLoop(store: store, channel: MaildirChannel(path: blocker.path, from: coordinator, clock: clock),
                                clock: clock, timer: timer, configuration: config)
        try loop.start()
        for _ in 0..<20 { await timer.fire(clock) }
        let failed = try store.reminders(in: .failed)
        #expect(failed.count == 2)
        #expect(failed.allSatisfy { $0.attempts == 3 && ($0.lastError ?? "").contains("outbox") })
        #expect(timer.deadline == clock.now().addingTimeInterval(60) && !timer.cancelled)  // still running
    }

    @Test func webhookRetriesAfterHTTP500WithTheSameIdempotencyKey() async throws {
        let server = try LocalHTTPServer(statuses: [500, 200])
        let store = try DaemonFixtures.store()
        let plan = DaemonFixtures.reminder(1, due: t0)
        try store.importPlan([plan], now: t0)
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        let loop = ReminderLoop(store: store, channel: WebhookChannel(url: server.url, timeout: 5), clock: clock, timer: timer)
        try loop.start()
        await timer.fire(clock)
        #expect(try store.reminder(key: plan.key)?.state == .pending)
        #expect(try store.reminder(key: plan.key)?.lastError?.contains("HTTP 500") == true)
        #expect(timer.deadline == t0.addingTimeInterval(30))
        await timer.fire(clock)
        #expect(try store.reminder(key: plan.key)?.state == .sent)
        let requests = server.received()
        #expect(requests.count == 2)
        for r in requests {
            #expect(r.head.hasPrefix("POST /hook HTTP/1.1"))
            #expect(r.head.lowercased().contains("idempotency-key: \(plan.key.lowercased())"))
            let json = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any]
            #expect((json?["text"] as? String)?.contains("Session 1.") == true)
            #expect(json?["idempotency_key"] as? String == plan.key)
        }
    }

    @Test func sendmailPipesTheMessageToTheCommand() async throws {
        let out = TestSupport.temporaryFolder("sendmail").appendingPathComponent("mail.txt").path
        let channel = SendmailChannel(command: "cat > '\(out)'", from: coordinator, clock: ManualClock(t0))
        #expect(try await channel.deliver(stored()) == .delivered)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("Message-ID: <tandem.before%7Cm1%7CL001%7C3600@tandem.invalid>"))
        await #expect(throws: DeliveryError.self) {
            try await SendmailChannel(command: "echo no relay >&2; exit 75", from: coordinator, clock: ManualClock(t0)).deliver(stored())
        }
    }

    @Test func aCancelledStopAbandonsAHangingWebhookAndTheReminderIsRetried() async throws {
        let silent = try SilentListener()
        let store = try DaemonFixtures.store()
        let plan = DaemonFixtures.reminder(1, due: t0)
        try store.importPlan([plan], now: t0)
        let clock = ManualClock(t0)
        let timer = ManualTimer()
        let loop = ReminderLoop(store: store, channel: WebhookChannel(url: silent.url, timeout: 600), clock: clock, timer: timer)
        try loop.start()
        let ticking = Task { await timer.fire(clock) }
        while try store.reminder(key: plan.key)?.state != .claimed { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(200))   // the request is sent and waits for an answer
        let began = ContinuousClock.now
        let stopping = Task { await loop.stop() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(try store.reminder(key: plan.key)?.state == .claimed)   // graceful: still waiting
        stopping.cancel()
        await stopping.value
        await ticking.value
        // Far below the request's 600 s timeout (the margin is for a loaded machine running other tests).
        #expect(ContinuousClock.now - began < .seconds(120))
        let after = try #require(try store.reminder(key: plan.key))
        #expect(after.state == .pending && after.attempts == 1)   // a failed attempt: the next run retries it
        #expect(timer.cancelled)
    }

    @Test func aCancelledSendmailDeliveryTerminatesTheCommand() async throws {
        let channel = SendmailChannel(command: "cat > /dev/null; sleep 600", from: coordinator, clock: ManualClock(t0))
        let r = stored()
        let delivery = Task { () -> Result<DeliveryOutcome, DeliveryError> in
            do throws(DeliveryError) { return .success(try await channel.deliver(r)) } catch { return .failure(error) }
        }
        try await Task.sleep(for: .milliseconds(300))
        // Timed from the cancel: on a loaded machine the other tests can hold the task pool for minutes before it.
        let cancelled = ContinuousClock.now
        delivery.cancel()
        let result = await delivery.value
        #expect(ContinuousClock.now - cancelled < .seconds(120))   // far below the command's 600 s
        guard case .failure(let error) = result else {
            Issue.record("a terminated command counts as delivered")
            return
        }
        #expect(error.description.contains("exited"))
    }
}
