import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

/// Hard rules, fixed pairs, scores, explanations and every unmatched reason code.
@Suite struct MatcherRuleTests {
    typealias F = MatchingFixtures
    let mon = [Fixtures.window("Mon", "16:00", "18:00")]
    let tue = [Fixtures.window("Tue", "16:00", "18:00")]

    func pairs(_ r: MatchResult) -> [[String]] { r.pairs.map { [$0.mentor, $0.mentee] } }

    @Test func avoidWorksInBothDirections() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", goals: [], avoid: ["E1"]),
            F.leader("M2", .mentor, school: "B"),
            F.leader("E1", .mentee, school: "C", avoid: ["M2"]),
        ])
        let r = Matcher.match(p)
        #expect(r.pairs.isEmpty)
        #expect(r.unmatched.map(\.reason) == [.excludedByRules])
        #expect(r.unmatched[0].detail.contains("2 by an avoid list"))
    }

    @Test func sameSchoolIsExcludedButAnEmptySchoolIsUnknown() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "Riverside Primary"),
            F.leader("E1", .mentee, school: "riverside primary"),
            F.leader("E2", .mentee, school: ""),
            F.leader("M2", .mentor, school: ""),
            F.leader("E3", .mentee, school: ""),
        ], capacity: 1)
        let r = Matcher.match(p)
        // E1 can only have M2 (same school as M1); the two unknown-school mentees are not "the same school".
        #expect(r.pairs.contains { $0.mentor == "M2" && $0.mentee == "E1" })
        #expect(r.pairs.count == 2)
        #expect(r.unmatched.count == 1)
        #expect(r.unmatched.first?.reason == .noMentorCapacity)
    }

    @Test func sameSchoolIsAllowedWhenTheRuleIsOff() {
        let p = F.programme([F.leader("M1", .mentor, school: "A"), F.leader("E1", .mentee, school: "A")], avoidSameSchool: false)
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M1", "E1"]])
        #expect(r.pairs[0].why.contains("same school"))
    }

    @Test func aBothLeaderMentorsAndIsMentoredButNeverByThemself() {
        let p = F.programme([
            F.leader("B1", .both, school: "A", goals: ["finance"]),
            F.leader("E1", .mentee, school: "B"),
            F.leader("M1", .mentor, school: "C", expertise: ["finance"]),
        ], capacity: 1)
        let r = Matcher.match(p)
        #expect(!r.pairs.contains { $0.mentor == $0.mentee })
        #expect(r.pairs.contains { $0.mentee == "B1" && $0.mentor == "M1" })
        #expect(r.pairs.count == 2)
        #expect(r.unmatched.isEmpty)
    }

    @Test func aBothLeaderAloneIsNotPairedWithThemself() {
        let r = Matcher.match(F.programme([F.leader("B1", .both, school: "A")]))
        #expect(r.pairs.isEmpty)
        #expect(r.unmatched.map(\.reason) == [.excludedByRules])
        #expect(r.unmatched[0].detail.contains("no other mentor"))
    }

    @Test func fixedPairsAreKeptAndUseCapacityFirst() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", expertise: ["curriculum"], capacity: 1),
            F.leader("M2", .mentor, school: "B", windows: tue),
            F.leader("E1", .mentee, school: "C", goals: ["curriculum"]),
            F.leader("E2", .mentee, school: "D", windows: tue, pair: "M1"),
        ])
        let r = Matcher.match(p)
        // E2 is fixed to M1 although they share no time, and takes M1's one place. E1 shares no
        // time with M2 (Mon vs Tue), so E1 is left out: M1 is compatible but full.
        #expect(pairs(r) == [["M1", "E2"]])
        #expect(r.fixed == [PairKey(mentor: "M1", mentee: "E2")])
        #expect(r.pairs[0].why.first == "fixed in the roster")
        #expect(r.pairs[0].why.contains("no weekly availability in common"))
        #expect(r.unmatched.map(\.reason) == [.noMentorCapacity])
        #expect(r.unmatched[0].detail.contains("M1"))
    }

    @Test func fixedPairsBeyondCapacityAreKeptAndSaySo() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", capacity: 1),
            F.leader("E1", .mentee, school: "B", pair: "M1"),
            F.leader("E2", .mentee, school: "A", pair: "M1"),
        ])
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M1", "E1"], ["M1", "E2"]])
        for pair in r.pairs { #expect(pair.why.contains("M1 has 2 fixed mentees, over their capacity of 1")) }
        #expect(r.pairs[1].why.contains("kept although they share a school"))
        #expect(r.unmatched.isEmpty)
    }

    @Test func neverPairsLeadersWhoCanNeverMeet() {
        // London Monday 16:00-18:00 against New York Monday 16:00-18:00 (London 21:00-23:00).
        let p = F.programme([
            F.leader("M1", .mentor, school: "A"),
            F.leader("E1", .mentee, school: "B", zone: "America/New_York"),
        ])
        let r = Matcher.match(p)
        #expect(r.pairs.isEmpty)
        #expect(r.unmatched.map(\.reason) == [.noCommonAvailability])
        #expect(r.unmatched[0].detail.contains("Leader E1 (E1)"))
        #expect(r.unmatched[0].detail.contains("Widen"))
    }

    @Test func eachReasonCodeArisesFromInputBuiltForIt() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", capacity: 1),
            F.leader("M2", .mentor, school: "B", windows: tue, capacity: 1),
            F.leader("E1", .mentee, school: "C"),                        // takes M1
            F.leader("E2", .mentee, school: "D"),                        // M1 full, M2 never meets: no capacity
            F.leader("E3", .mentee, school: "E", windows: [Fixtures.window("Sat", "09:00", "10:00")]), // nobody meets
            F.leader("E4", .mentee, school: "A", windows: tue, avoid: ["M2"]),  // same school as M1, avoids M2
        ])
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M1", "E1"]])
        let reasons = Dictionary(uniqueKeysWithValues: r.unmatched.map { ($0.leader, $0.reason) })
        #expect(reasons == ["E2": .noMentorCapacity, "E3": .noCommonAvailability, "E4": .excludedByRules])
        let e4 = r.unmatched.first { $0.leader == "E4" }!
        #expect(e4.detail.contains("1 by an avoid list") && e4.detail.contains("1 at the same school"))
    }

    @Test func prefersTheBetterSuitedMentorAndExplainsWhy() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", phase: "primary", expertise: ["curriculum", "send"], years: 14),
            F.leader("M2", .mentor, school: "B", phase: "secondary", expertise: ["finance"], years: 3),
            F.leader("E1", .mentee, school: "C", phase: "primary", goals: ["curriculum"], years: 2),
        ])
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M1", "E1"]])
        #expect(r.pairs[0].why == ["shared goal: curriculum", "different schools", "same phase: primary",
                                   "2h a week in common", "time for a session in 23 of 23 periods", "14 vs 2 years' experience"])
        let b = r.breakdown(of: r.pairs[0])!
        #expect(b.goals == 1 && b.phase == 1 && b.availability == 1 && b.experience == 1)
        #expect(r.pairs[0].score == 1)
    }

    @Test func scoreIsTheWeightedMeanOfItsComponents() throws {
        var p = F.programme([
            F.leader("M1", .mentor, school: "A", phase: "all-through", windows: [Fixtures.window("Mon", "16:00", "16:30")],
                     expertise: ["curriculum"], years: 7),
            F.leader("E1", .mentee, school: "B", phase: "primary", goals: ["curriculum", "finance"], years: 2),
        ])
        p.matching.weights.goals = 3
        p.matching.weights.phase = 2
        p.matching.weights.availability = 2
        p.matching.weights.experience = 1
        p.sessions.duration = 1800
        let r = Matcher.match(p)
        let b = try #require(r.pairs.first.flatMap { r.breakdown(of: $0) })
        // 30 minutes a week is a quarter of the two hours that fill the minutes part; they can
        // meet in every one of the 23 fortnights, more than the 12 sessions asked for.
        let availability = 0.85  // 0.8 × 1 + 0.2 × 0.25
        #expect(b == ScoreBreakdown(goals: 0.5, phase: 0.5, availability: availability, experience: 0.5, sharedMinutes: 30,
                                    periodsInCommon: 23, periods: 23))
        #expect(r.pairs[0].score == ((3 * 0.5 + 2 * 0.5 + 2 * availability + 1 * 0.5) / 8 * 1000).rounded() / 1000)
        #expect(r.pairs[0].why.contains("related phases: all-through and primary"))
        #expect(r.pairs[0].why.contains("30m a week in common"))
        #expect(r.pairs[0].why.contains("time for a session in 23 of 23 periods"))
    }

    @Test func availabilityCountsAcrossZones() {
        // London Wed 07:00-08:30 is Sydney Wed 18:00-19:30 in January (AEDT, +11).
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", windows: [Fixtures.window("Wed", "07:00", "08:30")]),
            F.leader("E1", .mentee, school: "B", zone: "Australia/Sydney", windows: [Fixtures.window("Wed", "17:00", "19:00")]),
        ])
        let r = Matcher.match(p)
        #expect(r.breakdown(of: r.pairs[0])?.sharedMinutes == 60)
    }

    @Test func availabilityWrapsAroundTheWeek() {
        // Sydney Monday 08:00-10:00 is London Sunday 21:00-23:00.
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", windows: [Fixtures.window("Sun", "20:00", "22:00")]),
            F.leader("E1", .mentee, school: "B", zone: "Australia/Sydney", windows: [Fixtures.window("Mon", "08:00", "10:00")]),
        ])
        let r = Matcher.match(p)
        #expect(r.breakdown(of: r.pairs[0])?.sharedMinutes == 60)
    }

    // MARK: Re-planning keeps the pairs

    func previous(_ pairs: [(String, String)]) -> [Pair] {
        pairs.map { Pair(mentor: $0.0, mentee: $0.1, score: 0, why: []) }
    }

    @Test func previousPairsAreKeptOverABetterNewMatch() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", expertise: ["finance"], capacity: 1),
            F.leader("M2", .mentor, school: "B", capacity: 1),
            F.leader("E1", .mentee, school: "C", goals: ["finance"]),
            F.leader("E2", .mentee, school: "D"),
        ])
        // Fresh, E1 goes to M1 for the shared goal; a re-plan keeps the pairs the year began with.
        #expect(pairs(Matcher.match(p)) == [["M1", "E1"], ["M2", "E2"]])
        let r = Matcher.match(p, keeping: previous([("M1", "E2"), ("M2", "E1")]))
        #expect(pairs(r) == [["M1", "E2"], ["M2", "E1"]])
        #expect(r.pairs.allSatisfy { $0.why.first == "kept from the previous schedule" })
        #expect(r.fixed.isEmpty)
    }

    @Test func aPreviousPairIsDroppedWhenARuleNowForbidsItOrALeaderHasGone() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", capacity: 2),
            F.leader("M2", .mentor, school: "B", capacity: 2),
            F.leader("E1", .mentee, school: "C", avoid: ["M1"]),
            F.leader("E2", .mentee, school: "D"),
        ])
        // E1 now avoids M1, and M9 has left the roster: both mentees are matched afresh.
        let r = Matcher.match(p, keeping: previous([("M1", "E1"), ("M9", "E2")]))
        #expect(pairs(r).contains(["M2", "E1"]))
        #expect(r.pairs.count == 2)
        #expect(!r.pairs.contains { $0.why.contains("kept from the previous schedule") })
    }

    @Test func keptPairsRespectCapacityAndTheRosterFixedPairsComeFirst() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", capacity: 1),
            F.leader("M2", .mentor, school: "B", capacity: 1),
            F.leader("E1", .mentee, school: "C", pair: "M1"),
            F.leader("E2", .mentee, school: "D"),
        ])
        // The roster now fixes E1 to M1, which fills M1: E2's previous pair with M1 gives way.
        let r = Matcher.match(p, keeping: previous([("M1", "E2"), ("M2", "E1")]))
        #expect(pairs(r) == [["M1", "E1"], ["M2", "E2"]])
        #expect(r.fixed == [PairKey(mentor: "M1", mentee: "E1")])
    }

    // MARK: Calendars decide who can meet

    @Test func windowsThatOnlyTouchForLessThanASessionNeverMakeAPair() {
        let p = F.programme([
            F.leader("M1", .mentor, school: "A", windows: [Fixtures.window("Mon", "16:00", "16:30")]),
            F.leader("E1", .mentee, school: "B"),
        ])
        let r = Matcher.match(p)
        #expect(r.pairs.isEmpty)
        #expect(r.unmatched.map(\.reason) == [.noCommonAvailability])
        #expect(r.unmatched.first?.detail.contains("leave a whole 1h session free for both") == true, "\(r.unmatched)")
    }

    @Test func aMentorWhoseStandingMeetingTakesTheSharedHourEveryWeekIsNotPaired() {
        // M1 and E1 share Mon 16:00-18:00, but M1's weekly SLT runs 16:00-17:30 and the 15-minute
        // buffer leaves no hour. M2 shares Tue with E1 and is chosen although M1 suits E1 better.
        var p = F.programme([
            F.leader("M1", .mentor, school: "A", expertise: ["finance"]),
            F.leader("M2", .mentor, school: "B", windows: [Fixtures.window("Tue", "16:00", "18:00")]),
            F.leader("E1", .mentee, school: "C", windows: [Fixtures.window("Mon", "16:00", "18:00"), Fixtures.window("Tue", "16:00", "18:00")],
                     goals: ["finance"]),
        ])
        let london = Fixtures.zone("Europe/London")
        var slt: [BusyInterval] = []
        for n in p.start.dayNumber...p.end.dayNumber where LocalDate(dayNumber: n).isoWeekday == 1 {
            let day = LocalDate(dayNumber: n)
            slt.append(BusyInterval(start: day.instant(minutes: 16 * 60, in: london), end: day.instant(minutes: 17 * 60 + 30, in: london),
                                    summary: "SLT"))
        }
        p.busy["M1"] = slt
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M2", "E1"]])
        // With M2 gone, E1 is unmatched and told why.
        p.leaders.removeAll { $0.id == "M2" }
        let alone = Matcher.match(p)
        #expect(alone.pairs.isEmpty)
        #expect(alone.unmatched.first?.detail.contains("in no period do their windows, calendars and closures leave a whole 1h session free") == true, "\(alone.unmatched)")
    }

    @Test func theMentorFreeInMorePeriodsIsPreferred() {
        // M1 is busy five Mondays in six, M2 never: otherwise they are alike.
        var p = F.programme([
            F.leader("M1", .mentor, school: "A"),
            F.leader("M2", .mentor, school: "B"),
            F.leader("E1", .mentee, school: "C"),
        ], capacity: 1)
        let london = Fixtures.zone("Europe/London")
        var governors: [BusyInterval] = []
        for (k, n) in stride(from: p.start.dayNumber, through: p.end.dayNumber, by: 7).enumerated() where k % 6 != 0 {
            let day = LocalDate(dayNumber: n)
            governors.append(BusyInterval(start: day.instant(minutes: 15 * 60, in: london), end: day.instant(minutes: 19 * 60, in: london),
                                          summary: "Governors"))
        }
        #expect(p.start.isoWeekday == 1)
        p.busy["M1"] = governors
        let r = Matcher.match(p)
        #expect(pairs(r) == [["M2", "E1"]])
        #expect(r.breakdown(of: r.pairs[0])?.periodsInCommon == 23)
        p.leaders.removeAll { $0.id == "M2" }
        let alone = Matcher.match(p)
        let b = alone.pairs.first.flatMap { alone.breakdown(of: $0) }
        // Weeks 1, 7, 13, … are free: one fortnight in three.
        #expect(b?.periodsInCommon == 8)
        #expect(alone.pairs.first?.why.contains("time for a session in 8 of 23 periods") == true)
    }
}
