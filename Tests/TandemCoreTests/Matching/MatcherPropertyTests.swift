import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing

/// Properties every matching must have, checked with plain code independent of the matcher.
@Suite struct MatcherPropertyTests {
    /// A leader's windows on every day of the programme, in absolute time, merged.
    static func spans(_ l: Leader, _ p: Programme) -> [(Date, Date)] {
        var out: [(Date, Date)] = []
        for n in p.start.dayNumber...p.end.dayNumber {
            let day = LocalDate(dayNumber: n)
            for w in l.availability where w.weekday == day.isoWeekday {
                out.append((day.instant(minutes: w.start, in: l.timeZone), day.instant(minutes: w.end, in: l.timeZone)))
            }
        }
        out.sort { $0.0 < $1.0 }
        var merged: [(Date, Date)] = []
        for s in out {
            if let last = merged.last, s.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, s.1) } else { merged.append(s) }
        }
        return merged
    }

    /// Whether two leaders' windows ever overlap for a whole session (the random rosters have no
    /// calendars or closures, and their windows sit on the quarter-hour grid).
    static func everMeet(_ a: [(Date, Date)], _ b: [(Date, Date)], _ p: Programme) -> Bool {
        let length = TimeInterval(p.sessions.duration)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if min(a[i].1, b[j].1).timeIntervalSince(max(a[i].0, b[j].0)) >= length { return true }
            if a[i].1 < b[j].1 { i += 1 } else { j += 1 }
        }
        return false
    }

    static func allowedByRules(_ mentor: Leader, _ mentee: Leader, _ p: Programme) -> Bool {
        mentor.id != mentee.id && mentor.role.canMentor && mentee.role.canBeMentored
            && !mentor.avoid.contains(mentee.id) && !mentee.avoid.contains(mentor.id)
            && !(p.matching.avoidSameSchool && !mentor.school.isEmpty && mentor.school.lowercased() == mentee.school.lowercased())
    }

    /// Hard rules, capacities, sort orders, and no mentee left out while a compatible mentor has room.
    static func checkInvariants(_ r: MatchResult, _ p: Programme, sourceLocation: SourceLocation = #_sourceLocation) {
        let byID = Dictionary(uniqueKeysWithValues: p.leaders.map { ($0.id, $0) })
        let spans = Dictionary(uniqueKeysWithValues: p.leaders.map { ($0.id, Self.spans($0, p)) })
        func allowed(_ mentor: Leader, _ mentee: Leader, _ p: Programme) -> Bool {
            allowedByRules(mentor, mentee, p) && everMeet(spans[mentor.id]!, spans[mentee.id]!, p)
        }
        #expect(r.pairs.map { [$0.mentor, $0.mentee] } == r.pairs.map { [$0.mentor, $0.mentee] }.sorted { $0.lexicographicallyPrecedes($1) },
                sourceLocation: sourceLocation)
        #expect(r.unmatched.map(\.leader) == r.unmatched.map(\.leader).sorted(), sourceLocation: sourceLocation)
        var load: [String: Int] = [:]
        var fixedLoad: [String: Int] = [:]
        var mentored = Set<String>()
        for pair in r.pairs {
            let mentor = byID[pair.mentor]!, mentee = byID[pair.mentee]!
            #expect(mentored.insert(pair.mentee).inserted, "\(pair.mentee) has two mentors", sourceLocation: sourceLocation)
            #expect(pair.mentor != pair.mentee, sourceLocation: sourceLocation)
            #expect((0...1).contains(pair.score), sourceLocation: sourceLocation)
            #expect(r.breakdown(of: pair) != nil, sourceLocation: sourceLocation)
            if r.fixed.contains(PairKey(pair)) {
                #expect(mentee.pair == mentor.id, sourceLocation: sourceLocation)
                fixedLoad[mentor.id, default: 0] += 1
            } else {
                #expect(allowed(mentor, mentee, p), "\(pair.mentor)-\(pair.mentee) breaks a hard rule", sourceLocation: sourceLocation)
                load[mentor.id, default: 0] += 1
            }
        }
        func capacity(_ l: Leader) -> Int { l.capacity ?? p.matching.capacity }
        for (id, n) in load {
            #expect(n + fixedLoad[id, default: 0] <= capacity(byID[id]!), "\(id) over capacity", sourceLocation: sourceLocation)
        }
        let listed = Set(r.unmatched.map(\.leader))
        for l in p.leaders where l.role.canBeMentored && !mentored.contains(l.id) {
            let mentors = load[l.id] != nil || fixedLoad[l.id] != nil
            #expect(listed.contains(l.id) || (l.role == .both && mentors), "\(l.id) neither matched nor listed",
                    sourceLocation: sourceLocation)
            for m in p.leaders where m.role.canMentor && load[m.id, default: 0] + fixedLoad[m.id, default: 0] < capacity(m) {
                #expect(!allowed(m, l, p), "\(l.id) unmatched while \(m.id) has room", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func invariantsHoldOnRandomRosters() {
        var rng = MatchingFixtures.Random(state: 99)
        for _ in 0..<60 {
            let leaders = MatchingFixtures.randomLeaders(&rng, mentors: rng.int(1...12), mentees: rng.int(1...25),
                                                         schools: rng.int(1...6), fixedChance: 0.1)
            let p = MatchingFixtures.programme(leaders, capacity: rng.int(1...3))
            Self.checkInvariants(Matcher.match(p), p)
        }
    }

    @Test func sparseCandidateListsStillLeaveNoMenteeOutWhileAMentorHasRoom() {
        // With one candidate per mentee, everyone's favourite fills up; the rest must be retried.
        var rng = MatchingFixtures.Random(state: 5)
        for _ in 0..<40 {
            let leaders = MatchingFixtures.randomLeaders(&rng, mentors: rng.int(3...10), mentees: rng.int(5...25),
                                                         schools: 4, zones: ["Europe/London"])
            let p = MatchingFixtures.programme(leaders, capacity: 2)
            Self.checkInvariants(Matcher.match(p, options: .init(candidatesPerMentee: 1)), p)
        }
    }

    @Test func sameInputSameOutputWhateverTheRosterOrder() {
        var rng = MatchingFixtures.Random(state: 11)
        let leaders = MatchingFixtures.randomLeaders(&rng, mentors: 15, mentees: 30, schools: 5, fixedChance: 0.1)
        let a = Matcher.match(MatchingFixtures.programme(leaders))
        let b = Matcher.match(MatchingFixtures.programme(leaders.reversed()))
        let c = Matcher.match(MatchingFixtures.programme(leaders.shuffled(using: &rng)))
        #expect(a.pairs == b.pairs && a.pairs == c.pairs)
        #expect(a.unmatched == b.unmatched && a.unmatched == c.unmatched)
        #expect(a.breakdown == c.breakdown)
        #expect(a.pairs.count > 10)
    }
}
