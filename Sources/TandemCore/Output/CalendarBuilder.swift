public import Foundation
public import TandemCalendar

/// Every calendar file of DESIGN §5, as documents ready for the writer.
public struct CalendarSet: Sendable {
    /// `<leader-id>.ics`: each leader's meetings, PUBLISH, no attendees.
    public var leaders: [String: CalendarDocument]
    /// `invites/<uid>.ics`: one REQUEST (or CANCEL) per series or single meeting.
    public var invites: [String: CalendarDocument]
    /// `programme.ics`: the coordinator's whole view.
    public var programme: CalendarDocument
}

/// Turns a schedule into calendar documents: folds regular series into RRULE + EXDATE, the rest into single events.
public enum CalendarBuilder {
    /// - Parameter events: the schedule's meetings as folded once and given identities (``CalendarIdentity``).
    static func build(_ schedule: Schedule, events: [FoldedEvent], programme: Programme) -> CalendarSet {
        // Cancelled VEVENTs go out as METHOD:CANCEL invites and stay in the PUBLISH files marked
        // STATUS:CANCELLED, so a re-import marks the event cancelled instead of leaving it behind.
        // A VEVENT that is gone entirely is cancelled as a whole. An occurrence that left a series
        // that goes on is no cancellation (the series' REQUEST drops it: ``CalendarIdentity``);
        // only a schedule.json of an older version can still list one, cancelled by RECURRENCE-ID.
        let live = Set(events.map(\.uid))
        let wholes = Dictionary(grouping: schedule.cancelled.filter { !live.contains($0.icsUID) }, by: \.icsUID)
        var cancelled: [FoldedEvent] = wholes.keys.sorted().map { uid in
            let list = wholes[uid]!.sorted { $0.start < $1.start }
            return FoldedEvent(uid: uid, zone: zone(of: list[0], programme), meetings: list, recurrence: nil)
        }
        for m in schedule.cancelled where live.contains(m.icsUID) {
            cancelled.append(FoldedEvent(uid: m.icsUID, zone: zone(of: m, programme), meetings: [m], recurrence: nil,
                                         occurrence: m.uid))
        }
        func render(_ folded: FoldedEvent, withAttendees: Bool, isCancelled: Bool) -> CalendarEvent {
            var e = event(for: folded, programme: programme, withAttendees: withAttendees)
            if folded.occurrence != nil { e.recurrenceID = folded.meetings[0].start }
            if isCancelled {
                e.status = .cancelled
                e.summary = "Cancelled: " + e.summary
                e.alarmOffsets = []
            }
            return e
        }
        let all = events.map { ($0, false) } + cancelled.map { ($0, true) }
        // Each VEVENT is built once for the PUBLISH files and once (with attendees) for its invite.
        let published = all.map { render($0.0, withAttendees: false, isCancelled: $0.1) }
        var byLeader: [String: [Int]] = [:]
        for (i, item) in all.enumerated() { for a in item.0.meetings[0].attendees { byLeader[a, default: []].append(i) } }
        var leaders: [String: CalendarDocument] = [:]
        // A leader with nothing to show gets no file: RFC 5545 forbids a VCALENDAR without a
        // component, and a placeholder event would block their time. The summary names them.
        for leader in programme.leaders where byLeader[leader.id] != nil {
            leaders[leader.id] = CalendarDocument(
                method: .publish, name: "\(programme.name): \(leader.name)",
                events: (byLeader[leader.id] ?? []).map { published[$0] })
        }
        var invites: [String: CalendarDocument] = [:]
        for (folded, isCancelled) in all {
            let e = render(folded, withAttendees: true, isCancelled: isCancelled)
            invites[folded.occurrence ?? e.uid] = CalendarDocument(method: isCancelled ? .cancel : .request, name: programme.name, events: [e])
        }
        let whole = CalendarDocument(method: .publish, name: programme.name, events: published)
        return CalendarSet(leaders: leaders, invites: invites, programme: whole)
    }

    static func zone(of meeting: Meeting, _ programme: Programme) -> TimeZone { programme.seriesZone(meeting) }

    /// The leaders, in roster order, who get no `<leader-id>.ics`: no meeting and no cancellation to carry.
    public static func leadersWithoutCalendar(_ schedule: Schedule, programme: Programme) -> [Leader] {
        let named = Set(schedule.meetings.flatMap(\.attendees) + schedule.cancelled.flatMap(\.attendees))
        return programme.leaders.filter { !named.contains($0.id) }
    }

