import Foundation
import TandemCalendar
import TandemTesting
import Testing
@testable import TandemCore

/// A programme folder held in memory (the loader reads through a `FileSource`, so no disk is needed).
struct ProgrammeFixture {
    let root: URL
    var files: MemoryFiles

    init(files texts: [String: String]) throws {
        root = URL(fileURLWithPath: "/fixtures/tandem-config-\(UUID().uuidString.prefix(8))")
        files = MemoryFiles(currentDirectory: "/work")
        for (path, text) in texts { files[root.appendingPathComponent(path).path] = Data(text.utf8) }
    }

    var yaml: String { root.appendingPathComponent("Config/p/programme.yaml").path }

    /// Replaces the file at `path` (relative to the fixture's root).
    mutating func write(_ data: Data, to path: String) { files[root.appendingPathComponent(path).path] = data }

    func load() throws(TandemError) -> Programme { try ProgrammeLoader.load(path: yaml, files: files) }

    func problems() -> (problems: [InputProblem], missing: Bool) { ProgrammeLoader.problems(path: yaml, files: files) }

    static let roster = """
        id,name,email,role,school,timezone,availability,pair
        L001,Priya Shah,priya@riverside.example,mentor,Riverside Primary,,Mon 16:00-18:00,
        L002,Tom Evans,tom@hillview.example,mentee,Hillview Academy,America/New_York,Tue-Thu 15:45-17:30,L001
        L003,Ann Lee,ann@hillview.example,both,Hillview Academy,,Wed 07:30-08:30,

        """

    static let yaml = """
        programme:
          id: test-2026
          name: Test Programme
          timezone: Europe/London
          start: 2026-09-07
          end: 2027-07-16
          coordinator: { name: Amara Okafor, email: amara@trust.example }
        roster: leaders.csv
        calendars: ../../Calendars/p
        closures:
          - calendar: ../../Calendars/p/term-dates.ics
          - dates: [2026-10-23]
          - from: 2026-12-19
            to: 2027-01-04
        schools:
          Riverside Primary: { closures: [ { dates: [2026-11-27] } ] }
        sessions:
          cadence: every 3 weeks
          count: 10
          duration: 45m
          buffer: 10m
          granularity: 30m
          notice: 1d
          location: Video call
        groups:
          - name: Peer support network
            members: all
            facilitator: L001
            cadence: every 6 weeks
            duration: 90m
            min_attendance: 0.75
          - name: Heads
            members: [L001, L003]
            cadence: monthly
        limits:
          per_leader_per_day: 2
          per_leader_per_week: 4
        matching:
          capacity: 3
          avoid_same_school: false
          weights: { goals: 1, phase: 0.5, availability: 4, experience: 0 }
        reminders:
          before: [1h, 24h]
          checkin_after: 3d
          survey: { after: 2h, every: 2, link: "https://forms.example/f?s={session}" }
          end_survey: { after_end: 7d }
          quiet_hours: "21:00-07:30"
        delivery:
          channel: maildir
          path: ../../var/outbox

        """

    static func ics(_ events: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem tests//EN\r\n\(events)END:VCALENDAR\r\n"
    }

    static let termDates = ics("""
        BEGIN:VEVENT\r
        UID:half-term@test\r
        DTSTAMP:20260101T000000Z\r
        DTSTART;VALUE=DATE:20261026\r
        DTEND;VALUE=DATE:20261031\r
        SUMMARY:Half term\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:inset@test\r
        DTSTAMP:20260101T000000Z\r
        DTSTART:20261105T130000Z\r
        DTEND:20261105T160000Z\r
        SUMMARY:INSET afternoon\r
        END:VEVENT\r

        """)

    static let priyaBusy = ics("""
        BEGIN:VEVENT\r
        UID:governors@test\r
        DTSTAMP:20260101T000000Z\r
        DTSTART:20260914T150000Z\r
        DTEND:20260914T170000Z\r
        SUMMARY:Governors\r
        END:VEVENT\r

        """)

    static func valid(yaml: String = ProgrammeFixture.yaml, roster: String = ProgrammeFixture.roster) throws -> ProgrammeFixture {
        try ProgrammeFixture(files: [
            "Config/p/programme.yaml": yaml,
            "Config/p/leaders.csv": roster,
            "Calendars/p/term-dates.ics": termDates,
            "Calendars/p/L001.ics": priyaBusy,
        ])
    }
}

