import Foundation
import Testing
@testable import TandemCore
import TandemCalendar

@Suite struct RosterParserTests {
    let london = TimeZone(identifier: "Europe/London")!
    let header = "id,name,email,role,school,trust,phase,timezone,availability,expertise,goals,years,capacity,avoid,pair\n"

    func parse(_ body: String, header: String? = nil) -> (leaders: [Leader], problems: [InputProblem]) {
        RosterParser.parse((header ?? self.header) + body, file: "leaders.csv", defaultZone: london)
    }

    @Test func validRowsBecomeLeaders() throws {
        let (leaders, problems) = parse("""
            L001,Priya Shah,priya.shah@riverside.example,mentor,Riverside Primary,Northbridge,primary,,Mon 16:00-18:00; Wed 07:30-08:30,curriculum;safeguarding,,14,3,,
            L014,Tom Evans,tom.evans@hillview.example,mentee,Hillview Academy,Northbridge,secondary,America/New_York,Tue-Thu 15:45-17:30,,curriculum; finance ,2,,L003,L001
            L003,Ann Lee,ann@x.example,both,,,,,,,,,,,

            """)
        #expect(problems == [])
        #expect(leaders.count == 3)
        let priya = leaders[0]
        #expect(priya.id == "L001" && priya.name == "Priya Shah" && priya.role == .mentor && priya.line == 2)
        #expect(priya.timeZone.identifier == "Europe/London")
        #expect(priya.availability == [WeeklyWindow(weekday: 1, start: 960, end: 1080), WeeklyWindow(weekday: 3, start: 450, end: 510)])
        #expect(priya.expertise == ["curriculum", "safeguarding"])
        #expect(priya.years == 14 && priya.capacity == 3 && priya.pair == nil)
        let tom = leaders[1]
        #expect(tom.timeZone.identifier == "America/New_York")
        #expect(tom.availability.map(\.weekday) == [2, 3, 4])
        #expect(tom.goals == ["curriculum", "finance"])
        #expect(tom.avoid == ["L003"] && tom.pair == "L001" && tom.line == 3)
        #expect(leaders[2].years == nil && leaders[2].availability.isEmpty)
    }

    @Test func columnsInAnyOrderAndOptionalOnesAbsent() {
        let (leaders, problems) = parse("priya@x.example,Priya,L001,mentor\n", header: "Email, Name ,ID,role\n")
        #expect(problems == [])
        #expect(leaders.first?.id == "L001" && leaders.first?.email == "priya@x.example")
    }

    @Test func unknownColumnListsValidOnes() {
        let (_, problems) = parse("L001,Priya,p@x.example,mentor,Mon\n", header: "id,name,email,role,availabilty\n")
        #expect(problems.count == 1)
        #expect(problems[0].line == 1)
        #expect(problems[0].message.contains("availabilty"))
        #expect(problems[0].fix?.contains("Did you mean \"availability\"") == true)
        #expect(problems[0].fix?.contains("id, name, email, role, school") == true)
    }

    @Test func missingRequiredColumn() {
        let (leaders, problems) = parse("L001,Priya,mentor\n", header: "id,name,role\n")
        #expect(leaders.isEmpty)
        #expect(problems.count == 1 && problems[0].line == 1 && problems[0].message.contains("\"email\""))
    }

    @Test func eachRowProblemHasItsLine() {
        let (leaders, problems) = parse("""
            L001,Priya Shah,priya@x.example,mentor,,,,,,,,,,,
            L001,Dup Licate,dup@x.example,mentee,,,,,,,,,,,
            ,No Id,noid@x.example,mentee,,,,,,,,,,,
            L004,,noname@x.example,mentee,,,,,,,,,,,
            L005,Bad Email,bad.example,mentee,,,,,,,,,,,
            L006,Bad Role,r@x.example,mentey,,,,,,,,,,,
            L007,Siobhán O'Neill,s@x.example,mentee,,,,Europe/Lndon,,,,,,,
            L008,Bad Years,y@x.example,mentor,,,,,,,,ten,-1,,

            """)
        #expect(leaders.map(\.id) == ["L001"])
        func line(_ fragment: String) -> Int? { problems.first { $0.description.contains(fragment) }?.line }
        #expect(line("used twice") == 3)
        #expect(line("has no id") == 4)
        #expect(line("has no name") == 5)
        #expect(line("\"bad.example\"") == 6)
        #expect(line("\"mentey\"") == 7)
        #expect(line("Europe/Lndon") == 8)
        #expect(line("years \"ten\"") == 9)
        #expect(line("capacity \"-1\"") == 9)
        #expect(problems.allSatisfy { $0.file == "leaders.csv" && $0.fix != nil })
    }