    static func event(for folded: FoldedEvent, programme: Programme, withAttendees: Bool) -> CalendarEvent {
        let first = folded.meetings[0]
        let people = first.attendees.compactMap(programme.leader)
        let names = people.map(\.name)
        let summary: String
        switch first.kind {
        case .mentoring: summary = "Mentoring: " + names.joined(separator: " & ")
        case .group: summary = first.title ?? "Peer network"
        }
        return CalendarEvent(
            uid: folded.uid, sequence: folded.meetings.map(\.sequence).max() ?? 0,
            start: first.start, end: first.end, timeZone: folded.zone.identifier,
            summary: summary,
            description: description(first, people: people, programme: programme, single: folded.recurrence == nil),
            location: programme.sessions.location, status: .confirmed, recurrence: folded.recurrence,
            // Every VEVENT names its organizer, PUBLISH ones too (RFC 5546 §3.2.1 requires it there).
            organizer: CalendarPerson(name: programme.coordinator.name, email: programme.coordinator.email, role: .chair),
            attendees: withAttendees ? people.map { CalendarPerson(name: $0.name, email: $0.email) } : [],
            alarmOffsets: programme.reminders.before, categories: [first.kind == .mentoring ? "Mentoring" : "Peer network"])
    }

    /// - Parameter single: the VEVENT carries this one meeting. A folded series shares one
    ///   DESCRIPTION between its sessions, so a link with a per-session key cannot go in it.
    static func description(_ meeting: Meeting, people: [Leader], programme: Programme, single: Bool = true) -> String {
        var lines: [String] = []
        if meeting.kind == .mentoring, people.count == 2 {
            let (mentor, mentee) = (people[0], people[1])
            lines.append("\(programme.name)")
            lines.append("Mentor: \(mentor.name)\(mentor.school.isEmpty ? "" : " (\(mentor.school))")")
            lines.append("Mentee: \(mentee.name)\(mentee.school.isEmpty ? "" : " (\(mentee.school))")")
            lines.append("")
            lines.append("Suggested agenda:")
            lines.append("1. Check-in: what has gone well since you last met")
            let focus = Set(mentor.expertise).intersection(mentee.goals).sorted()
            let goals = focus.isEmpty ? mentee.goals : focus
            lines.append("2. Focus: " + (goals.isEmpty ? "the mentee's current priority" : goals.joined(separator: ", ")))
            lines.append("3. Agree one or two action points for next time")
        } else {
            lines.append("\(meeting.title ?? "Peer network session"): \(programme.name)")
            if let group = programme.groups.first(where: { $0.name == meeting.title }),
               let facilitator = group.facilitator.flatMap(programme.leader) {
                lines.append("Facilitator: \(facilitator.name)")
            }
            lines.append("Attending (\(people.count)): " + people.map(\.name).joined(separator: ", "))
            lines.append("")
            lines.append("Bring one success and one challenge from your school to share with the network.")
        }
        if let survey = programme.reminders.survey {
            // The same link, with the same session key, as the survey email (``SurveyLink``).
            lines.append("")
            if single || !survey.link.contains("{session}") {
                lines.append("Feedback after the session: \(SurveyLink.fill(survey.link, for: meeting))")
            } else {
                lines.append("Feedback: the link to a two-minute survey about a session comes by email after it.")
            }
        }
        lines.append("")
        lines.append("Questions or changes: \(programme.coordinator.name) <\(programme.coordinator.email)>")
        return lines.joined(separator: "\n")
    }
}

/// One VEVENT's worth of meetings: a single meeting, or a regular series folded into an RRULE.
struct FoldedEvent: Sendable {
    var uid: String
    var zone: TimeZone
    var meetings: [Meeting]
    var recurrence: WeeklyRecurrence?
    /// Set when this is one occurrence of series `uid` (written with RECURRENCE-ID): its own uid.
    var occurrence: String? = nil
}

