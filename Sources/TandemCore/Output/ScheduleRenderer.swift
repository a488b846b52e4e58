import Foundation
import Synchronization
import TandemCalendar

/// The render stage: every file of the output folder (DESIGN §5) as bytes, from a schedule with
/// its identities and its folded VEVENTs.
///
/// The calendars go through libical, one call at a time; schedule.json and the overview page
/// need only Foundation, so they are rendered on a second core meanwhile. The bytes are the same
/// either way.
enum ScheduleRenderer {
    static func files(_ identified: CalendarIdentity.Identified, programme: Programme, stamp: Date,
                      responses: [InvitationResponse] = []) -> [String: Data] {
        let schedule = identified.schedule
        let parts = Mutex<[[String: Data]]>([[:], [:]])
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            var files: [String: Data] = [:]
            if part == 0 {
                let set = CalendarBuilder.build(schedule, events: identified.events, programme: programme)
                for (id, doc) in set.leaders {
                    files["\(id).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
                }
                for (uid, doc) in set.invites {
                    files["invites/\(uid).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
                }
                files["programme.ics"] = Data(ICalendarWriter.render(set.programme, stamp: stamp).utf8)
            } else {
                files["schedule.json"] = ScheduleJSON.encode(schedule)
                files["overview.html"] = Data(OverviewPage.render(schedule, programme: programme, responses: responses).utf8)
            }
            let done = files
            parts.withLock { $0[part] = done }
        }
        return parts.withLock { $0[0].merging($0[1]) { a, _ in a } }
    }
}
