public import Foundation
import TandemCalendar

/// Plans every reminder of a schedule (DESIGN §6): pure, deterministic, no clock.
public struct ReminderPlanner: Sendable {
    public var programme: Programme
    public var schedule: Schedule

    public init(programme: Programme, schedule: Schedule) {
        self.programme = programme
        self.schedule = schedule
    }

    /// Every reminder, sorted by due time then key.
    ///
    /// `before` reminders go to every attendee of every meeting; check-ins and surveys follow
    /// mentoring sessions only; the end-of-programme survey goes to every leader who has a meeting.
    public func plan() -> [PlannedReminder] {
        let config = programme.reminders
        let quiet = config.quietHours.map { QuietHours(start: $0.start, end: $0.end) }
        let leaders = Dictionary(programme.leaders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let text = ReminderText(programme: programme, leaders: leaders)
        var out: [PlannedReminder] = []

        // Session numbers per pair (mentoring series), in time order.
        let meetings = schedule.meetings.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
        var sessionNumber: [String: Int] = [:]
        var seriesMeetings: [String: [Meeting]] = [:]
        for m in meetings where m.kind == .mentoring { seriesMeetings[m.series, default: []].append(m) }
        for (_, list) in seriesMeetings {
            for (i, m) in list.enumerated() { sessionNumber[m.uid] = i + 1 }
        }

        func add(_ kind: PlannedReminder.Kind, _ meeting: String, _ leader: Leader, offset: Int, natural: Date,
                 deadline: Date?, meetingStart: Date?, message: ReminderText.Message) {
            let due = quiet?.adjust(natural, in: leader.timeZone, deadline: deadline) ?? natural
            out.append(PlannedReminder(kind: kind, meeting: meeting, recipient: leader.id, offset: offset, due: due,
                                       meetingStart: meetingStart, recipientName: leader.name,
                                       recipientEmail: leader.email, subject: message.subject, body: message.body))
        }

        for m in meetings {
            let attendees = m.attendees.compactMap { leaders[$0] }
            let number = sessionNumber[m.uid]
            let next = seriesMeetings[m.series]?.first { $0.start > m.start }
            for leader in attendees {
                // Longest first: a shorter reminder that quiet hours push to or before a longer one
                // of the same meeting would tell this recipient nothing new, so it is dropped.
                var latest: Date?
                for offset in Set(config.before).sorted(by: >) {
                    let natural = m.start.addingTimeInterval(-Double(offset))
                    let due = quiet?.adjust(natural, in: leader.timeZone, deadline: m.start) ?? natural
                    if let latest, due <= latest { continue }
                    latest = due
                    add(.before, m.uid, leader, offset: offset, natural: natural,
                        deadline: m.start, meetingStart: m.start,
                        message: text.before(m, to: leader, offset: offset, due: due))
                }
                guard m.kind == .mentoring else { continue }
                if let after = config.checkinAfter {
                    add(.checkin, m.uid, leader, offset: after, natural: m.end.addingTimeInterval(Double(after)),
                        deadline: nil, meetingStart: m.start,
                        message: text.checkin(m, to: leader, session: number ?? 1, next: next))
                }
                if let survey = config.survey, let n = number, survey.every > 0, n % survey.every == 0 {
                    add(.survey, m.uid, leader, offset: survey.after,
                        natural: m.end.addingTimeInterval(Double(survey.after)), deadline: nil, meetingStart: m.start,
                        message: text.survey(m, to: leader, session: n, link: survey.link))
                }
            }
        }

        if let after = config.endSurveyAfter {
            let recipients = Set(schedule.meetings.flatMap(\.attendees))
            for leader in programme.leaders where recipients.contains(leader.id) {
                let natural = programme.end.adding(days: 1).instant(minutes: 0, in: leader.timeZone)
                    .addingTimeInterval(Double(after))
                add(.endSurvey, "programme:\(programme.id)", leader, offset: after, natural: natural, deadline: nil,
                    meetingStart: nil, message: text.endSurvey(to: leader, link: config.survey?.link))
            }
        }
        return out.sorted { ($0.due, $0.key) < ($1.due, $1.key) }
    }

    /// The reminders due in `[from, to)`.
    public func plan(from: Date, to: Date) -> [PlannedReminder] {
        plan().filter { $0.due >= from && $0.due < to }
    }

    /// The `{pair}` value of a survey link: the attendees' ids joined with `-` (mentor first).
    public static func pairToken(_ meeting: Meeting) -> String { meeting.attendees.joined(separator: "-") }
}