/// Finds, per series, the meetings that keep one weekday and local time on the cadence, and folds them.
///
/// On a re-plan the VEVENTs of the previous schedule carry on: a meeting unchanged since then (same
/// uid, start, end and attendees: every held session, and every later one that stayed put) stays in
/// the VEVENT that carried it, under its UID, so nothing is re-sent for it. A series whose later
/// sessions moved keeps its UID and rule for the sessions it still holds, cut short (UNTIL earlier)
/// or with EXDATEs; only the new and moved meetings are folded afresh, into a new VEVENT (UID: the
/// series UID when it is free, else the uid of the new fold's first session) or single events.
enum SeriesFolder {
    static func fold(_ meetings: [Meeting], programme: Programme, previous: [Meeting] = []) -> [FoldedEvent] {
        let bySeries = Dictionary(grouping: meetings, by: \.series)
        let before = Dictionary(previous.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [FoldedEvent] = []
        for series in bySeries.keys.sorted() {
            let list = bySeries[series]!.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
            let zone = programme.seriesZone(list[0])
            let weeks: Int
            switch list[0].kind == .mentoring ? programme.sessions.cadence : .monthly {
            case .weeks(let n): weeks = n
            case .monthly: weeks = 0
            }
            // Unchanged meetings, by the VEVENT that carried them.
            var pinned: [String: [Meeting]] = [:]
            var free: [Meeting] = []
            for m in list {
                if let o = before[m.uid], o.series == m.series, o.start == m.start, o.end == m.end, o.attendees == m.attendees {
                    pinned[o.icsUID, default: []].append(m)
                } else {
                    free.append(m)
                }
            }
            var taken = Set<String>()
            for uid in pinned.keys.sorted() {
                var members = pinned[uid]!
                if members.count == 1 {
                    out.append(FoldedEvent(uid: uid, zone: zone, meetings: members, recurrence: nil))
                } else if rule(members, weeks: weeks, zone: zone) != nil {
                    // New and moved meetings that fall on this series' weekday, time and cadence join it.
                    let fits = free.filter { rule(members + [$0], weeks: weeks, zone: zone) != nil }
                    if !fits.isEmpty {
                        let joined = Set(fits.map(\.uid))
                        free.removeAll { joined.contains($0.uid) }
                        members = (members + fits).sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
                    }
                    out.append(FoldedEvent(uid: uid, zone: zone, meetings: members, recurrence: rule(members, weeks: weeks, zone: zone)))
                } else {
                    // No longer one rule (the cadence changed): folded afresh.
                    free += members
                    continue
                }
                taken.insert(uid)
            }
            free.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
            /// `preferred`, or when an unchanged VEVENT already carries that UID, a variant of it.
            func fresh(_ preferred: String) -> String {
                var uid = preferred, k = 1
                while taken.contains(uid) { k += 1; uid = Identifiers.variant(of: preferred, k) }
                taken.insert(uid)
                return uid
            }
            var rest = free
            if weeks > 0, free.count >= 2 {
                // The local weekday+time (and duration) most meetings share; ties go to the earliest.
                var counts: [[Int]: Int] = [:]
                for m in free { counts[key(m, zone), default: 0] += 1 }
                let best = free.map { key($0, zone) }.max { counts[$0]! < counts[$1]! }!
                let candidates = free.filter { key($0, zone) == best }
                let firstDay = LocalDate.local(candidates[0].start, in: zone).date.dayNumber
                let members = candidates.filter { (LocalDate.local($0.start, in: zone).date.dayNumber - firstDay) % (7 * weeks) == 0 }
                if members.count >= 2, let recurrence = rule(members, weeks: weeks, zone: zone) {
                    let uid = fresh(taken.contains(series) ? members[0].uid : series)
                    let uids = Set(members.map(\.uid))
                    var folded = members
                    for i in folded.indices { folded[i].icsUID = uid }
                    out.append(FoldedEvent(uid: uid, zone: zone, meetings: folded, recurrence: recurrence))
                    rest = free.filter { !uids.contains($0.uid) }
                }
            }
            for m in rest {
                out.append(FoldedEvent(uid: fresh(m.uid), zone: zone, meetings: [m], recurrence: nil))
            }
        }
        return out.sorted { ($0.meetings[0].start, $0.uid) < ($1.meetings[0].start, $1.uid) }
    }

    /// Local weekday, minutes past midnight and duration: what one weekly rule repeats.
    private static func key(_ m: Meeting, _ zone: TimeZone) -> [Int] {
        let (d, min) = LocalDate.local(m.start, in: zone)
        return [d.isoWeekday, min, Int(m.end.timeIntervalSince(m.start))]
    }

    /// The weekly rule of `members` (at least two): every `weeks` weeks from the first at
    /// one local time, UNTIL the last, EXDATE for every date in between that is not a member. Nil
    /// when the members don't share one key and phase.
    private static func rule(_ members: [Meeting], weeks: Int, zone: TimeZone) -> WeeklyRecurrence? {
        guard weeks > 0, members.count >= 2 else { return nil }
        let members = members.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
        let k = key(members[0], zone)
        let days = members.map { LocalDate.local($0.start, in: zone).date.dayNumber }
        guard members.allSatisfy({ key($0, zone) == k }), days.allSatisfy({ ($0 - days[0]) % (7 * weeks) == 0 }) else { return nil }
        let have = Set(days)
        let exceptions = stride(from: days[0], through: days.last!, by: 7 * weeks)
            .filter { !have.contains($0) }
            .map { LocalDate(dayNumber: $0).instant(minutes: k[1], in: zone) }
        return WeeklyRecurrence(intervalWeeks: weeks, until: members.last!.start, exceptions: exceptions)
    }
}

extension Programme {
    /// The zone a meeting's series is written and folded in: its first attendee's (the mentor's),
    /// else the programme's. The one place this is decided.
    public func seriesZone(_ meeting: Meeting) -> TimeZone {
        meeting.attendees.first.flatMap(leader)?.timeZone ?? timeZone
    }
}
