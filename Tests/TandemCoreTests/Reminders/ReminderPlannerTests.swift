import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

@Suite struct ReminderPlannerTests {
    /// A mentor and mentee in `zone`, with reminders as configured.
    func programme(zone: String, quiet: (Int, Int)? = nil, before: [Int] = [86_400],
                   checkin: Int? = nil, survey: Programme.Reminders.Survey? = nil, endSurvey: Int? = nil) -> Programme {
        var p = Fixtures.programme([
            Fixtures.leader("L001", .mentor, school: "Riverside Primary", zone: zone, windows: []),
            Fixtures.leader("L002", .mentee, school: "Hillview Academy", zone: zone, windows: []),
        ])
        p.timeZone = Fixtures.zone(zone)
        p.reminders.before = before
        p.reminders.checkinAfter = checkin
        p.reminders.survey = survey
        p.reminders.endSurveyAfter = endSurvey
        p.reminders.quietHours = quiet.map { (start: $0.0, end: $0.1) }
        p.sessions.location = "https://meet.example/abc"
        return p
    }

    func meeting(_ start: String, minutes: Int = 60, n: Int = 1) -> Meeting {
        let s = Fixtures.instant(start)
        return Meeting(uid: "m-p\(n)", series: "mentoring-l001-l002", kind: .mentoring, attendees: ["L001", "L002"],
                       start: s, end: s.addingTimeInterval(Double(minutes * 60)), period: n)
    }

    func plan(_ p: Programme, _ meetings: [Meeting]) -> [PlannedReminder] {
        ReminderPlanner(programme: p, schedule: Schedule(programme: p.id, meetings: meetings)).plan()
    }

    /// Monday 09:00 local just after each DST change; 24 h before is exactly 86,400 s earlier,
    /// which is again 09:00 local on the Sunday of the change.
    @Test(arguments: [
        ("Europe/London", "2026-03-30T08:00:00Z", "2026-03-29T08:00:00Z"),   // BST began Sun 29 Mar 01:00 UTC
        ("Europe/London", "2026-10-26T09:00:00Z", "2026-10-25T09:00:00Z"),   // BST ended Sun 25 Oct
        ("America/New_York", "2026-03-09T13:00:00Z", "2026-03-08T13:00:00Z"), // EDT began Sun 8 Mar
        ("America/New_York", "2026-11-02T14:00:00Z", "2026-11-01T14:00:00Z"), // EDT ended Sun 1 Nov
        ("Australia/Sydney", "2026-04-05T23:00:00Z", "2026-04-04T23:00:00Z"), // AEDT ended Sun 5 Apr
        ("Australia/Sydney", "2026-10-04T22:00:00Z", "2026-10-03T22:00:00Z"), // AEDT began Sun 4 Oct
    ])
    func dayBeforeAcrossDST(zone: String, start: String, expected: String) {
        let p = programme(zone: zone, quiet: (21 * 60, 7 * 60 + 30))
        let reminders = plan(p, [meeting(start)])
        #expect(reminders.count == 2)
        for r in reminders {
            #expect(r.kind == .before)
            #expect(ISO8601.string(r.due) == expected)
            let (day, minutes) = LocalDate.local(r.due, in: Fixtures.zone(zone))
            #expect(day.isoWeekday == 7 && minutes == 9 * 60, "\(zone): due \(day) \(minutes) is not Sunday 09:00 local")
            #expect(r.body.contains("09:00–10:00"), "\(r.body)")
            #expect(r.body.contains("Monday"))
        }
    }

    @Test func idempotencyKeyNamesKindMeetingRecipientOffset() {
        let r = plan(programme(zone: "Europe/London"), [meeting("2026-09-14T15:00:00Z")])
        #expect(Set(r.map(\.key)) == ["before|m-p1|L001|86400", "before|m-p1|L002|86400"])
        #expect(r.first { $0.recipient == "L001" }?.recipientEmail == "l001@school.example")
    }

    @Test func quietHoursMoveLaterToTheirEnd() {
        // A check-in falling at 23:00 London time moves to 07:30 the next morning.
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [], checkin: 7 * 86_400)
        let r = plan(p, [meeting("2026-09-14T21:00:00Z")])  // 22:00-23:00 BST
        #expect(r.count == 2)
        for x in r { #expect(ISO8601.string(x.due) == "2026-09-22T06:30:00Z") }
    }

    @Test func quietHoursMoveEarlierWhenLaterWouldPassTheMeeting() {
        // A 07:00 New York meeting: 1 h before is 06:00 (quiet); 07:30 would pass the meeting,
        // so it goes out at 20:59 the evening before.
        let p = programme(zone: "America/New_York", quiet: (21 * 60, 7 * 60 + 30), before: [3_600])
        let r = plan(p, [meeting("2026-09-15T11:00:00Z")])
        #expect(r.count == 2)
        for x in r {
            #expect(ISO8601.string(x.due) == "2026-09-15T00:59:00Z")  // 20:59 EDT on the 14th
            #expect(x.due < Fixtures.instant("2026-09-15T11:00:00Z"))
        }
    }

