import Foundation
import TandemTesting
import Testing

/// A leader with no meetings gets no `<leader-id>.ics` (RFC 5545 forbids a VCALENDAR without a
/// component, and a placeholder event would block their time); the summary names them.
@Suite struct EmptyCalendarTests {
    @Test func leadersWithoutMeetingsGetNoFileAndAreListed() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        var roster = try String(contentsOf: csv, encoding: .utf8)
        if !roster.hasSuffix("\n") { roster += "\n" }
        // Two mentees whose windows nobody shares: unmatched, so no meetings at all.
        roster += "L013,Nadia Empty,nadia.empty@stannes.example,mentee,St Anne's CE Primary,Northbridge,primary,,Sun 06:00-07:00,,curriculum,1,,,\n"
        roster += "L014,Owen Idle,owen.idle@hillview.example,mentee,Hillview Academy,Northbridge,secondary,,Sat 06:00-07:00,,finance,1,,,\n"
        try roster.write(to: csv, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let args = ["schedule", "Config/example/programme.yaml", "--out", "out", "--now", "2026-09-01"]
        let r = try runTandem(args, in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("L013.ics").path))
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("L014.ics").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent("L001.ics").path))
        #expect(r.stdout.contains("2 leaders have no meetings, so no calendar file was written: L013 Nadia Empty, L014 Owen Idle"),
                "\(r.stdout)")
        // No file anywhere is a VCALENDAR without a component.
        for file in ScheduleCommandTests.icsFiles(in: out) {
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("BEGIN:VEVENT"), "\(file)")
        }

        // An earlier version wrote an empty calendar for L013; the re-plan removes it.
        let stale = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//Tandem Mentoring Scheduler//EN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
        try stale.write(to: out.appendingPathComponent("L013.ics"), atomically: true, encoding: .utf8)
        let again = try runTandem(args, in: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("L013.ics").path))
        #expect(again.stdout.contains("2 leaders have no meetings"))
    }

    @Test func theListIsBounded() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        var roster = try String(contentsOf: csv, encoding: .utf8)
        if !roster.hasSuffix("\n") { roster += "\n" }
        for i in 0..<13 {
            roster += "X\(100 + i),Idle \(i),idle\(i)@hillview.example,mentee,Hillview Academy,Northbridge,secondary,,Sun 06:00-07:00,,finance,1,,,\n"
        }
        try roster.write(to: csv, atomically: true, encoding: .utf8)
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", "out", "--now", "2026-09-01"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let line = r.stdout.components(separatedBy: "\n").first { $0.contains("leaders have no meetings") } ?? ""
        #expect(line.hasPrefix("  13 leaders have no meetings, so no calendar file was written: X100 Idle 0, "), "\(r.stdout)")
        #expect(line.hasSuffix("X109 Idle 9 and 3 more"), "\(line)")
    }
}
