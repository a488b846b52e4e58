import Foundation
import TandemTesting
import Testing

/// `tandem match` on real files: the table, the JSON contract, and bad input.
@Suite struct MatchCommandTests {
    static let example = "Config/example/programme.yaml"

    /// A copy of the example whose roster has no fixed pairs, so the matcher chooses every pair.
    static func exampleWithoutFixedPairs() throws -> URL {
        let root = try TestSupport.copyOfExample()
        let csv = root.appendingPathComponent("Config/example/leaders.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        // The pair column is last: drop an id after the final comma.
        let stripped = lines.enumerated().map { i, line -> String in
            guard i > 0, let comma = line.lastIndex(of: ",") else { return String(line) }
            return String(line[...comma])
        }
        try stripped.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        return root
    }

    @Test func tableShowsPairsWithTheirBreakdown() throws {
        let r = try runTandem(["match", Self.example])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("8 pair(s) (8 fixed in the roster), 0 unmatched"), "\(r.stdout)")
        #expect(r.stdout.contains("score  goals  phase  avail  exper  why"))
        #expect(r.stdout.contains("L001 Priya Shah"))
        #expect(r.stdout.contains("shared goal: curriculum"))
    }

    @Test func jsonHasPairsWithBreakdownAndUnmatchedWithReasons() throws {
        let root = try Self.exampleWithoutFixedPairs()
        let r = try runTandem(["match", "Config/example/programme.yaml", "--json"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let pairs = json["pairs"] as! [[String: Any]]
        let unmatched = json["unmatched"] as! [[String: Any]]
        // Mentees L005-L010, L012 and the both-role L003: eight want a mentor; mentors offer 3+2+2+2+1 places.
        #expect(pairs.count + unmatched.count >= 8)
        #expect(pairs.count >= 7)
        for p in pairs {
            #expect(p["fixed"] as? Bool == false)
            let b = p["breakdown"] as! [String: Any]
            for key in ["goals", "phase", "availability", "experience"] {
                let v = b[key] as! Double
                #expect((0...1).contains(v), "\(key)")
            }
            #expect((p["why"] as! [String]).contains { $0.hasSuffix("a week in common") })
            #expect(p["mentor"] as? String != p["mentee"] as? String)
        }
        for u in unmatched {
            #expect(["no-mentor-capacity", "excluded-by-rules", "no-common-availability"].contains(u["reason"] as! String))
            #expect(!(u["detail"] as! String).isEmpty)
        }
        // Gareth Morgan (L010) avoids L002, and nobody is paired within a school.
        #expect(!pairs.contains { $0["mentor"] as? String == "L002" && $0["mentee"] as? String == "L010" })
        let mentorKeys = pairs.map { "\($0["mentor"]!)-\($0["mentee"]!)" }
        #expect(mentorKeys == mentorKeys.sorted())
        // The same input gives the same bytes.
        let again = try runTandem(["match", "Config/example/programme.yaml", "--json"], in: root)
        #expect(again.stdout == r.stdout)
    }

    @Test func missingProgrammeIs66AndMalformedIs65() throws {
        let missing = try runTandem(["match", "Config/nope/programme.yaml"])
        #expect(missing.status == 66)
        let root = try TestSupport.copyOfExample()
        try TestSupport.edit(root.appendingPathComponent("Config/example/programme.yaml"), replacing: "matching:",
                             with: "matching: [oops")
        let bad = try runTandem(["match", "Config/example/programme.yaml"], in: root)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("programme.yaml:"), "\(bad.stderr)")
    }
}