    @Test func quietHoursInsideOneDayAndAfterTheMeeting() {
        // Quiet 12:00-14:00 (a lunchtime window that does not wrap); a 1 h reminder at 13:00 moves to 14:00 only
        // when the meeting is after 14:00.
        let p = programme(zone: "Australia/Sydney", quiet: (12 * 60, 14 * 60), before: [3_600])
        let r = plan(p, [meeting("2026-09-15T04:30:00Z")])  // 14:30 AEST
        #expect(r.allSatisfy { ISO8601.string($0.due) == "2026-09-15T04:00:00Z" })
        for x in r {
            let (_, m) = LocalDate.local(x.due, in: Fixtures.zone("Australia/Sydney"))
            #expect(!QuietHours(start: 12 * 60, end: 14 * 60).contains(minutes: m))
        }
    }

    @Test func noReminderLandsInQuietHoursAcrossAYear() {
        let zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
        let quiet = QuietHours(start: 21 * 60, end: 7 * 60 + 30)
        for zone in zones {
            let p = programme(zone: zone, quiet: (quiet.start, quiet.end), before: [86_400, 3_600, 600],
                              checkin: 7 * 86_400, survey: .init(after: 7_200, every: 2, link: "https://f.example/?s={session}&p={pair}"),
                              endSurvey: 7 * 86_400)
            // A meeting every 37 hours through the year, at all times of day.
            let meetings = (0..<230).map { i in
                meeting(ISO8601.string(Fixtures.instant("2026-09-01T00:00:00Z").addingTimeInterval(Double(i) * 37 * 3_600)), n: i + 1)
            }
            for r in plan(p, meetings) {
                let (_, m) = LocalDate.local(r.due, in: Fixtures.zone(zone))
                #expect(!quiet.contains(minutes: m), "\(zone) \(r.key) due \(ISO8601.string(r.due))")
                if r.kind == .before, let start = r.meetingStart { #expect(r.due < start) }
            }
        }
    }

    @Test func surveyEveryNthSessionWithLinkFilled() {
        let p = programme(zone: "Europe/London", before: [], survey: .init(after: 7_200, every: 2, link: "https://forms.example/f?session={session}&pair={pair}"))
        let meetings = (1...5).map { meeting(ISO8601.string(Fixtures.instant("2026-09-14T15:00:00Z").addingTimeInterval(Double($0 - 1) * 14 * 86_400)), n: $0) }
        let r = plan(p, meetings)
        #expect(r.count == 4)  // sessions 2 and 4, two recipients each
        #expect(Set(r.map(\.meeting)) == ["m-p2", "m-p4"])
        #expect(r.contains { $0.body.contains("https://forms.example/f?session=m-p4&pair=L001-L002") })  // the meeting uid (SurveyLink)
        #expect(r.allSatisfy { $0.due == meetings[Int($0.meeting.dropFirst(3))! - 1].end.addingTimeInterval(7_200) })
    }

    @Test func checkinAsksReflectiveQuestionsAndNamesTheNextSession() {
        let p = programme(zone: "Europe/London", before: [], checkin: 7 * 86_400)
        let r = plan(p, [meeting("2026-09-14T15:00:00Z", n: 1), meeting("2026-09-28T15:00:00Z", n: 2)])
        let first = r.first { $0.meeting == "m-p1" && $0.recipient == "L002" }!
        #expect(first.subject == "A quick check-in after your session with Leader L001")
        #expect(first.body.contains("action point"))
        #expect(first.body.components(separatedBy: "?\n").count >= 3)
        #expect(first.body.contains("Your next session: Monday 28 September 2026, 16:00–17:00 London time (UTC+01:00)"))
    }

    @Test func endSurveyAfterTheProgrammeEnds() {
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [],
                          survey: .init(after: 60, every: 100, link: "https://f.example/?s={session}&p={pair}"), endSurvey: 7 * 86_400)
        let r = plan(p, [meeting("2026-09-14T15:00:00Z")])
        #expect(r.count == 2)
        // End 2027-07-16 (inclusive): midnight after it plus 7 days is 00:00 on the 24th, quiet until 07:30 BST.
        #expect(r.allSatisfy { $0.kind == .endSurvey && ISO8601.string($0.due) == "2027-07-24T06:30:00Z" })
        #expect(r[0].meeting == "programme:test-programme")
        #expect(r[0].body.contains("https://f.example/?s=end&p=L00"))
    }

    @Test func beforeMessageSaysWhoWhenAndWhere() {
        let p = programme(zone: "America/New_York")
        let r = plan(p, [meeting("2026-09-15T20:00:00Z")])
        let toMentee = r.first { $0.recipient == "L002" }!
        #expect(toMentee.subject == "Mentoring with Leader L001 tomorrow at 16:00")
        #expect(toMentee.body.contains("Leader L001 (Riverside Primary)"))
        #expect(toMentee.body.contains("Tuesday 15 September 2026, 16:00–17:00 New York time (UTC-04:00)"))
        #expect(toMentee.body.contains("Link:  https://meet.example/abc"))
        #expect(toMentee.body.contains("Co Ordinator (coordinator@trust.example)"))
    }

