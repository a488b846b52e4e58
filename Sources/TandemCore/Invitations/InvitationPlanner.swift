public import Foundation
public import TandemCalendar

/// One iMIP message to send: an invitation document (REQUEST or CANCEL) for one attendee.
///
/// The idempotency key is (UID, RECURRENCE-ID, SEQUENCE, recipient, method), DESIGN §8: the same
/// version of the same event goes to the same person once, and a re-plan that changes nothing plans
/// the same keys again.
public struct PlannedInvitation: Hashable, Sendable {
    /// The iTIP method of the message.
    public enum Method: String, Hashable, Sendable {
        case request = "REQUEST"
        case cancel = "CANCEL"
    }

    public var method: Method
    /// The VEVENT UID.
    public var uid: String
    /// Set when one occurrence of a series is cancelled.
    public var recurrenceID: Date?
    public var sequence: Int
    /// The invite's name in `out/invites/` (the occurrence's uid for a cancelled occurrence, else the UID).
    public var document: String
    public var recipient: String
    public var recipientName: String
    public var recipientEmail: String
    public var recipientZone: TimeZone
    /// The first start and last end of what the invitation covers: useful until `lastEnd`.
    public var firstStart: Date
    public var lastEnd: Date
    public var subject: String
    public var body: String

    /// `invitation|UID|RECURRENCE-ID or -|SEQUENCE|recipient|METHOD`.
    public var key: String {
        "invitation|\(uid)|\(recurrenceID.map(ISO8601.string) ?? "-")|\(sequence)|\(recipient)|\(method.rawValue)"
    }
}

/// One invitation document of the schedule and the messages it goes out in, one per attendee.
public struct InvitationDocument: Sendable {
    /// The REQUEST or CANCEL document, as `tandem schedule` writes it to `out/invites/`; render it with ``ICalendarWriter``.
    public var calendar: CalendarDocument
    public var messages: [PlannedInvitation]
}

/// Plans the iMIP invitations of a schedule (DESIGN §8): pure, deterministic, no clock.
///
/// The documents are exactly those `tandem schedule` writes to `out/invites/`: the schedule's meetings are
/// folded again, each kept in the VEVENT schedule.json names for it (`ics_uid`); the identities come back
/// through ``CalendarIdentity`` with the schedule as its own previous version, so no SEQUENCE moves; the
/// cancellations are schedule.json's; ``CalendarBuilder`` builds the documents. The daemon so needs nothing
/// but schedule.json and programme.yaml.
public struct InvitationPlanner: Sendable {
    public var programme: Programme
    public var schedule: Schedule

    public init(programme: Programme, schedule: Schedule) {
        self.programme = programme
        self.schedule = schedule
    }

    /// Every invitation document whose meetings have not all ended by `now`, in document-name order.
    public func plan(now: Date) -> [InvitationDocument] {
        // Every meeting is "unchanged since" itself, so the folder keeps each in the VEVENT schedule.json
        // names (its `ics_uid`) rather than folding afresh: after a re-plan a fresh fold would regroup split
        // series and announce live meetings as cancelled.
        let folded = SeriesFolder.fold(schedule.meetings, programme: programme, previous: schedule.meetings)
        var identified = CalendarIdentity.assign(schedule, events: folded, previous: schedule, now: .distantPast)
        // The cancellations are schedule.json's own, as `tandem schedule` wrote them to out/invites/ (carried
        // over against itself, a VEVENT whose meeting moved into another one would lose its CANCEL).
        identified.schedule.cancelled = schedule.cancelled
        let set = CalendarBuilder.build(identified.schedule, events: identified.events, programme: programme)
        let live = Dictionary(grouping: identified.schedule.meetings, by: \.icsUID)
        let cancelledByUID = Dictionary(grouping: identified.schedule.cancelled, by: \.icsUID)
        let cancelledOccurrence = Dictionary(identified.schedule.cancelled.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [InvitationDocument] = []
        for name in set.invites.keys.sorted() {
            let doc = set.invites[name]!
            guard let event = doc.events.first else { continue }
            let meetings: [Meeting]
            let method: PlannedInvitation.Method = doc.method == .cancel ? .cancel : .request
            if method == .request {
                meetings = live[event.uid] ?? []
            } else if event.recurrenceID != nil, let m = cancelledOccurrence[name] {
                meetings = [m]
            } else {
                meetings = cancelledByUID[event.uid] ?? []
            }
            let sorted = meetings.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
            guard let first = sorted.first, let last = sorted.max(by: { $0.end < $1.end }), last.end > now else { continue }
            var messages: [PlannedInvitation] = []
            for id in first.attendees {
                guard let leader = programme.leader(id) else { continue }
                let text = InvitationText(programme: programme, schedule: identified.schedule)
                let message = text.message(method: method, event: event, meetings: sorted, to: leader)
                messages.append(PlannedInvitation(
                    method: method, uid: event.uid, recurrenceID: event.recurrenceID, sequence: event.sequence, document: name,
                    recipient: leader.id, recipientName: leader.name, recipientEmail: leader.email,
                    recipientZone: leader.timeZone, firstStart: first.start, lastEnd: last.end,
                    subject: message.subject, body: message.body))
            }
            out.append(InvitationDocument(calendar: doc, messages: messages))
        }
        return out
    }
}
