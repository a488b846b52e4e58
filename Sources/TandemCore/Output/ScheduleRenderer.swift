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
                // Two workers: each prepares its documents' Foundation part while the other holds the libical lock.
                let documents = set.leaders.map { ("\($0.key).ics", $0.value) } + set.invites.map { ("invites/\($0.key).ics", $0.value) }
                    + [("programme.ics", set.programme)]
                let rendered = Parallel.map(documents, chunks: 2) { Data(ICalendarWriter.render($0.1, stamp: stamp).utf8) }
                for ((name, _), data) in zip(documents, rendered) { files[name] = data }
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
