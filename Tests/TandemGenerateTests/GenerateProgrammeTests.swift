import Foundation
import TandemCalendar
import TandemTesting
import Testing
@testable import TandemCore
@testable import TandemGenerate
import TandemIO

/// `ProgrammeGenerator`: deterministic, loadable, realistic synthetic programmes.
@Suite struct GenerateProgrammeTests {
    /// S with seed 1, generated once per test process.
    static let small = ProgrammeGenerator.generate(size: .s, seed: 1)

    /// S with seed 1, written to a folder and loaded.
    static let loaded: (folder: URL, programme: Programme) = {
        let folder = TestSupport.temporaryFolder("generate").appendingPathComponent("s1")
        try! ProgrammeGenerator.write(small, to: folder.path)
        let programme = try! ProgrammeLoader.load(path: folder.appendingPathComponent("programme.yaml").path)
        return (folder, programme)
    }()

    static func text(_ files: [String: Data], _ path: String) -> String {
        String(decoding: files[path]!, as: UTF8.self)
    }

    @Test func sameSeedGivesTheSameBytes() {
        let again = ProgrammeGenerator.generate(size: .s, seed: 1)
        #expect(Set(again.keys) == Set(Self.small.keys))
        for (path, data) in Self.small { #expect(again[path] == data, "\(path)") }
    }

    @Test func differentSeedGivesADifferentProgramme() {
        let other = ProgrammeGenerator.generate(size: .s, seed: 2)
        #expect(other["leaders.csv"] != Self.small["leaders.csv"])
        let calendars = Self.small.keys.filter { $0.hasPrefix("calendars/L") }
        #expect(calendars.filter { other[$0] != Self.small[$0] }.count > calendars.count / 2)
    }

    @Test func layoutIsProgrammeRosterAndOneCalendarPerLeader() {
        let leaders = Self.loaded.programme.leaders
        #expect(leaders.count == 30)
        var expected: Set<String> = ["programme.yaml", "leaders.csv", "calendars/term-dates.ics", "calendars/bank-holidays.ics"]
        for leader in leaders { expected.insert("calendars/\(leader.id).ics") }
        #expect(Set(Self.small.keys) == expected)
    }

    @Test(arguments: ProgrammeGenerator.Size.allCases)
    func sizesHaveTheirLeaderCounts(size: ProgrammeGenerator.Size) {
        var rng = SplitMix64(seed: 7, stream: 0)
        let roster = SyntheticRoster(count: size.leaderCount, rng: &rng)
        #expect(roster.members.count == size.leaderCount)
        #expect(Set(roster.members.map(\.id)).count == size.leaderCount)
        #expect(Set(roster.members.map(\.email)).count == size.leaderCount)
        // About 70% in London, 10% in each other zone.
        let london = roster.members.filter { roster.schools[$0.school].zone == SyntheticRoster.homeZone }.count
        #expect(Double(london) / Double(size.leaderCount) >= (size == .s ? 0.6 : 0.65))
        // Schools of 4-8 in England, trusts of several schools.
        for school in roster.schools where school.english {
            let n = roster.members.filter { roster.schools[$0.school].name == school.name }.count
            #expect((4...8).contains(n) || roster.schools.filter(\.english).count == 1, "\(school.name): \(n)")
        }
    }

    @Test func loadsWithNoProblems() throws {
        let path = Self.loaded.folder.appendingPathComponent("programme.yaml").path
        let (problems, missing) = ProgrammeLoader.problems(path: path)
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        #expect(!missing)
        let p = Self.loaded.programme
        #expect(p.start < LocalDate(year: 2026, month: 10, day: 25) && p.end > LocalDate(year: 2027, month: 3, day: 28))
        #expect(p.closures.intervals.contains { $0.summary == "October half term" })
        #expect(p.closures.intervals.contains { $0.summary == "Bank holiday: Good Friday" })
        #expect(p.closures.days.contains(LocalDate(year: 2026, month: 10, day: 23)))
        #expect(!p.schoolClosures.isEmpty)
        #expect(p.groups.count == 1 && p.groups[0].members == .mentors)
        #expect(p.busy.count == 30)
    }

    @Test func rosterIsRealistic() {
        let leaders = Self.loaded.programme.leaders
        let zones = Set(leaders.map(\.timeZone.identifier))
        #expect(zones == ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"])
        let mentors = leaders.filter { $0.role.canMentor }.count
        #expect((8...13).contains(mentors), "about a third mentor: \(mentors)")
        #expect(leaders.contains { $0.role == .both })
        let pairs = leaders.filter { $0.pair != nil }.count
        let mentees = leaders.filter { $0.role == .mentee }.count
        #expect(pairs >= 1 && Double(pairs) <= 0.05 * Double(mentees) + 1)
        #expect(leaders.contains { !$0.avoid.isEmpty })
        #expect(leaders.contains { $0.capacity != nil })
        #expect(Set(leaders.map(\.phase)).isSubset(of: ["primary", "secondary", "all-through"]))
        #expect(Set(leaders.map(\.school)).count >= 4)
        #expect(leaders.allSatisfy { !$0.availability.isEmpty })
        // Fixed pairs never sit in one school (avoid_same_school is on).
        for l in leaders { if let m = l.pair.flatMap(Self.loaded.programme.leader) { #expect(m.school != l.school) } }
    }

    @Test func mostMenteesHaveAMentorTheyCanMeetMostFortnights() {
        var rng = SplitMix64(seed: 1, stream: 0)
        let roster = SyntheticRoster(count: ProgrammeGenerator.Size.m.leaderCount, rng: &rng)
        let free = roster.members.indices.map { i -> FreeTime in
            let m = roster.members[i], school = roster.schools[m.school]
            var r = SplitMix64(seed: 1, stream: UInt64(i) + 1)
            let diary = BusyDiary.make(windows: m.windows, english: school.english, domain: "x.example", rng: &r)
            return FreeTime(diary: diary, zone: TimeZone(identifier: school.zone)!)
        }
        let mentees = roster.members.indices.filter { roster.members[$0].role.canBeMentored }
        let mentors = roster.members.indices.filter { roster.members[$0].role.canMentor }
        var wellServed = 0, meetablePairs = 0, pairs = 0
        for e in mentees {
            let periods = mentors.filter { roster.members[$0].school != roster.members[e].school }
                .map { FreeTime.periodsInCommon(free[e], free[$0]) }
            pairs += periods.count
            meetablePairs += periods.filter { $0 > 0 }.count
            if (periods.max() ?? 0) >= 12 { wellServed += 1 }
        }
        #expect(Double(wellServed) >= 0.9 * Double(mentees.count), "\(wellServed) of \(mentees.count)")
        #expect(Double(meetablePairs) >= 0.5 * Double(pairs), "\(meetablePairs) of \(pairs)")
    }

    /// Share of a leader's availability-window time that their calendar makes busy, over the programme.
    static func busyFraction(_ leader: Leader, _ intervals: [BusyInterval]) -> Double {
        var total = 0.0, busy = 0.0
        var day = SchoolYear.start
        while day <= SchoolYear.end {
            for w in leader.availability where w.weekday == day.isoWeekday {
                let ws = day.instant(minutes: w.start, in: leader.timeZone), we = day.instant(minutes: w.end, in: leader.timeZone)
                total += we.timeIntervalSince(ws)
                // Union of the busy parts of [ws, we).
                let parts = intervals.filter { $0.start < we && $0.end > ws }
                    .map { (max($0.start, ws), min($0.end, we)) }.sorted { $0.0 < $1.0 }
                var cursor = ws
                for (s, e) in parts where e > cursor {
                    busy += e.timeIntervalSince(max(s, cursor))
                    cursor = e
                }
            }
            day = day.adding(days: 1)
        }
        return busy / total
    }

    @Test func theGeneratedNetworkMeetsEveryPeriodAndThePairsStillFitAroundIt() {
        let p = Self.loaded.programme
        let now = Fixtures.instant("2026-09-01T00:00:00Z")
        let s = SchedulePipeline(programme: p, now: now).schedule()
        #expect(ConstraintChecker.violations(s, programme: p, now: now).isEmpty)
        let groups = s.meetings.filter { $0.kind == .group }
        let group = p.groups[0]
        let members = p.leaders.filter { $0.role.canMentor }.count
        #expect(groups.count == p.periods(group.cadence).filter { !p.isWhollyClosed($0) }.count, "\(s.unplaced.filter { $0.kind == .group })")
        for g in groups {
            #expect(Double(g.attendees.count) >= group.minAttendance * Double(members))
            #expect(g.attendees.contains(group.facilitator ?? ""))
        }
        #expect(Double(s.summary.placed) >= 0.9 * Double(s.summary.requested))
    }

    @Test func calendarsAreThirtyToSeventyPercentBusyInsideTheWindows() throws {
        let p = Self.loaded.programme
        for leader in p.leaders {
            let text = Self.text(Self.small, "calendars/\(leader.id).ics")
            let intervals = try ICalendarReader.busyIntervals(
                in: text, file: "\(leader.id).ics", from: p.start.instant(minutes: 0, in: leader.timeZone),
                to: p.end.adding(days: 1).instant(minutes: 0, in: leader.timeZone), floatingZone: leader.timeZone)
            let f = Self.busyFraction(leader, intervals)
            #expect((0.30...0.70).contains(f), "\(leader.id) is \(Int(f * 100))% busy")
        }
    }

    @Test func calendarsHaveRecurringEveningAndWholeDayEvents() throws {
        let p = Self.loaded.programme
        var fortnightly = 0, exdates = 0, evenings = 0, wholeDays = 0
        for leader in p.leaders {
            let text = Self.text(Self.small, "calendars/\(leader.id).ics")
            #expect(text.contains("METHOD:PUBLISH"))
            #expect(text.contains("RRULE:FREQ=WEEKLY"), "\(leader.id) has no recurring event")
            #expect(text.contains("DTSTART;TZID=\(leader.timeZone.identifier):"))
            #expect(!text.contains("freeassociation"))
            if text.contains("INTERVAL=2") { fortnightly += 1 }
            if text.contains("EXDATE;TZID=\(leader.timeZone.identifier):") { exdates += 1 }
            for interval in p.busy[leader.id] ?? [] {
                let local = LocalDate.local(interval.start, in: leader.timeZone)
                let hours = interval.end.timeIntervalSince(interval.start) / 3600
                if local.minutes == 18 * 60 && hours == 2 { evenings += 1 }
                if local.minutes == 8 * 60 && hours == 10 { wholeDays += 1 }
            }
        }
        #expect(fortnightly >= 5)
        #expect(exdates >= 20)
        #expect(evenings >= 30)
        #expect(wholeDays >= 30)
    }

    @Test func recurringEventsKeepTheirLocalTimeAcrossDST() throws {
        // A weekly series in London: the same wall time before and after the October change, so a different UTC time.
        let p = Self.loaded.programme
        let london = p.leaders.first { $0.timeZone.identifier == "Europe/London" }!
        let intervals = p.busy[london.id]!
        let october = intervals.filter { LocalDate.local($0.start, in: london.timeZone).date.month == 10 }
        let november = intervals.filter { LocalDate.local($0.start, in: london.timeZone).date.month == 11 }
        let localTimes = { (xs: [BusyInterval]) in Set(xs.map { LocalDate.local($0.start, in: london.timeZone).minutes }) }
        #expect(!localTimes(october).intersection(localTimes(november)).isEmpty)
    }

    @Test func writeRefusesAFolderThatIsNotAGeneratedProgramme() throws {
        let folder = TestSupport.temporaryFolder("generate-foreign")
        try Data("keep me".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        #expect(throws: OutputFolderError.notOurs(path: folder.path, what: "a generated programme")) {
            try ProgrammeGenerator.write(Self.small, to: folder.path)
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))

        // A hand-written programme.yaml is not replaced either.
        let config = TestSupport.temporaryFolder("generate-config")
        try Data("programme:\n  id: mine\n".utf8).write(to: config.appendingPathComponent("programme.yaml"))
        #expect(throws: OutputFolderError.notOurs(path: config.path, what: "a generated programme")) {
            try ProgrammeGenerator.write(Self.small, to: config.path)
        }
    }

    @Test func writeReplacesAnEarlierGeneratedProgramme() throws {
        let folder = TestSupport.temporaryFolder("generate-replace").appendingPathComponent("out")
        try ProgrammeGenerator.write(ProgrammeGenerator.generate(size: .s, seed: 2), to: folder.path)
        try ProgrammeGenerator.write(Self.small, to: folder.path)
        let csv = try Data(contentsOf: folder.appendingPathComponent("leaders.csv"))
        #expect(csv == Self.small["leaders.csv"])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == ["out"], "no staging folders left behind")
    }

    @Test func sizeNamesParse() {
        #expect(ProgrammeGenerator.Size(name: "xl") == .xl)
        #expect(ProgrammeGenerator.Size(name: "M") == .m)
        #expect(ProgrammeGenerator.Size(name: "XXL") == nil)
    }

    @Test func randomNumbersAreStableAcrossToolchains() {
        // Pinned values: if these change, every generated programme changes.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        var r = SplitMix64(seed: 1, stream: 3)
        let draws = (0..<1000).map { _ in r.below(7) }
        #expect(Set(draws) == Set(0..<7))
    }
}