    @Test func planIsDeterministicAndWindowed() {
        let p = programme(zone: "Europe/London", before: [86_400, 3_600], checkin: 86_400)
        let ms = [meeting("2026-09-14T15:00:00Z", n: 1), meeting("2026-09-28T15:00:00Z", n: 2)]
        let planner = ReminderPlanner(programme: p, schedule: Schedule(programme: p.id, meetings: ms))
        #expect(planner.plan() == planner.plan())
        let window = planner.plan(from: Fixtures.instant("2026-09-14T00:00:00Z"), to: Fixtures.instant("2026-09-15T00:00:00Z"))
        #expect(window.count == 2)
        #expect(window.allSatisfy { $0.offset == 3_600 })
    }
    // MARK: Reminders that quiet hours move are worded for when they are sent

    @Test func aOneHourReminderPushedToTheEveningBeforeSaysTomorrow() {
        // 07:30 London: 1 h before is 06:30 (quiet); 07:30 would be the meeting itself, so it goes
        // out at 20:59 the evening before, and says so.
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [86_400, 3_600])
        let r = plan(p, [meeting("2026-09-15T06:30:00Z")]).filter { $0.recipient == "L002" }
        let hour = r.first { $0.offset == 3_600 }!
        #expect(ISO8601.string(hour.due) == "2026-09-14T19:59:00Z")  // 20:59 BST on the 14th
        #expect(hour.subject == "Mentoring with Leader L001 tomorrow at 07:30")
        #expect(!hour.subject.contains("in 1 hour"))
        // The day-before reminder went out on time at 07:30 on the 14th: kept, worded as ever.
        let day = r.first { $0.offset == 86_400 }!
        #expect(ISO8601.string(day.due) == "2026-09-14T06:30:00Z")
        #expect(day.subject == "Mentoring with Leader L001 tomorrow at 07:30")
    }

    @Test func aReminderMovedWithinTheMeetingsDaySaysHowSoon() {
        // 07:45 London: 1 h before is 06:45 (quiet until 07:30), so it goes at 07:30, 15 minutes before.
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [3_600])
        let r = plan(p, [meeting("2026-09-15T06:45:00Z")]).filter { $0.recipient == "L002" }
        #expect(r.count == 1 && r.allSatisfy { ISO8601.string($0.due) == "2026-09-15T06:30:00Z" })
        #expect(r.allSatisfy { $0.subject == "Mentoring with Leader L001 in 15 minutes at 07:45" }, "\(r.map(\.subject))")
        // Not moved: the offset's own words.
        let onTime = plan(p, [meeting("2026-09-15T15:00:00Z")]).filter { $0.recipient == "L002" }
        #expect(onTime.allSatisfy { $0.subject == "Mentoring with Leader L001 in 1 hour at 16:00" })
    }

    @Test func aReminderMovedFurtherAheadNamesTheDay() {
        // Thursday 22:30 London, 3 days 30 minutes before: Monday 22:00 (quiet) → Tuesday 07:30, two days ahead.
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [3 * 86_400 + 1_800])
        let r = plan(p, [meeting("2026-09-17T21:30:00Z")]).filter { $0.recipient == "L002" }
        #expect(r.count == 1 && r.allSatisfy { ISO8601.string($0.due) == "2026-09-15T06:30:00Z" })
        #expect(r.allSatisfy { $0.subject == "Mentoring with Leader L001 on Thursday 17 September at 22:30" }, "\(r.map(\.subject))")
    }

    @Test func aShorterReminderPushedToOrBeforeALongerOneIsDropped() {
        // 07:30 London with 10 h and 1 h reminders: both fall in quiet hours and both would go at
        // 20:59 the evening before; the 1 h one says nothing new and is dropped, per recipient.
        let p = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [36_000, 3_600])
        let r = plan(p, [meeting("2026-09-15T06:30:00Z")])
        #expect(r.count == 2)
        #expect(r.allSatisfy { $0.offset == 36_000 && ISO8601.string($0.due) == "2026-09-14T19:59:00Z" })
        #expect(Set(r.map(\.recipient)) == ["L001", "L002"])
        // A 2 h and a 1 h reminder for 07:45 both move to 07:30: only the 2 h one goes.
        let q = programme(zone: "Europe/London", quiet: (21 * 60, 7 * 60 + 30), before: [7_200, 3_600])
        let s = plan(q, [meeting("2026-09-15T06:45:00Z")])
        #expect(s.count == 2 && s.allSatisfy { $0.offset == 7_200 })
        // Outside quiet hours nothing is dropped.
        #expect(plan(q, [meeting("2026-09-15T15:00:00Z")]).count == 4)
    }
}
