import Foundation
import TandemCalendar

/// The words of an invitation message: a subject and a short plain-text body in the recipient's own zone.
struct InvitationText {
    var programme: Programme
    var schedule: Schedule

    struct Message {
        var subject: String
        var body: String
    }

    func message(method: PlannedInvitation.Method, event: CalendarEvent, meetings: [Meeting], to leader: Leader) -> Message {
        let zone = leader.timeZone
        let title = event.summary.hasPrefix("Cancelled: ") ? String(event.summary.dropFirst("Cancelled: ".count)) : event.summary
        let first = meetings[0]
        let others = first.attendees.filter { $0 != leader.id }.compactMap(programme.leader).map(\.name)
        let firstName = leader.name.split(separator: " ").first.map(String.init) ?? leader.name
        var lines = ["Dear \(firstName),", ""]
        let subject: String
        let day = LocalTimeText.day(LocalDate.local(first.start, in: zone).date)
        switch method {
        case .request where event.sequence == 0:
            subject = "Invitation: \(title) (from \(day))"
            lines.append("You are invited to \(title), part of \(programme.name).")
        case .request:
            subject = "Updated invitation: \(title) (from \(day))"
            lines.append("Your invitation to \(title) has changed; this update replaces the one you have.")
            lines.append("What changed and why: \(changeLine(meetings))")
        case .cancel:
            let scope = event.recurrenceID != nil || meetings.count == 1 ? "The session on \(day)" : "This series of \(meetings.count) sessions"
            subject = "Cancelled: \(title) (\(day))"
            lines.append("\(scope) of \(title) is cancelled; please remove it from your calendar.")
            lines.append("What changed and why: \(cancelReason(meetings))")
        }
        lines.append("")
        if !others.isEmpty { lines.append("With: " + others.joined(separator: ", ")) }
        if meetings.count == 1 {
            lines.append("When: " + LocalTimeText.span(first.start, first.end, in: zone))
        } else {
            lines.append("When (\(meetings.count) sessions, your time):")
            for m in meetings { lines.append("  " + LocalTimeText.span(m.start, m.end, in: zone)) }
        }
        if let location = event.location, !location.isEmpty { lines.append("Where: " + location) }
        if method == .request, let description = event.description, !description.isEmpty {
            lines.append("")
            lines.append("What the session is for:")
            lines.append(description)
        }
        lines.append("")
        lines.append(method == .request
                     ? "Accept or decline with your calendar's buttons: \(programme.coordinator.name) sees your answer."
                     : "Your calendar removes the event when you open this message.")
        lines.append("\(programme.coordinator.name) <\(programme.coordinator.email)>")
        return Message(subject: subject, body: lines.joined(separator: "\n") + "\n")
    }

    /// Why an updated invitation was sent: what a re-plan does to a series, in a line.
    private func changeLine(_ meetings: [Meeting]) -> String {
        let reasons = reasons(meetings)
        let why = reasons.isEmpty ? "a calendar or the programme changed, so the sessions were re-planned." : reasons.joined(separator: " ")
        return why + " The times below are the new ones."
    }

    /// Why meetings were cancelled: the reason sentence of the session left unplaced in their period, if any.
    private func cancelReason(_ meetings: [Meeting]) -> String {
        let reasons = reasons(meetings)
        return reasons.isEmpty ? "it no longer fits the calendars or the programme after a re-plan." : reasons.joined(separator: " ")
    }

    private func reasons(_ meetings: [Meeting]) -> [String] {
        let periods = Set(meetings.map { "\($0.series)#\($0.period)" })
        var seen: Set<String> = []
        var out: [String] = []
        for u in schedule.unplaced where periods.contains("\(u.series)#\(u.period)") {
            if seen.insert(u.reason.rawValue).inserted { out.append(u.reason.sentence) }
        }
        return out
    }
}
