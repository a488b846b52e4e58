import Foundation
import TandemTesting
import Testing

/// `tandem schedule` on real files, checked by independent iCalendar parsers.
@Suite(.serialized) struct ScheduleCommandTests {
    static let example = "Config/example/programme.yaml"
    static let now = "2026-09-01"

    /// Runs the example once per test process and shares the folder.
    static let exampleOutput: URL = {
        let out = TestSupport.temporaryFolder("example").appendingPathComponent("out")
        let r = try! runTandem(["schedule", example, "--out", out.path, "--now", now, "--quiet"])
        precondition(r.status == 0, "tandem schedule failed: \(r.stderr)")
        return out
    }()

    static func icsFiles(in folder: URL) -> [String] {
        let e = FileManager.default.enumerator(atPath: folder.path)!
        return (e.allObjects as! [String]).filter { $0.hasSuffix(".ics") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    static func schedule(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("schedule.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test func writesEveryOutput() throws {
        let out = Self.exampleOutput
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: out.appendingPathComponent("schedule.json").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent("programme.ics").path))
        let json = try Self.schedule(out)
        #expect(json["programme"] as? String == "northbridge-2026-27")
        let meetings = json["meetings"] as! [[String: Any]]
        #expect(meetings.count >= 20)
        let invites = try fm.contentsOfDirectory(atPath: out.appendingPathComponent("invites").path)
        #expect(!invites.isEmpty)
        let uids = Set(meetings.map { $0["ics_uid"] as! String })
        #expect(Set(invites.map { String($0.dropLast(4)) }) == uids)
        let roster = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("Config/example/leaders.csv"), encoding: .utf8)
        let ids = roster.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        for id in ids { #expect(fm.fileExists(atPath: out.appendingPathComponent("\(id).ics").path), "\(id).ics") }
    }

    @Test func everyFileParsesInThreeIndependentParsers() throws {
        let files = Self.icsFiles(in: Self.exampleOutput)
        let report = try Oracle.run("parse_all.py", files) as! [String: Any]
        let byFile = report["files"] as! [String: [String: Any]]
        #expect(byFile.count == files.count)
        for (file, r) in byFile {
            for parser in ["icalendar", "ical", "vobject"] {
                #expect(r[parser] is NSNull, "\(parser) rejected \(file): \(r[parser] ?? "")")
            }
            let used = Set(r["tzids_used"] as! [String])
            let zones = r["vtimezones"] as! [String: [String: Int]]
            #expect(used.isSubset(of: Set(zones.keys)), "\(file): TZID without VTIMEZONE")
            for (tzid, parts) in zones {
                #expect(!tzid.contains("/freeassociation"), "\(file): \(tzid)")
                #expect(TimeZone(identifier: tzid) != nil, "\(file): \(tzid) is not an IANA name")
                #expect((parts["standard"] ?? 0) <= 1 && (parts["daylight"] ?? 0) <= 1, "\(file): \(tzid) \(parts)")
            }
        }
    }

    @Test func eachLeaderFileExpandsToExactlyTheirMeetings() throws {
        let out = Self.exampleOutput
        let meetings = try Self.schedule(out)["meetings"] as! [[String: Any]]
        var leaders = Set<String>()
        for m in meetings { for a in m["attendees"] as! [String] { leaders.insert(a) } }
        #expect(leaders.count >= 6)
        for id in leaders.sorted() {
            let expected = meetings.filter { ($0["attendees"] as! [String]).contains(id) }
                .map { "\($0["start"]!) \($0["end"]!)" }.sorted()
            let expanded = try Oracle.run("expand.py", [out.appendingPathComponent("\(id).ics").path,
                                                        "--from", "2026-09-01", "--to", "2027-08-01"]) as! [[String: Any]]
            let got = expanded.filter { ($0["status"] as? String)?.uppercased() != "CANCELLED" }
                .map { "\($0["start"]!) \($0["end"]!)" }.sorted()
            #expect(got == expected, "\(id)")
        }
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let again = TestSupport.temporaryFolder("again").appendingPathComponent("out")
        let r = try runTandem(["schedule", Self.example, "--out", again.path, "--now", Self.now, "--quiet"])
        #expect(r.status == 0)
        let a = try Data(contentsOf: Self.exampleOutput.appendingPathComponent("schedule.json"))
        let b = try Data(contentsOf: again.appendingPathComponent("schedule.json"))
        #expect(a == b)
        func body(_ url: URL) throws -> String {
            try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
                .filter { !$0.hasPrefix("DTSTAMP") }.joined(separator: "\n")
        }
        for file in Self.icsFiles(in: again) {
            let twin = Self.exampleOutput.appendingPathComponent(String(file.dropFirst(again.path.count + 1)))
            #expect(try body(URL(fileURLWithPath: file)) == body(twin), "\(file)")
        }
    }
}

/// Closures checked against an independent reading of the closure calendars.
@Suite struct ClosureTests {
    @Test func noMeetingOnATermHolidayOrBankHoliday() throws {
        let out = ScheduleCommandTests.exampleOutput
        let meetings = try ScheduleCommandTests.schedule(out)["meetings"] as! [[String: Any]]
        var closed = Set<String>()
        for file in ["Calendars/example/term-dates.ics", "Calendars/uk-bank-holidays-england-and-wales.ics"] {
            let rows = try Oracle.run("expand.py", [TestSupport.packageRoot.appendingPathComponent(file).path,
                                                    "--from", "2026-09-01", "--to", "2027-07-31"]) as! [[String: Any]]
            for row in rows where row["all_day"] as? Bool == true {
                // All-day rows start at local midnight; walk their days in London.
                var day = ISO8601DateFormatter().date(from: row["start"] as! String)!
                let end = ISO8601DateFormatter().date(from: row["end"] as! String)!
                while day < end {
                    closed.insert(Self.londonDay(day))
                    day = day.addingTimeInterval(86_400)
                }
            }
        }
        #expect(closed.contains("2026-10-27"))  // October half term
        #expect(closed.contains("2027-02-16"))  // February half term
        closed.formUnion(["2026-10-23"])
        for m in meetings {
            let day = Self.londonDay(ISO8601DateFormatter().date(from: m["start"] as! String)!)
            #expect(!closed.contains(day), "\(m["uid"]!) is on a closed day \(day)")
        }
    }

    static func londonDay(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let c = calendar.dateComponents([.year, .month, .day], from: instant.addingTimeInterval(3600))
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
