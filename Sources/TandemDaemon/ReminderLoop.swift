import Foundation
import Logging
import TandemCore

/// The delivery loop (DESIGN §6): one timer, armed for the earlier of the next due time and now + 60 s.
///
/// Each fire claims what is due in one transaction, delivers it, marks it, and re-arms. It never keeps
/// one timer per reminder and never polls faster than the idle interval.
public final class ReminderLoop: @unchecked Sendable {
    /// How the loop behaves.
    public struct Configuration: Sendable {
        /// Reminders due longer ago than this when first seen are `missed`, not sent (default 6 h).
        public var grace: TimeInterval = 6 * 3_600
        /// The longest the timer sleeps, so that schedule changes and clock jumps are seen (default 60 s).
        public var idleInterval: TimeInterval = 60
        public var retry = RetryPolicy()
        /// Most reminders taken by one claim; a burst is claimed in several transactions of this size.
        public var claimLimit = 1_000
        /// Deliveries per batch (one disk sync, one marking transaction) on channels that batch (maildir).
        public var markBatch = 100
        /// Whether every delivery is logged at info level (a national daemon may prefer only warnings and counts).
        public var logEachDelivery = true

        public init() {}
    }

    /// What happened to one reminder, for observers (logs, benchmarks).
    public enum Event: Sendable {
        case delivered(StoredReminder, at: Date)
        case alreadyDelivered(StoredReminder)
        case retrying(StoredReminder, at: Date, error: String)
        case failed(StoredReminder, error: String)
        case missed(key: String)
    }

    public let store: ReminderStore
    public let configuration: Configuration
    private let clock: any ReminderClock
    private let timer: any WakeTimer
    private let logger: Logger
    private let lock = NSLock()
    private let stopLock = NSLock()
    private let channelLock = NSLock()
    private var channel: any DeliveryChannel
    private var stopping = false
    private var started = false
    /// Runs at the start of every fire, before claiming (the daemon checks schedule.json there).
    private let beforeTick: (@Sendable () -> Void)?
    private let observer: (@Sendable (Event) -> Void)?
    /// The deadline the timer was last armed for.
    public private(set) var armedDeadline: Date?

    public init(store: ReminderStore, channel: any DeliveryChannel, clock: any ReminderClock, timer: any WakeTimer,
                configuration: Configuration = Configuration(), logger: Logger = Logger(label: "tandem.reminders"),
                beforeTick: (@Sendable () -> Void)? = nil, observer: (@Sendable (Event) -> Void)? = nil) {
        self.store = store
        self.channel = channel
        self.clock = clock
        self.timer = timer
        self.configuration = configuration
        self.logger = logger
        self.beforeTick = beforeTick
        self.observer = observer
    }

    /// Recovers reminders a stopped daemon left claimed, then fires at once.
    public func start() throws(TandemError) {
        let recovered = try store.recoverClaimed(now: clock.now())
        if recovered > 0 { logger.notice("recovered reminders left in flight by the last run", metadata: ["count": "\(recovered)"]) }
        timer.setHandler { [weak self] in self?.tick() }
        started = true
        arm(at: clock.now())
    }

    /// Swaps the delivery channel (after a reload); takes effect at the next delivery. Safe inside `beforeTick`.
    public func replaceChannel(_ newChannel: any DeliveryChannel) {
        channelLock.withLock { channel = newChannel }
    }

    private var currentChannel: any DeliveryChannel { channelLock.withLock { channel } }

    /// Finishes the delivery in flight, hands back anything claimed but not yet delivered, and stops the timer.
    public func stop() {
        stopLock.lock()
        stopping = true
        stopLock.unlock()
        timer.cancel()
        lock.lock()  // waits for a tick in progress
        lock.unlock()
    }

    private var isStopping: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopping
    }

    /// One fire of the timer: claim, deliver, mark, re-arm. Serialised; safe to call from any thread.
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard !isStopping else { return }
        beforeTick?()
        do {
            try drain()
        } catch {
            logger.error("reminder store failed; retrying at the next wake-up", metadata: ["error": "\(error)"])
        }
        guard !isStopping else { return }
        let now = clock.now()
        var deadline = now.addingTimeInterval(configuration.idleInterval)
        if let next = try? store.nextDue(), next < deadline { deadline = max(next, now) }
        arm(at: deadline)
    }

    private func arm(at deadline: Date) {
        armedDeadline = deadline
        timer.arm(at: deadline)
    }

    private func drain() throws(TandemError) {
        while !isStopping {
            let now = clock.now()
            let claim = try store.claimDue(now: now, grace: configuration.grace, limit: configuration.claimLimit)
            for key in claim.missed {
                logger.warning("missed: due longer ago than the grace window", metadata: ["key": "\(key)"])
                observer?(.missed(key: key))
            }
            if claim.claimed.isEmpty { return }
            let channel = currentChannel
            var unattempted: [Int64] = []
            var offset = 0
            // Deliver in chunks of `markBatch`: each chunk is delivered, then marked in one transaction.
            // A graceful stop finishes the chunk in flight and hands the rest back.
            while offset < claim.claimed.count {
                if isStopping {
                    unattempted = claim.claimed[offset...].map(\.id)
                    break
                }
                let size = channel.batches ? configuration.markBatch : 1
                let chunk = Array(claim.claimed[offset..<min(offset + size, claim.claimed.count)])
                offset += chunk.count
                var sent: [Int64] = []
                for (r, result) in zip(chunk, channel.deliver(batch: chunk)) {
                    switch result {
                    case .success(let outcome):
                        sent.append(r.id)
                        if outcome == .delivered {
                            if configuration.logEachDelivery { logger.info("sent", metadata: ["key": "\(r.key)", "to": "\(r.recipientEmail)"]) }
                            observer?(.delivered(r, at: clock.now()))
                        } else {
                            logger.info("already delivered before a restart; marked sent", metadata: ["key": "\(r.key)"])
                            observer?(.alreadyDelivered(r))
                        }
                    case .failure(let error):
                        if let retry = try store.markFailed(r.id, error: error.description, now: clock.now(), policy: configuration.retry) {
                            logger.warning("delivery failed; will retry", metadata: ["key": "\(r.key)", "error": "\(error)", "retry": "\(ISO8601.string(retry))"])
                            observer?(.retrying(r, at: retry, error: error.description))
                        } else {
                            logger.error("delivery failed for good", metadata: ["key": "\(r.key)", "error": "\(error)"])
                            observer?(.failed(r, error: error.description))
                        }
                    }
                }
                try store.markSent(sent, now: clock.now())
            }
            try store.release(unattempted, now: clock.now())
        }
    }
}
