import Foundation
import TandemCalendar
@testable import TandemCore
import TandemTesting
import Testing

/// The invariant of ``Availability``: the session-start bitsets and the interval checks give the
/// same starts, for every group of attendees and every period, so matching (which counts periods
/// from the bits) and placement (which books from them) never disagree with the reasons given.
@Suite struct AvailabilityTests {
    /// A small deterministic generator, so a failure names the seed that reproduces it.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ list: [T]) -> T { list[int(0...list.count - 1)] }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
    }

    static let zones = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kathmandu", "Asia/Kolkata", "UTC"]

    /// A programme over one of the clock changes (autumn: Sydney forward on 4 Oct, Europe back on
    /// 25 Oct, US back on 1 Nov; spring: US forward on 14 Mar, Europe on 28 Mar, Sydney back on
    /// 4 Apr), with odd-minute windows and busy times, closed days and closed hours.
    static func programme(seed: UInt64) -> (Programme, notBefore: Date?) {
        var r = Random(state: seed)
        let span = r.pick([("2026-09-21", "2026-11-22"), ("2027-03-01", "2027-04-25")])
        var leaders: [Leader] = []
        for n in 0..<6 {
            var windows: [WeeklyWindow] = []
            for _ in 0..<r.int(1...3) {
                let start = r.int(0...270) * 5
                let end = min(1440, start + r.int(6...60) * 5)
                windows.append(WeeklyWindow(weekday: r.int(1...7), start: start, end: end))
            }
            leaders.append(Fixtures.leader("L\(n)", n % 2 == 0 ? .mentor : .mentee, school: "S\(n)",
                                           zone: r.pick(zones), windows: windows))
        }
        var p = Fixtures.programme(leaders, start: span.0, end: span.1, count: nil,
                                   cadence: r.chance(0.5) ? .weeks(1) : .weeks(2))
        p.timeZone = Fixtures.zone(r.pick(zones))
        p.sessions.duration = r.pick([3600, 2700, 3000, 5400, 1800])
        p.sessions.granularity = r.pick([900, 1800, 600, 3600, 300])
        p.sessions.buffer = r.pick([0, 900, 600, 300, 420])
        let first = p.start.instant(minutes: 0, in: p.timeZone)
        let days = p.end.dayNumber - p.start.dayNumber + 1
        func someInstant() -> Date { first.addingTimeInterval(TimeInterval(r.int(0...(days * 288)) * 300 + r.int(0...4) * 60)) }
        for l in leaders {
            var busy: [BusyInterval] = []
            for _ in 0..<r.int(0...25) {
                let s = someInstant()
                busy.append(BusyInterval(start: s, end: s.addingTimeInterval(TimeInterval(r.int(1...48) * 5 * 60)), summary: "busy"))
            }
            p.busy[l.id] = busy
        }
        for _ in 0..<r.int(0...4) { p.closures.close(p.start.adding(days: r.int(0...days - 1)), because: "closed") }
        for _ in 0..<r.int(0...2) {
            let s = someInstant()
            p.closures.intervals.append(BusyInterval(start: s, end: s.addingTimeInterval(TimeInterval(r.int(1...30) * 600)), summary: "closed"))
        }
        if r.chance(0.4) {
            var school = Programme.Closures()
            school.close(p.start.adding(days: r.int(0...days - 1)), because: "inset day")
            p.schoolClosures["S1"] = school
        }
        return (p, r.chance(0.5) ? someInstant() : nil)
    }

    @Test(arguments: 1...60)
    func theBitsGiveTheStartsTheIntervalChecksGive(seed: UInt64) {
        let (p, notBefore) = Self.programme(seed: seed)
        let a = Availability(p, notBefore: notBefore)
        let groups: [[Int]] = a.leaders.indices.map { [$0] }
            + a.leaders.indices.flatMap { x in a.leaders.indices.filter { $0 > x }.map { [x, $0] } }
            + [[0, 1, 2]]
        for group in groups {
            let attendees = group.map { a.leaders[$0] }
            var periodsWithStarts = 0
            for period in a.periods {
                let bits = a.starts.starts(group, inPeriod: period.index)
                let checked: [Date]
                switch a.intervalCandidates(for: attendees, in: period, duration: p.sessions.duration) {
                case .success(let list): checked = list.map(\.start)
                case .failure: checked = []
                }
                #expect(bits == checked, "seed \(seed), leaders \(group), period \(period.index)")
                if !checked.isEmpty { periodsWithStarts += 1 }
                // The fast path hands out exactly these, with their ends.
                if case .success(let fast) = a.candidates(for: attendees, in: period, duration: p.sessions.duration) {
                    #expect(fast.map(\.start) == checked)
                    #expect(fast.allSatisfy { $0.end.timeIntervalSince($0.start) == TimeInterval(p.sessions.duration) })
                }
            }
            if group.count == 2 {
                #expect(a.starts.periodsInCommon(group[0], group[1]) == periodsWithStarts, "seed \(seed), leaders \(group)")
                if periodsWithStarts > 0 { #expect(a.starts.mayMeet(group[0], group[1])) }
            }
        }
    }

    @Test func theGeneratorReachesEveryOutcome() {
        // The property above is only as good as its programmes: across the seeds, periods with
        // starts and periods refused for each static reason must all occur.
        var reasons: Set<ReasonCode> = []
        var found = 0
        for seed in UInt64(1)...60 {
            let (p, notBefore) = Self.programme(seed: seed)
            let a = Availability(p, notBefore: notBefore)
            for x in a.leaders.indices {
                for y in a.leaders.indices where y > x {
                    for period in a.periods {
                        switch a.intervalCandidates(for: [a.leaders[x], a.leaders[y]], in: period, duration: p.sessions.duration) {
                        case .success: found += 1
                        case .failure(let miss): reasons.insert(miss.reason)
                        }
                    }
                }
            }
        }
        #expect(found > 100)
        #expect(reasons == [.noCommonAvailability, .closedPeriod, .notice, .calendarBusy])
    }

    @Test func eachStageReadsTheOneAvailability() {
        // Matching counts periods from the same bits that placement books from: a pair whose only
        // shared window is always busy is neither matched as able to meet nor given a session.
        var p = Fixtures.programme([
            Fixtures.leader("A1", .mentor, school: "A", windows: [Fixtures.window("Tue", "16:00", "17:00")]),
            Fixtures.leader("B1", .mentee, school: "B", windows: [Fixtures.window("Tue", "16:00", "17:00")]),
        ], start: "2026-09-07", end: "2026-10-04", count: nil, cadence: .weeks(1))
        let london = Fixtures.zone("Europe/London")
        p.busy["A1"] = (0..<4).map { k in
            let day = Fixtures.date("2026-09-08").adding(days: 7 * k)
            return BusyInterval(start: day.instant(minutes: 16 * 60 + 30, in: london), end: day.instant(minutes: 17 * 60, in: london), summary: "SLT")
        }
        let a = Availability(p, notBefore: nil)
        #expect(a.starts.periodsInCommon(0, 1) == 0)
        let schedule = SchedulePipeline(programme: p, now: Fixtures.instant("2026-08-01T00:00:00Z")).schedule()
        #expect(schedule.meetings.isEmpty)
        #expect(schedule.unmatched.count == 1)
    }

    @Test func placementBreaksTiesByTheNineDaysAroundTheReferenceWeek() {
        // Monday and Sunday windows count twice in placement's tie-break (the Sunday before and the
        // Monday after the reference week), once in the weekly minutes matching reports.
        let p = Fixtures.programme([
            Fixtures.leader("A1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "17:00"), Fixtures.window("Wed", "16:00", "17:00")]),
            Fixtures.leader("B1", .mentee, school: "B", windows: [Fixtures.window("Mon", "16:30", "18:00"), Fixtures.window("Wed", "16:00", "16:45")]),
            Fixtures.leader("C1", .mentee, school: "C", zone: "America/New_York", windows: [Fixtures.window("Mon", "11:00", "12:00")]),
        ])
        let a = Availability(p, notBefore: nil)
        #expect(a.sharedWeeklyMinutes("A1", "B1") == 30 + 45)
        #expect(a.placementTieBreakMinutes("A1", "B1") == 2 * 30 + 45)
        // New York 11:00 is London 16:00 in January: the whole hour, Mondays twice.
        #expect(a.sharedWeeklyMinutes("A1", "C1") == 60)
        #expect(a.placementTieBreakMinutes("A1", "C1") == 120)
        #expect(a.placementTieBreakMinutes("A1", "nobody") == 0)
    }
}