    @Test func unknownTimeZoneNamesTheLeader() {
        let (_, problems) = parse("L007,Siobhán O'Neill,s@x.example,mentee,,,,Europe/Lndon,,,,,,,\n")
        #expect(problems.map(\.description) == [
            "leaders.csv:2: leader L007 (Siobhán O'Neill) has an unknown time zone \"Europe/Lndon\". Use an IANA name such as Europe/London or America/New_York, or leave it empty for the programme's zone (Europe/London).",
        ])
    }

    @Test func badAvailabilityNamesTheEntry() {
        let (_, problems) = parse("L001,Priya,p@x.example,mentor,,,,,Mon 16:00-18:00; Tue 18:00-17:00,,,,,,\nL002,Tom,t@x.example,mentee,,,,,Funday 09:00-10:00,,,,,,\n")
        #expect(problems.count == 2)
        #expect(problems[0].line == 2 && problems[0].message.contains("\"Tue 18:00-17:00\"") && problems[0].message.contains("L001"))
        #expect(problems[1].line == 3 && problems[1].message.contains("\"Funday 09:00-10:00\""))
    }

    @Test func referenceProblems() {
        let (_, problems) = parse("""
            L001,Mentor One,m1@x.example,mentor,,,,,,,,,,,L002
            L002,Mentee Two,m2@x.example,mentee,,,,,,,,,,L099,L003
            L003,Mentee Three,m3@x.example,mentee,,,,,,,,,,,L003
            L004,Mentee Four,m4@x.example,mentee,,,,,,,,,,,L077
            L005,Both Five,b5@x.example,both,,,,,,,,,,,L001

            """)
        func line(_ fragment: String) -> Int? { problems.first { $0.message.contains(fragment) }?.line }
        #expect(line("is a mentor but has a fixed pair") == 2)
        #expect(line("avoids \"L099\"") == 3)
        #expect(line("paired with L003 (Mentee Three), who is a mentee") == 3)
        #expect(line("paired with themself") == 4)
        #expect(line("paired with \"L077\", who is not on the roster") == 5)
        #expect(problems.count == 5)
    }

    @Test func injectedLineBreakInNameBecomesOneLine() {
        let (leaders, problems) = parse("L002,\"Mallory\r\nATTENDEE:mailto:x@evil.example\",m@x.example,mentee,,,,,,,,,,,\nL003,Tab\tName,t@x.example,mentee,,,,,,,,,,,\n")
        #expect(problems == [])
        #expect(leaders[0].name == "Mallory ATTENDEE:mailto:x@evil.example")
        #expect(leaders[1].name == "Tab Name")
        #expect(leaders[1].line == 4)
        #expect(!leaders.contains { $0.name.contains { $0.isNewline } })
    }

    @Test func tooManyFieldsIsAProblem() {
        let (_, problems) = parse("L001,Shah, Priya,p@x.example,mentor,,,,,,,,,,,\n")
        #expect(problems.count == 1 && problems[0].line == 2 && problems[0].fix?.contains("quotes") == true)
    }

    @Test func unterminatedQuoteLine() {
        let (_, problems) = parse("L001,Priya,p@x.example,mentor,,,,,,,,,,,\nL099,\"Unterminated name,x@y.example,mentee\n")
        #expect(problems.map(\.line) == [3])
    }
}
