import Foundation
import TandemTesting
import Testing

/// `tandem check` on a real schedule, on hand-corrupted copies, and on a malformed file.
@Suite struct CheckCommandTests {
    static let example = "Config/example/programme.yaml"
    static let now = "2026-09-01"

    static let schedule: URL = {
        let out = TestSupport.temporaryFolder("check").appendingPathComponent("out")
        let r = try! runTandem(["schedule", example, "--out", out.path, "--now", now, "--quiet"])
        precondition(r.status == 0, "tandem schedule failed: \(r.stderr)")
        return out.appendingPathComponent("schedule.json")
    }()

    /// Writes a changed copy of the example's schedule.json and returns its path.
    static func corrupted(_ change: (inout [[String: Any]]) -> Void) throws -> String {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: schedule)) as! [String: Any]
        var meetings = json["meetings"] as! [[String: Any]]
        change(&meetings)
        json["meetings"] = meetings
        let url = TestSupport.temporaryFolder("corrupt").appendingPathComponent("schedule.json")
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
        return url.path
    }

    static func shift(_ iso: Any?, days: Int) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: f.date(from: iso as! String)!.addingTimeInterval(Double(days) * 86_400))
    }

    @Test func theSchedulersOwnOutputHasNoViolations() throws {
        let r = try runTandem(["check", Self.example, Self.schedule.path, "--now", Self.now])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.range(of: #"^no violations in \d+ meetings\n$"#, options: .regularExpression) != nil, "\(r.stdout)")
        // Without --now the notice check is skipped, so a schedule stays valid as the year goes on.
        let later = try runTandem(["check", Self.example, Self.schedule.path])
        #expect(later.status == 0, "\(later.stdout)")
    }

    @Test func aMeetingMovedIntoTheChristmasClosureIsReported() throws {
        var moved = ""
        let path = try Self.corrupted { meetings in
            // Whole weeks keep the weekday; find the shift that lands in 2026-12-21…2027-01-01.
            let i = meetings.firstIndex { $0["kind"] as? String == "mentoring" }!
            let start = ISO8601DateFormatter().date(from: meetings[i]["start"] as! String)!
            let target = ISO8601DateFormatter().date(from: "2026-12-21T00:00:00Z")!
            let weeks = Int((target.timeIntervalSince(start) / 86_400 / 7).rounded(.up))
            meetings[i]["start"] = Self.shift(meetings[i]["start"], days: 7 * weeks)
            meetings[i]["end"] = Self.shift(meetings[i]["end"], days: 7 * weeks)
            moved = meetings[i]["uid"] as! String
        }
        let r = try runTandem(["check", Self.example, path, "--now", Self.now])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[3] \(moved): on a closed day"), "\(r.stdout)")
        #expect(r.stdout.contains("violation(s) in"))
    }

    @Test func aDoubleBookingIsReported() throws {
        let path = try Self.corrupted { meetings in
            var copy = meetings[0]
            copy["uid"] = "corrupt-copy@tandem"
            meetings.append(copy)
        }
        let r = try runTandem(["check", Self.example, path, "--now", Self.now])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[4] corrupt-copy@tandem"), "\(r.stdout)")
        #expect(r.stdout.contains("[5]"), "\(r.stdout)")
    }

    @Test func aMeetingBeforeNoticeIsReportedWhenNowIsGiven() throws {
        let r = try runTandem(["check", Self.example, Self.schedule.path, "--now", "2026-10-01"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("starts before now + notice"))
    }

    @Test func malformedScheduleIs65AndNamesTheFile() throws {
        let url = TestSupport.temporaryFolder("bad").appendingPathComponent("schedule.json")
        try Data(#"{"programme": "x", "meetings": [ {"uid": 3} ]"#.utf8).write(to: url)
        let r = try runTandem(["check", Self.example, url.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains(url.path), "\(r.stderr)")
        let missing = try runTandem(["check", Self.example, "/nonexistent/schedule.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/schedule.json"))
    }
}
