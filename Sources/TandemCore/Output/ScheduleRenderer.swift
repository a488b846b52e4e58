import Foundation
import TandemCalendar

/// The render stage: every file of the output folder (DESIGN §5) as bytes, from a schedule with
/// its identities and its folded VEVENTs.
enum ScheduleRenderer {
    static func files(_ identified: CalendarIdentity.Identified, programme: Programme, stamp: Date) -> [String: Data] {
        let schedule = identified.schedule
        let set = CalendarBuilder.build(schedule, events: identified.events, programme: programme)
        var files: [String: Data] = [:]
        for (id, doc) in set.leaders {
            files["\(id).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
        }
        for (uid, doc) in set.invites {
            files["invites/\(uid).ics"] = Data(ICalendarWriter.render(doc, stamp: stamp).utf8)
        }
        files["programme.ics"] = Data(ICalendarWriter.render(set.programme, stamp: stamp).utf8)
        files["schedule.json"] = ScheduleJSON.encode(schedule)
        files["overview.html"] = Data(OverviewPage.render(schedule, programme: programme).utf8)
        return files
    }
}
