public import Foundation

/// Gives every meeting the VEVENT that carries it and that VEVENT's SEQUENCE, and works out which
/// VEVENTs of the previous schedule must be cancelled.
///
/// A VEVENT keeps its SEQUENCE while what it carries is unchanged and goes up by one when it
/// changes, so that calendar clients update the event they have rather than add a second one.
public enum CalendarIdentity {
    /// The schedule with identities, and the folded VEVENTs carrying the same `icsUID` and `sequence`.
    public struct Identified: Sendable {
        public var schedule: Schedule
        var events: [FoldedEvent]
    }

    /// - Parameter events: `schedule.meetings` folded once by ``SeriesFolder``; the renderer takes them on.
    static func assign(_ schedule: Schedule, events folded: [FoldedEvent], previous: Schedule?, now: Date) -> Identified {
        var out = schedule
        var folded = folded
        let before = events(of: previous?.meetings ?? [])
        var cancelledBefore: [String: Int] = [:]
        for m in previous?.cancelled ?? [] { cancelledBefore[m.icsUID] = max(cancelledBefore[m.icsUID] ?? 0, m.sequence) }

        var byUID: [String: (icsUID: String, sequence: Int)] = [:]
        var sequenceOf: [String: Int] = [:]
        for e in folded.indices {
            let event = folded[e]
            let sequence: Int
            if let old = before[event.uid] {
                sequence = old.signature == signature(event.meetings) ? old.sequence : old.sequence + 1
            } else if let cancelled = cancelledBefore[event.uid] {
                sequence = cancelled + 1
            } else {
                sequence = 0
            }
            sequenceOf[event.uid] = sequence
            for (k, m) in event.meetings.enumerated() {
                byUID[m.uid] = (event.uid, sequence)
                folded[e].meetings[k].icsUID = event.uid
                folded[e].meetings[k].sequence = sequence
            }
        }
        for i in out.meetings.indices {
            let id = byUID[out.meetings[i].uid]!
            out.meetings[i].icsUID = id.icsUID
            out.meetings[i].sequence = id.sequence
        }

        // Previous VEVENTs that are gone, with meetings still to come, are cancelled (SEQUENCE + 1).
        var cancelled: [Meeting] = []
        for (uid, old) in before.sorted(by: { $0.key < $1.key }) where sequenceOf[uid] == nil {
            guard old.meetings.contains(where: { $0.end > now }) else { continue }
            cancelled += old.meetings.map { m in
                var c = m
                c.sequence = old.sequence + 1
                return c
            }
        }
        // An occurrence that left a VEVENT that goes on gets no CANCEL of its own: the VEVENT's
        // REQUEST (SEQUENCE + 1, with the occurrence gone by EXDATE or an earlier UNTIL) says it
        // all. Both for one change would disagree: sabre/Nextcloud, given a CANCEL for a date the
        // shortened series no longer has, cancels the whole series (nextcloud/calendar#6655).
        // Earlier cancellations stay on record while they are still in the future and not re-used,
        // unless their VEVENT lives again (its REQUEST replaces the cancelled one).
        let kept = Set(schedule.meetings.map(\.uid))
        let recancelled = Set(cancelled.map(\.uid))
        cancelled += (previous?.cancelled ?? []).filter {
            !kept.contains($0.uid) && !recancelled.contains($0.uid) && $0.end > now && sequenceOf[$0.icsUID] == nil
        }
        out.cancelled = cancelled.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
        return Identified(schedule: out, events: folded)
    }

    private struct Event {
        var sequence: Int
        var signature: [String]
        var meetings: [Meeting]
    }

    private static func events(of meetings: [Meeting]) -> [String: Event] {
        Dictionary(grouping: meetings, by: \.icsUID).mapValues { list in
            Event(sequence: list.map(\.sequence).max() ?? 0, signature: signature(list), meetings: list)
        }
    }

    private static func signature(_ meetings: [Meeting]) -> [String] {
        meetings.map { "\($0.uid)|\($0.start.timeIntervalSince1970)|\($0.end.timeIntervalSince1970)|\($0.attendees.joined(separator: ","))" }
            .sorted()
    }
}

/// What a re-plan changed, per leader: future meetings moved, added and cancelled.
public struct ChangeSummary: Hashable, Sendable {
    public struct Counts: Hashable, Sendable {
        public var moved = 0
        public var added = 0
        public var cancelled = 0

        public init(moved: Int = 0, added: Int = 0, cancelled: Int = 0) {
            (self.moved, self.added, self.cancelled) = (moved, added, cancelled)
        }

        public var isEmpty: Bool { moved + added + cancelled == 0 }
    }

    public var byLeader: [String: Counts] = [:]
    public var total = Counts()

    /// Compares the meetings that start after `from` (the past and the notice window don't change).
    ///
    /// A series that lost a session in one period and gained one in another counts that as one
    /// session moved, as a leader would say it, though its calendar files carry a cancellation and
    /// a new event (each period's session has its own UID).
    public init(previous: Schedule, current: Schedule, from: Date) {
        let old = Dictionary(previous.meetings.filter { $0.start >= from }.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(current.meetings.filter { $0.start >= from }.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var added: [String: Int] = [:], cancelled: [String: Int] = [:]
        var attendees: [String: [String]] = [:]
        for (uid, m) in new {
            if let o = old[uid] {
                if o.start != m.start || o.end != m.end { count(m.attendees, \.moved) }
            } else {
                added[m.series, default: 0] += 1
                attendees[m.series] = m.attendees
            }
        }
        for (uid, o) in old where new[uid] == nil {
            cancelled[o.series, default: 0] += 1
            if attendees[o.series] == nil { attendees[o.series] = o.attendees }
        }
        for series in Set(added.keys).union(cancelled.keys) {
            let a = added[series] ?? 0, c = cancelled[series] ?? 0, leaders = attendees[series] ?? []
            for _ in 0..<min(a, c) { count(leaders, \.moved) }
            for _ in 0..<(a - min(a, c)) { count(leaders, \.added) }
            for _ in 0..<(c - min(a, c)) { count(leaders, \.cancelled) }
        }
    }

    private mutating func count(_ leaders: [String], _ field: WritableKeyPath<Counts, Int>) {
        total[keyPath: field] += 1
        for l in leaders { byLeader[l, default: Counts()][keyPath: field] += 1 }
    }
}
