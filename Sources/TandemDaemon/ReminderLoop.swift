public import Foundation
public import Logging
import Synchronization
public import TandemCore

/// The delivery loop (DESIGN §6): one timer, armed for the earlier of the next due time and now + 60 s.
///
/// Each fire claims what is due in one transaction, delivers it, marks it, and re-arms. It never keeps
/// one timer per reminder and never polls faster than the idle interval.
public final class ReminderLoop: Sendable {
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
        /// The first wait after a store error (busy, locked, full), doubled on each further one up to the
        /// idle interval (default 1 s): a full disk costs one log line and one attempt per back-off.
        public var storeRetryDelay: TimeInterval = 1
        /// The longest wait after store errors (default 15 s, never more than the idle interval), so that
        /// everything due goes within 30 s of a full disk getting space again.
        public var storeRetryLimit: TimeInterval = 15

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

    public let store: any ReminderStore
    public let configuration: Configuration
    private let clock: any ReminderClock
    private let timer: any WakeTimer
    private let logger: Logger

    /// The loop's state, behind one mutex held only for short, non-suspending steps.
    private struct State {
        var channel: any DeliveryChannel
        var armedDeadline: Date?
        /// Set by ``wake()``: the tick in flight (if any) re-arms for now instead of its computed deadline.
        var wakeRequested = false
        /// The deliveries in flight, so that a cancelled ``stop()`` can cancel them.
        var inFlight: Task<[Result<DeliveryOutcome, DeliveryError>], Never>?
        /// Set when ``stop()`` was cancelled: deliveries started from now on are cancelled at once.
        var abandoned = false
        /// Store errors in a row; while above zero the next tick first reclaims what a failed write left `claimed`.
        var storeFailures = 0
    }
    private let state: Mutex<State>
    /// Held by a tick from start to re-arm, across its awaited deliveries: ticks never overlap, and
    /// ``stop()`` waits for the one in flight by passing through it.
    private let gate = TickGate()
    /// Set by ``stop()``; read between deliveries.
    private let stopping = Atomic<Bool>(false)
    /// Runs at the start of every fire, before claiming (the daemon checks schedule.json there); returns a
    /// new delivery channel when the programme was reloaded.
    private let beforeTick: (@Sendable () -> (any DeliveryChannel)?)?
    private let observer: (@Sendable (Event) -> Void)?
    /// Called once when the store turns out to be damaged (exit 65): the loop stops re-arming.
    private let onFatal: (@Sendable (TandemError) -> Void)?

    /// The deadline the timer was last armed for.
    public var armedDeadline: Date? { state.withLock { $0.armedDeadline } }

    public init(store: any ReminderStore, channel: any DeliveryChannel, clock: any ReminderClock, timer: any WakeTimer,
                configuration: Configuration = Configuration(), logger: Logger = Logger(label: "tandem.reminders"),
                beforeTick: (@Sendable () -> (any DeliveryChannel)?)? = nil, observer: (@Sendable (Event) -> Void)? = nil,
                onFatal: (@Sendable (TandemError) -> Void)? = nil) {
        self.store = store
        self.state = Mutex(State(channel: channel))
        self.clock = clock
        self.timer = timer
        self.configuration = configuration
        self.logger = logger
        self.beforeTick = beforeTick
        self.observer = observer
        self.onFatal = onFatal
    }

    /// Recovers reminders a stopped daemon left claimed, then fires at once.
    public func start() throws(TandemError) {
        let recovered = try store.recoverClaimed(now: clock.now())
        if recovered > 0 { logger.notice("recovered reminders left in flight by the last run", metadata: ["count": "\(recovered)"]) }
        timer.setHandler { [weak self] in await self?.tick() }
        let now = clock.now()
        state.withLock { state in
            state.armedDeadline = now
            timer.arm(at: now)
        }
    }

    /// Asks for a tick as soon as possible (after a SIGHUP or an import); never lost behind a tick in flight.
    public func wake() {
        let now = clock.now()
        state.withLock { state in
            state.wakeRequested = true
            timer.arm(at: now)
        }
    }

    /// Finishes the delivery in flight, hands back anything claimed but not yet delivered, and stops the timer.
    ///
    /// Cancelling the task that awaits `stop()` (the service group does so when graceful shutdown takes
    /// too long) cancels the deliveries in flight: a webhook request is abandoned, a sendmail command
    /// is terminated, and those reminders are retried by the next run.
    public func stop() async {
        stopping.store(true, ordering: .sequentiallyConsistent)
        timer.cancel()
        await withTaskCancellationHandler {
            await gate.enter()  // waits for a tick in progress
            gate.leave()
        } onCancel: {
            let inFlight = state.withLock { state in
                state.abandoned = true
                return state.inFlight
            }
            inFlight?.cancel()
        }
    }