@Suite struct ProgrammeLoaderTests {
    func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

    @Test func loadsACompleteProgramme() throws {
        let fixture = try ProgrammeFixture.valid()
        let p = try fixture.load()
        #expect(fixture.problems().problems == [])

        #expect(p.id == "test-2026" && p.name == "Test Programme" && p.timeZone.identifier == "Europe/London")
        #expect(p.start == day("2026-09-07") && p.end == day("2027-07-16"))
        #expect(p.coordinator == Programme.Person(name: "Amara Okafor", email: "amara@trust.example"))
        #expect(p.leaders.map(\.id) == ["L001", "L002", "L003"])
        #expect(p.leaders[1].timeZone.identifier == "America/New_York" && p.leaders[1].pair == "L001")

        // Closures: calendar (all-day and timed), dates, inclusive range.
        #expect(p.closures.days.contains(day("2026-10-26")) && p.closures.days.contains(day("2026-10-30")))
        #expect(!p.closures.days.contains(day("2026-10-31")))
        #expect(p.closures.reasons[day("2026-10-28")] == "Half term")
        #expect(p.closures.intervals.count == 1)
        #expect(p.closures.intervals.first?.summary == "INSET afternoon")
        #expect(p.closures.intervals.first?.start == ISO8601DateFormatter().date(from: "2026-11-05T13:00:00Z"))
        #expect(p.closures.days.contains(day("2026-10-23")))
        #expect(p.closures.days.contains(day("2026-12-19")) && p.closures.days.contains(day("2027-01-04")))
        #expect(!p.closures.days.contains(day("2027-01-05")) && !p.closures.days.contains(day("2026-12-18")))
        #expect(p.closures.reasons[day("2026-12-25")] == "closed 2026-12-19 to 2027-01-04")
        #expect(p.closures.days.count == 5 + 1 + 17)
        #expect(p.schoolClosures["Riverside Primary"]?.days == [day("2026-11-27")])

        // Busy intervals per leader; leaders without a file have none; term-dates.ics is not a leader.
        #expect(p.busy.keys.sorted() == ["L001"])
        #expect(p.busy["L001"]?.map(\.summary) == ["Governors"])
        #expect(p.busy["L001"]?.first?.start == ISO8601DateFormatter().date(from: "2026-09-14T15:00:00Z"))

        #expect(p.sessions.cadence == .weeks(3) && p.sessions.count == 10 && p.sessions.duration == 2700)
        #expect(p.sessions.buffer == 600 && p.sessions.granularity == 1800 && p.sessions.notice == 86_400)
        #expect(p.sessions.location == "Video call")
        #expect(p.groups.count == 2)
        #expect(p.groups[0] == Programme.Group(name: "Peer support network", members: .all, facilitator: "L001",
                                               cadence: .weeks(6), duration: 5400, minAttendance: 0.75))
        #expect(p.groups[1].members == .ids(["L001", "L003"]) && p.groups[1].cadence == .monthly && p.groups[1].duration == 2700)
        #expect(p.limits.perLeaderPerDay == 2 && p.limits.perLeaderPerWeek == 4)
        #expect(p.matching.capacity == 3 && !p.matching.avoidSameSchool)
        #expect(p.matching.weights.phase == 0.5 && p.matching.weights.availability == 4 && p.matching.weights.experience == 0)
        #expect(p.reminders.before == [86_400, 3_600] && p.reminders.checkinAfter == 259_200)
        #expect(p.reminders.survey == .init(after: 7200, every: 2, link: "https://forms.example/f?s={session}"))
        #expect(p.reminders.endSurveyAfter == 604_800)
        #expect(p.reminders.quietHours?.start == 1260 && p.reminders.quietHours?.end == 450)
        #expect(p.delivery.channel == .maildir)
        #expect(p.delivery.path == fixture.root.appendingPathComponent("var/outbox").standardizedFileURL.path)
        #expect(p.sourceFile.hasPrefix("/") && p.sourceFile.hasSuffix("Config/p/programme.yaml"))
    }

    @Test func defaultsWhenSectionsAreAbsent() throws {
        let yaml = ProgrammeFixture.yaml.components(separatedBy: "calendars:")[0]
        let fixture = try ProgrammeFixture.valid(yaml: yaml)
        let p = try fixture.load()
        #expect(p.closures.days.isEmpty && p.busy.isEmpty && p.groups.isEmpty)
        #expect(p.sessions == Programme.Sessions())
        #expect(p.matching == Programme.Matching())
        #expect(p.reminders == Programme.Reminders())
        #expect(p.delivery == Programme.Delivery())
    }

    @Test func relativePathIsShownAsGiven() throws {
        let fixture = try ProgrammeFixture.valid(roster: ProgrammeFixture.roster.replacingOccurrences(of: "mentee,Hillview", with: "mentey,Hillview"))
        // As if run from the fixture's root (the loader resolves relative paths against the current directory).
        var files = fixture.files
        files.currentDirectory = fixture.root.path
        let outcome = ProgrammeLoading(path: "Config/p/programme.yaml", files: files).run()
        #expect(outcome.missing.isEmpty)
        let problems = outcome.problems
        #expect(problems.map(\.description).contains { $0.hasPrefix("Config/p/leaders.csv:3: leader L002 (Tom Evans) has an unknown role \"mentey\".") },
                "\(problems)")
    }

    @Test func malformedYAMLHasItsLine() throws {
        let yaml = ProgrammeFixture.yaml.replacingOccurrences(of: "sessions:\n", with: "sessions: [unclosed\n  oops: {\n")
        let fixture = try ProgrammeFixture.valid(yaml: yaml)
        let (problems, missing) = fixture.problems()
        #expect(!missing)
        #expect(problems.count == 1)
        #expect(problems.first?.file == fixture.yaml)
        #expect((problems.first?.line ?? 0) >= 17, "\(problems)")
        #expect(problems.first?.message.contains("YAML syntax error") == true)
        #expect(throws: TandemError.self) { try fixture.load() }
        do {
            _ = try fixture.load()
        } catch {
            #expect(error.exitCode == 65)
        }
    }

    @Test func duplicateKeyIsAProblemWithItsLine() throws {
        let fixture = try ProgrammeFixture.valid(yaml: ProgrammeFixture.yaml + "roster: again.csv\n")
        let (problems, _) = fixture.problems()
        #expect(problems.count == 1)
        #expect(problems.first?.line == 8 && problems.first?.message.contains("\"roster\" appears twice") == true, "\(problems)")
    }

    @Test func unknownKeysHaveTheirLineAndTheAllowedKeys() throws {
        let yaml = ProgrammeFixture.yaml
            .replacingOccurrences(of: "  cadence: every 3 weeks", with: "  cadance: every 3 weeks")
            .replacingOccurrences(of: "limits:", with: "limitz:")
        let fixture = try ProgrammeFixture.valid(yaml: yaml)
        let (problems, _) = fixture.problems()
        #expect(problems.count == 2, "\(problems)")
        let cadance = problems.first { $0.message.contains("sessions.cadance") }
        #expect(cadance?.line == 18)
        #expect(cadance?.fix?.contains("Did you mean \"cadence\"?") == true)
        #expect(cadance?.fix?.contains("cadence, count, duration, buffer, granularity, notice, location") == true)
        let limitz = problems.first { $0.message.contains("\"limitz\"") }
        #expect(limitz?.line == 35 && limitz?.fix?.contains("\"limits\"") == true)
    }

    @Test func everyProblemIsCollected() throws {
        let yaml = """
            programme:
              id: Bad_ID
              name: X
              timezone: Mars/Olympus
              start: 2026-13-01
              end: 2026-09-01
              coordinator: { name: A, email: not-an-email }
            roster: leaders.csv
            closures:
              - from: 2026-12-19
              - dates: [2026-02-30]
            schools:
              Riverside Primry: { closures: [ { dates: [2026-11-27] } ] }
            sessions:
              cadence: daily
              duration: 60
            groups:
              - name: G
                facilitator: L999
                cadence: weekly
                min_attendance: 1.5
            delivery:
              channel: pigeon

            """
        let fixture = try ProgrammeFixture.valid(yaml: yaml)
        let (problems, missing) = fixture.problems()
        #expect(!missing)
        func line(_ fragment: String) -> Int? { problems.first { $0.description.contains(fragment) }?.line }
        #expect(line("programme.id \"Bad_ID\"") == 2)
        #expect(line("Mars/Olympus") == 4)
        #expect(line("programme.start is \"2026-13-01\"") == 5)
        #expect(line("not-an-email") == 7)
        #expect(line("needs both from: and to:") == 10)
        #expect(line("\"2026-02-30\", not a date") == 11)
        #expect(line("\"Riverside Primry\" is not the school") == 13)
        #expect(problems.first { $0.message.contains("Riverside Primry") }?.fix?.contains("Did you mean \"Riverside Primary\"?") == true)
        #expect(line("\"daily\" is not a cadence") == 15)
        #expect(line("sessions.duration: \"60\" has no unit") == 16)
        #expect(line("facilitator \"L999\"") == 19)
        #expect(line("min_attendance is \"1.5\"") == 21)
        #expect(line("\"pigeon\"") == 23)
        #expect(problems.count == 12, "\(problems.map(\.description).joined(separator: "\n"))")
        #expect(problems.allSatisfy { $0.fix != nil && $0.line != nil })
    }

    @Test func missingRequiredKeys() throws {
        let fixture = try ProgrammeFixture.valid(yaml: "programme:\n  id: x\n  name: y\n")
        let (problems, _) = fixture.problems()
        let messages = problems.map(\.message)
        for key in ["programme.timezone", "programme.start", "programme.end", "programme.coordinator", "roster"] {
            #expect(messages.contains("\(key) is missing."), "\(messages)")
        }
    }

    @Test func missingProgrammeFileIsMissingInput() {
        let path = "/nowhere/nope-\(UUID().uuidString)/programme.yaml"
        do {
            _ = try ProgrammeLoader.load(path: path, files: MemoryFiles())
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.exitCode == 66)
            #expect(error.description.hasPrefix("\(path): programme file not found."))
        }
        #expect(ProgrammeLoader.problems(path: path, files: MemoryFiles()).missing)
    }

    @Test func missingRosterAndCalendarFolderAreMissingInput() throws {
        let fixture = try ProgrammeFixture(files: ["Config/p/programme.yaml": ProgrammeFixture.yaml])
        let (problems, missing) = fixture.problems()
        #expect(missing)
        #expect(problems.contains { $0.line == 8 && $0.message.contains("roster") && $0.message.contains("leaders.csv not found") })
        #expect(problems.contains { $0.line == 9 && $0.message.contains("calendars folder") })
        #expect(problems.contains { $0.line == 11 && $0.message.contains("term-dates.ics not found") })
        do {
            _ = try fixture.load()
            Issue.record("loaded without a roster")
        } catch {
            #expect(error.exitCode == 66)
        }
    }

    @Test func notUTF8IsBadInput() throws {
        var fixture = try ProgrammeFixture.valid()
        fixture.write(Data([0x69, 0x64, 0xFF, 0xFE, 0x0A]), to: "Config/p/leaders.csv")
        let (problems, missing) = fixture.problems()
        #expect(!missing)
        #expect(problems.contains { $0.message.contains("not UTF-8") })
    }

    @Test func calendarErrorsKeepTheirFileAndLine() throws {
        var fixture = try ProgrammeFixture.valid()
        let broken = ProgrammeFixture.priyaBusy.replacingOccurrences(of: "BEGIN:VEVENT\r\n", with: "BEGIN:VEVENT\r\nTHIS LINE HAS NO COLON\r\n")
        fixture.write(Data(broken.utf8), to: "Calendars/p/L001.ics")
        let (problems, _) = fixture.problems()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.file.hasSuffix("Calendars/p/L001.ics") == true)
        #expect(problems.first?.line != nil)
    }

    /// Issue 9, class 14: a roster or calendar past its size limit is refused with the limit, unread beyond it.
    @Test func oversizedRosterAndCalendarAreRefusedWithTheirLimits() throws {
        var fixture = try ProgrammeFixture.valid()
        fixture.write(Data(repeating: 0x41, count: RosterParser.maxRosterBytes + 1), to: "Config/p/leaders.csv")
        var (problems, _) = fixture.problems()
        #expect(problems.map(\.message) == ["roster is larger than 8 MiB, the most Tandem reads."], "\(problems)")
        #expect(problems.first?.fix == "Check that this is the right file; a roster of 20,000 leaders is about 2 MiB.")

        fixture = try ProgrammeFixture.valid()
        fixture.write(Data(repeating: 0x41, count: ICalendarReader.maxFileBytes + 1), to: "Calendars/p/L001.ics")
        (problems, _) = fixture.problems()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.file.hasSuffix("Calendars/p/L001.ics") == true)
        #expect(problems.first?.message == "calendar of L001 is larger than 20 MiB, the most Tandem reads.")
    }

    /// Calendars are read in parallel batches; what they find comes out in roster order, the same every run.
    @Test func calendarsReadInParallelReportInRosterOrder() throws {
        let ids = (1...150).map { String(format: "L%03d", $0) }
        var roster = "id,name,email,role,school,timezone,availability,pair\n"
        for (k, id) in ids.enumerated() {
            roster += "\(id),Leader \(id),\(id.lowercased())@s\(k).example,\(k % 2 == 0 ? "mentor" : "mentee"),School \(k),,Mon 16:00-18:00,\n"
        }
        var fixture = try ProgrammeFixture.valid(roster: roster)
        let broken = ProgrammeFixture.priyaBusy.replacingOccurrences(of: "BEGIN:VEVENT\r\n", with: "BEGIN:VEVENT\r\nTHIS LINE HAS NO COLON\r\n")
        let doubled = ProgrammeFixture.priyaBusy.replacingOccurrences(of: "DTEND:20260914T170000Z\r\n", with: "DTEND:20260914T170000Z\r\nDURATION:PT0S\r\n")
        for (k, id) in ids.enumerated() {
            let n = k + 1
            let text = n % 3 == 0 ? broken : n % 5 == 0 ? doubled : ProgrammeFixture.priyaBusy
            fixture.write(Data(text.utf8), to: "Calendars/p/\(id).ics")
        }
        let first = ProgrammeLoader.report(path: fixture.yaml, files: fixture.files)
        let brokenFiles = ids.enumerated().filter { ($0.offset + 1) % 3 == 0 }.map { "\($0.element).ics" }
        let warnedFiles = ids.enumerated().filter { ($0.offset + 1) % 5 == 0 && ($0.offset + 1) % 3 != 0 }.map { "\($0.element).ics" }
        let calendarProblems = first.problems.filter { $0.file.hasSuffix(".ics") }
        #expect(calendarProblems.map { ($0.file as NSString).lastPathComponent } == brokenFiles)
        #expect(calendarProblems.allSatisfy { $0.line != nil })
        #expect(first.warnings.map { ($0.file as NSString).lastPathComponent } == warnedFiles)
        for _ in 0..<3 {
            let again = ProgrammeLoader.report(path: fixture.yaml, files: fixture.files)
            #expect(again.problems == first.problems && again.warnings == first.warnings)
        }
    }

    @Test func loadsFromFilesInMemoryWithHomeAndUnreadableFiles() throws {
        // No disk at all: `~/` resolves against the source's home, and a file that exists but
        // cannot be read is a problem naming it, not a missing file.
        let yaml = ProgrammeFixture.yaml.replacingOccurrences(of: "roster: leaders.csv", with: "roster: ~/rosters/leaders.csv")
        var files = MemoryFiles(currentDirectory: "/srv", homeDirectory: "/home/amara")
        files["/srv/Config/p/programme.yaml"] = Data(yaml.utf8)
        files["/home/amara/rosters/leaders.csv"] = Data(ProgrammeFixture.roster.utf8)
        files["/srv/Calendars/p/term-dates.ics"] = Data(ProgrammeFixture.termDates.utf8)
        files["/srv/Calendars/p/L001.ics"] = Data(ProgrammeFixture.priyaBusy.utf8)
        let p = try ProgrammeLoader.load(path: "Config/p/programme.yaml", files: files)
        #expect(p.leaders.map(\.id) == ["L001", "L002", "L003"])
        #expect(p.busy["L001"]?.count == 1)

        files.unreadable.insert("/srv/Calendars/p/L001.ics")
        let (problems, missing) = ProgrammeLoader.problems(path: "Config/p/programme.yaml", files: files)
        #expect(!missing)
        #expect(problems.map(\.description) == ["Calendars/p/L001.ics: calendar of L001 cannot be read. Check the file's permissions."],
                "\(problems)")

        files.unreadable = []
        files["/home/amara/rosters/leaders.csv"] = nil
        files["/home/amara/rosters/leaders.csv/inside"] = Data()
        let folder = ProgrammeLoader.problems(path: "Config/p/programme.yaml", files: files).problems
        #expect(folder.map(\.description).first?.hasPrefix("/home/amara/rosters/leaders.csv: is a folder, but roster must be a file.") == true,
                "\(folder)")
        #expect(folder.count == 1, "\(folder)")
    }
}
