import Foundation
import TandemTesting
import Testing

/// Names with quotes, commas, semicolons, line breaks and non-Latin script make valid files and inject nothing.
@Suite struct AwkwardNameTests {
    @Test func awkwardNamesInjectNothing() throws {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        // Rename the first three leaders (they have meetings in the example).
        let names = [
            "\"Siobhán \"\"Shiv\"\" O'Neill, Deputy; Head\"",
            "\"Mallory\r\nATTENDEE:mailto:x@evil.example\"",
            "王秀英",
        ]
        for (i, name) in names.enumerated() {
            // Keep the id and everything from the email column on; swap the name between them.
            let original = lines[i + 1]
            let id = original.prefix { $0 != "," }
            let email = original.range(of: #",[^,]*@[^,]*,"#, options: .regularExpression)!
            lines[i + 1] = id + "," + name + original[email.lowerBound...]
        }
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", out.path, "--now", "2026-09-01"], in: root)
        #expect(r.status == 0, "\(r.stderr)")

        let files = ScheduleCommandTests.icsFiles(in: out)
        var attendeesByUID: [String: Int] = [:]
        for m in try ScheduleCommandTests.schedule(out)["meetings"] as! [[String: Any]] {
            attendeesByUID[m["ics_uid"] as! String] = (m["attendees"] as! [String]).count
        }
        let report = try Oracle.run("parse_all.py", files) as! [String: Any]
        let byFile = report["files"] as! [String: [String: Any]]
        var sawShiv = false, sawChinese = false
        for (file, info) in byFile {
            for parser in ["icalendar", "ical", "vobject"] {
                #expect(info[parser] is NSNull, "\(parser) rejected \(file)")
            }
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(!unfolded.components(separatedBy: "\r\n").contains { $0.hasPrefix("ATTENDEE:mailto:x@evil") }, "\(file)")
            let counts = info["property_counts"] as! [String: Int]
            if file.contains("/invites/") {
                let uid = String(URL(fileURLWithPath: file).lastPathComponent.dropLast(4))
                #expect(counts["VEVENT/ATTENDEE"] == attendeesByUID[uid], "\(file): \(counts)")
                #expect(counts["VEVENT/ORGANIZER"] == 1, "\(file): \(counts)")
            } else {
                #expect(counts["VEVENT/ATTENDEE"] == nil, "\(file): \(counts)")
            }
            if unfolded.contains("Shiv") { sawShiv = true }
            if unfolded.contains("王秀英") { sawChinese = true }
        }
        #expect(sawShiv && sawChinese)
    }
    /// A programme and leader name with `,` and `;` read back whole from X-WR-CALNAME (icalendar and
    /// vobject, Radicale's parser), and every PUBLISH event names the coordinator as ORGANIZER
    /// (RFC 5546 §3.2.1) with a sanitised CN.
    @Test func calendarNamesReadBackWholeAndPublishedEventsNameTheOrganizer() throws {
        let root = try TestSupport.copyOfExample()
        let yaml = root.appendingPathComponent("Config/example/programme.yaml")
        try TestSupport.edit(yaml, replacing: "name: Northbridge Trust Leadership Mentoring 2026-27",
                             with: "name: \"Northbridge, Riverside; and Oakfield Mentoring\"")
        try TestSupport.edit(yaml, replacing: "coordinator: { name: Amara Okafor,",
                             with: "coordinator: { name: \"Amara \\\"Ama\\\" Okafor, Lead; Coordinator\",")
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        try TestSupport.edit(csv, replacing: "L001,Priya Shah,", with: "L001,\"Shah, Priya; Head\",")
        let out = root.appendingPathComponent("out")
        let r = try runTandem(["schedule", "Config/example/programme.yaml", "--out", out.path, "--now", "2026-09-01"], in: root)
        #expect(r.status == 0, "\(r.stderr)")

        let published = ScheduleCommandTests.icsFiles(in: out).filter { !$0.contains("/invites/") }
        let report = try Oracle.run("properties.py", published) as! [String: [String: Any]]
        let programme = "Northbridge, Riverside; and Oakfield Mentoring"
        let l001 = report[out.appendingPathComponent("L001.ics").path]!
        #expect((l001["calendar"] as! [String: [String]])["X-WR-CALNAME"] == ["\(programme): Shah, Priya; Head"])
        #expect(l001["vobject_calname"] as? String == "\(programme): Shah, Priya; Head")
        var events = 0
        for (file, info) in report {
            for event in info["events"] as! [[String: Any]] {
                events += 1
                let organizer = event["ORGANIZER"] as? [[String: Any]] ?? []
                #expect(organizer.count == 1, "\(file): \(event["UID"] ?? "")")
                #expect(organizer.first?["value"] as? String == "mailto:amara.okafor@northbridge.example", "\(file)")
                let cn = (organizer.first?["params"] as? [String: String])?["CN"]
                #expect(cn == "Amara 'Ama' Okafor, Lead; Coordinator", "\(file): \(cn ?? "none")")
                #expect(event["ATTENDEE"] == nil, "\(file)")
            }
        }
        #expect(events > 20)
    }
}