    private var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// One fire of the timer: claim, deliver, mark, re-arm. Ticks are serialised by the gate.
    public func tick() async {
        await gate.enter()
        defer { gate.leave() }
        guard !isStopping else { return }
        // A wake-up asked for before this point is served by this tick; one asked for later re-arms for now.
        state.withLock { $0.wakeRequested = false }
        let replacement = beforeTick?()
        let channel = state.withLock { state in
            if let replacement { state.channel = replacement }
            return state.channel
        }
        let failuresBefore = state.withLock { $0.storeFailures }
        var backOff: TimeInterval?
        do {
            if failuresBefore > 0 {
                // Ticks never overlap and no other daemon uses this store (StoreLock): anything `claimed` now
                // was left by the failed tick (a claim whose marking failed), so it goes back to pending.
                let reclaimed = try store.recoverClaimed(now: clock.now())
                if reclaimed > 0 { logger.notice("reclaimed reminders a failed store write left claimed", metadata: ["count": "\(reclaimed)"]) }
            }
            try await drain(channel: channel)
            if failuresBefore > 0 {
                logger.notice("the reminder store works again", metadata: ["failures": "\(failuresBefore)"])
                state.withLock { $0.storeFailures = 0 }
            }
        } catch where error.exitCode == 65 {
            // A damaged database does not heal by waiting: stop, so that systemd or an operator sees it.
            logger.critical("the reminder database is damaged; stopping", metadata: ["error": "\(error)"])
            stopping.store(true, ordering: .sequentiallyConsistent)
            timer.cancel()
            onFatal?(error)
            return
        } catch {
            // Busy, locked or full: back off (doubling up to the idle interval), one log line per back-off,
            // instead of re-arming for the reminders still due now (which spun while a disk was full).
            let failures = failuresBefore + 1
            state.withLock { $0.storeFailures = failures }
            let wait = min(configuration.idleInterval, configuration.storeRetryLimit, configuration.storeRetryDelay * pow(2, Double(min(failures - 1, 30))))
            backOff = wait
            logger.error("reminder store failed; backing off", metadata: ["error": "\(error)", "failures": "\(failures)",
                                                                        "retry_in": "\(wait)s"])
        }
        guard !isStopping else { return }
        let now = clock.now()
        var deadline = now.addingTimeInterval(backOff ?? configuration.idleInterval)
        if backOff == nil, let next = try? store.nextDue(), next < deadline { deadline = max(next, now) }
        state.withLock { state in
            if state.wakeRequested {
                state.wakeRequested = false
                deadline = now
            }
            state.armedDeadline = deadline
            timer.arm(at: deadline)
        }
    }

    /// Delivers one chunk in a child task that a cancelled ``stop()`` can reach.
    private func deliver(_ chunk: [StoredReminder], on channel: any DeliveryChannel) async -> [Result<DeliveryOutcome, DeliveryError>] {
        let work = Task { await channel.deliver(batch: chunk) }
        let abandoned = state.withLock { state in
            state.inFlight = work
            return state.abandoned
        }
        if abandoned { work.cancel() }
        let results = await work.value
        state.withLock { $0.inFlight = nil }
        return results
    }

    private func drain(channel: any DeliveryChannel) async throws(TandemError) {
        while !isStopping {
            let now = clock.now()
            let claim = try store.claimDue(now: now, grace: configuration.grace, limit: configuration.claimLimit)
            for key in claim.missed {
                logger.warning("missed: due longer ago than the grace window", metadata: ["key": "\(key)"])
                observer?(.missed(key: key))
            }
            if claim.claimed.isEmpty { return }
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
                for (r, result) in zip(chunk, await deliver(chunk, on: channel)) {
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
                    case .failure(let error) where state.withLock({ $0.abandoned }):
                        // Cancelled by a stop that ran out of time: never failed for good, the next run retries it.
                        var keep = configuration.retry
                        keep.untilUseful = false
                        keep.maximumAttempts = nil
                        _ = try store.markFailed(r.id, error: error.description, now: clock.now(), policy: keep)
                        logger.warning("delivery cancelled by the shutdown; retried by the next run", metadata: ["key": "\(r.key)", "error": "\(error)"])
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
