import Foundation
import TandemCalendar

/// The words of each reminder: short, warm, and in the recipient's own local time.
struct ReminderText: Sendable {
    struct Message: Sendable {
        var subject: String
        var body: String
    }

    var programme: Programme
    var leaders: [String: Leader]

    private func others(_ m: Meeting, _ leader: Leader) -> [Leader] {
        m.attendees.filter { $0 != leader.id }.compactMap { leaders[$0] }
    }

    private func names(_ people: [Leader], schools: Bool) -> String {
        let parts = people.map { schools && !$0.school.isEmpty ? "\($0.name) (\($0.school))" : $0.name }
        switch parts.count {
        case 0: return "your colleagues"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }

    private func firstName(_ leader: Leader) -> String {
        String(leader.name.split(separator: " ").first ?? Substring(leader.name))
    }

    private var signOff: String {
        "With best wishes,\n\(programme.coordinator.name)\n\(programme.name)\n"
    }

    private func whereLine(_ m: Meeting) -> String {
        let location = programme.sessions.location ?? "Video call"
        let label = location.hasPrefix("http://") || location.hasPrefix("https://") ? "Link: " : "Where:"
        return "  \(label) \(location)\n"
    }

    private func what(_ m: Meeting) -> String {
        m.kind == .group ? (m.title ?? "peer network") + " session" : "mentoring session"
    }

    /// "tomorrow", "in 1 hour", "in 2 days".
    private func lead(_ offset: Int) -> String {
        if offset % 86_400 == 0 { return offset == 86_400 ? "tomorrow" : "in \(offset / 86_400) days" }
        if offset % 3_600 == 0 { return offset == 3_600 ? "in 1 hour" : "in \(offset / 3_600) hours" }
        return offset == 60 ? "in 1 minute" : "in \(offset / 60) minutes"
    }

    /// How far off the meeting is, worded for when the reminder goes out: the offset's words
    /// ("in 1 hour") when it goes out on time; when quiet hours moved it, from the moment it is sent
    /// in the recipient's zone: "in 15 minutes" on the meeting's day, "tomorrow" the day before,
    /// "on Thursday 17 September" further ahead.
    func lead(_ m: Meeting, offset: Int, due: Date, zone: TimeZone) -> String {
        let natural = m.start.addingTimeInterval(-Double(offset))
        guard due != natural else { return lead(offset) }
        let sent = LocalDate.local(due, in: zone).date
        let (day, _) = LocalDate.local(m.start, in: zone)
        switch day.dayNumber - sent.dayNumber {
        case ...0: return lead(max(60, Int(m.start.timeIntervalSince(due)) / 60 * 60))
        case 1: return "tomorrow"
        default: return "on \(LocalTimeText.weekdays[day.isoWeekday - 1]) \(day.day) \(LocalTimeText.months[day.month - 1])"
        }
    }

    /// - Parameter due: when it is sent (quiet hours applied); the subject is worded for then.
    func before(_ m: Meeting, to leader: Leader, offset: Int, due: Date? = nil) -> Message {
        let zone = leader.timeZone
        let (_, minutes) = LocalDate.local(m.start, in: zone)
        let with = others(m, leader)
        let when = lead(m, offset: offset, due: due ?? m.start.addingTimeInterval(-Double(offset)), zone: zone)
        let subject = m.kind == .group
            ? "\(m.title ?? "Peer network") \(when) at \(TimeText.hhmm(minutes))"
            : "Mentoring with \(names(with, schools: false)) \(when) at \(TimeText.hhmm(minutes))"
        var body = "Dear \(firstName(leader)),\n\n"
        body += "A reminder that your \(what(m)) with \(names(with, schools: true)) is coming up:\n\n"
        body += "  When:  \(LocalTimeText.span(m.start, m.end, in: zone))\n"
        body += whereLine(m)
        body += "\nIf you need to move it, please let \(m.kind == .group ? "the group" : names(with, schools: false)) know"
        body += " and tell \(programme.coordinator.name) (\(programme.coordinator.email)).\n\n"
        return Message(subject: subject, body: body + signOff)
    }

    func checkin(_ m: Meeting, to leader: Leader, session: Int, next: Meeting?) -> Message {
        let zone = leader.timeZone
        let with = names(others(m, leader), schools: false)
        let (day, _) = LocalDate.local(m.start, in: zone)
        var body = "Dear \(firstName(leader)),\n\n"
        body += "Since your mentoring session with \(with) on \(LocalTimeText.day(day)) (session \(session)),"
        body += " a few quiet minutes with these questions can keep the momentum going:\n\n"
        body += "  1. Which action point from the session have you moved forward, and what made the difference?\n"
        body += "  2. What has got in the way, and what one small step could you take this week?\n"
        body += "  3. What would you most like to bring to your next conversation with \(with)?\n\n"
        if let next {
            body += "Your next session: \(LocalTimeText.span(next.start, next.end, in: zone)).\n\n"
        }
        return Message(subject: "A quick check-in after your session with \(with)", body: body + signOff)
    }

    func survey(_ m: Meeting, to leader: Leader, session: Int, link: String) -> Message {
        let with = names(others(m, leader), schools: false)
        let url = SurveyLink.fill(link, for: m)
        var body = "Dear \(firstName(leader)),\n\n"
        body += "Thank you for making time for your mentoring session with \(with) (session \(session))."
        body += " How did it go? Two minutes of feedback helps us make the programme work for you:\n\n"
        body += "  \(url)\n\n"
        return Message(subject: "How did your session with \(with) go? (2 minutes)", body: body + signOff)
    }

    func endSurvey(to leader: Leader, link: String?) -> Message {
        var body = "Dear \(firstName(leader)),\n\n"
        body += "\(programme.name) has now finished. Thank you for the time and care you gave to it.\n"
        if let link {
            let url = SurveyLink.fill(link, session: "end", pair: leader.id)
            body += "Would you tell us what difference it made? The end-of-programme survey takes about five minutes:\n\n"
            body += "  \(url)\n\n"
        } else {
            body += "Would you tell us what difference it made? A short reply to \(programme.coordinator.name)"
            body += " (\(programme.coordinator.email)) is all it takes.\n\n"
        }
        return Message(subject: "\(programme.name): your feedback on the year", body: body + signOff)
    }
}
