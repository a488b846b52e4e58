import Foundation
import TandemTesting
import Testing

/// `tandem busy` agrees occurrence for occurrence with recurring-ical-events on the example exports.
@Suite struct BusyCommandTests {
    static var exports: [String] {
        let folder = TestSupport.packageRoot.appendingPathComponent("Calendars/example")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("L") && $0.hasSuffix(".ics") }.sorted()
            .map { "Calendars/example/\($0)" }
    }

    @Test(arguments: exports)
    func busyMatchesIndependentExpansion(file: String) throws {
        let r = try runTandem(["busy", file, "--from", "2026-09-01", "--to", "2027-08-01", "--tz", "Europe/London", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let ours = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let theirs = try Oracle.run("expand.py", [TestSupport.packageRoot.appendingPathComponent(file).path,
                                                  "--from", "2026-09-01", "--to", "2027-07-31", "--tz", "Europe/London"]) as! [[String: Any]]
        let busy = theirs.filter {
            ($0["status"] as? String)?.uppercased() != "CANCELLED" && ($0["transp"] as? String)?.uppercased() != "TRANSPARENT"
                && ($0["start"] as! String) != ($0["end"] as! String)
        }
        func key(_ row: [String: Any]) -> String { "\(row["start"]!) \(row["end"]!) \(row["summary"]!)" }
        #expect(ours.map(key).sorted() == busy.map(key).sorted())
        #expect(!ours.isEmpty)
    }

    @Test func exportsCoverTheAwkwardShapes() throws {
        let all = try Self.exports.map { try String(contentsOf: TestSupport.packageRoot.appendingPathComponent($0), encoding: .utf8) }
            .joined()
        for feature in ["RECURRENCE-ID", "EXDATE", "RDATE", "STATUS:CANCELLED", "TRANSP:TRANSPARENT", "VALUE=DATE", "GMT Standard Time"] {
            #expect(all.contains(feature), "no example export has \(feature)")
        }
    }

    @Test func missingFileIs66AndBadDateIs64() throws {
        let r = try runTandem(["busy", "Calendars/example/nope.ics", "--from", "2026-09-01", "--to", "2027-08-01"])
        #expect(r.status == 66)
        let u = try runTandem(["busy", Self.exports[0], "--from", "2026-13-01", "--to", "2027-08-01"])
        #expect(u.status == 64)
    }
}
