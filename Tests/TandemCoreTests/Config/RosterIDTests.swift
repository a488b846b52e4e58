import Foundation
import Testing
@testable import TandemCore
import TandemCalendar

/// Issue 9, classes 16, 17 and 14 (roster side): ids that collide once case is ignored, ids too
/// long to name a file, and a roster with a cell of many megabytes.
@Suite struct RosterIDTests {
    let london = TimeZone(identifier: "Europe/London")!
    let header = "id,name,email,role\n"

    @Test func idsDifferingOnlyInCaseAreRefusedWithBothLines() {
        let (leaders, problems) = RosterParser.parse(header + "L007,Ann Lee,ann@x.example,mentor\nl007,Bo Chen,bo@x.example,mentee\n",
                                                     file: "leaders.csv", defaultZone: london)
        #expect(leaders.count == 1)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 3)
        #expect(problems.first?.message.contains("L007 (line 2)") == true)
        #expect(problems.first?.message.contains("l007") == true)
    }

    @Test func overlongIdIsRefused() {
        let long = String(repeating: "a", count: 300)
        let (leaders, problems) = RosterParser.parse(header + "\(long),Ann Lee,ann@x.example,mentor\n",
                                                     file: "leaders.csv", defaultZone: london)
        #expect(leaders.isEmpty)
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("at most \(RosterParser.maxIDLength)") == true)
        // 64 characters is still fine.
        let ok = RosterParser.parse(header + "\(String(repeating: "b", count: 64)),Ann Lee,ann@x.example,mentor\n",
                                    file: "leaders.csv", defaultZone: london)
        #expect(ok.problems.isEmpty)
    }

    @Test func hugeRosterIsRefusedQuickly() {
        let cell = String(repeating: "x", count: 50 * 1_048_576)
        let clock = ContinuousClock()
        var problems: [InputProblem] = []
        let took = clock.measure {
            problems = RosterParser.parse(header + "L001,\"\(cell)\",ann@x.example,mentor\n", file: "leaders.csv", defaultZone: london).problems
        }
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("MiB") == true)
        #expect(took < .seconds(2))
    }
}
