import Foundation
import TandemCalendar

/// Places the peer-network group sessions before the one-to-one sessions (after the history a
/// re-plan keeps), on each group's own cadence; the pairs then place around them.
///
/// In each period the facilitator's free starts are the candidates; the one that the most members
/// can attend wins (the group's usual weekday and time on a tie, then the earliest). A session that
/// cannot reach `min_attendance` is not placed, and is reported with the best attendance it could get
/// and the most common obstacle. Members who can't come to a placed session are listed with their reason.
extension PlacementRun {
    mutating func placeGroups() -> (meetings: [Meeting], unplaced: [Unplaced]) {
        var meetings: [Meeting] = []
        var unplaced: [Unplaced] = []
        for group in programme.groups {
            let members = Self.members(of: group, in: programme)
            guard !members.isEmpty else { continue }
            let series = Identifiers.groupSeries(programme: programme.id, group: group.name)
            let zone = programme.leader(group.facilitator ?? "")?.timeZone ?? programme.timeZone
            var anchor: Anchor?
            let periods = programme.periods(group.cadence).filter { !programme.isWhollyClosed($0) }
            for period in periods {
                let uid = Identifiers.occurrence(series: series, period: period.index)
                if let kept = keptGroupMeeting(previous[uid], group, members: members, period: period) {
                    state.book(Interval(kept.start, kept.end), for: kept.attendees)
                    if anchor == nil { anchor = Anchor(kept.start, period: period, zone: zone) }
                    meetings.append(kept)
                    continue
                }
                switch placeGroup(group, members: members, period: period, anchor: anchor, zone: zone) {
                case .success(let (slot, attendees, absent)):
                    state.book(slot, for: attendees)
                    if anchor == nil { anchor = Anchor(slot.start, period: period, zone: zone) }
                    meetings.append(Meeting(
                        uid: Identifiers.occurrence(series: series, period: period.index), series: series, kind: .group,
                        attendees: attendees, start: slot.start, end: slot.end, period: period.index,
                        title: group.name, absent: absent))
                case .failure(let miss):
                    unplaced.append(Unplaced(kind: .group, series: series, attendees: members.map(\.id),
                                             period: period.index, reason: miss.reason, detail: "\(group.name): \(miss.detail)"))
                }
            }
        }
        return (meetings, unplaced)
    }

    /// The previous schedule's session of this period, if it has happened, is too close to move, or
    /// still reaches `min_attendance` with the facilitator at the same time (attendees recomputed).
    private mutating func keptGroupMeeting(_ old: Meeting?, _ group: Programme.Group, members: [Leader], period: Period) -> Meeting? {
        guard let old, old.kind == .group else { return nil }
        if old.start < lockedBefore { return old }
        let slot = Interval(old.start, old.end)
        let (attendees, absent) = attendance(at: slot, members: members.compactMap { state.availability.leader($0.id) }, period: period)
        let needed = Int((group.minAttendance * Double(members.count)).rounded(.up))
        guard attendees.count >= needed, group.facilitator.map(attendees.contains) ?? true else { return nil }
        var kept = old
        kept.attendees = attendees
        kept.absent = absent
        return kept
    }

    /// Who can come to a session at `slot`, and why the others can't.
    private mutating func attendance(at slot: Interval, members: [LeaderAvailability], period: Period) -> ([String], [Absence]) {
        var attendees: [String] = []
        var absent: [Absence] = []
        for a in members {
            if let reason = state.obstacle(for: a, at: slot, in: period) {
                absent.append(Absence(leader: a.leader.id, reason: reason, detail: Self.absenceSentence(a.leader, reason)))
            } else {
                attendees.append(a.leader.id)
            }
        }
        return (attendees, absent)
    }

    static func members(of group: Programme.Group, in programme: Programme) -> [Leader] {
        var list: [Leader]
        switch group.members {
        case .all: list = programme.leaders
        case .mentors: list = programme.leaders.filter { $0.role.canMentor }
        case .mentees: list = programme.leaders.filter { $0.role.canBeMentored }
        case .ids(let ids): list = ids.compactMap(programme.leader)
        }
        if let f = group.facilitator, !list.contains(where: { $0.id == f }), let leader = programme.leader(f) {
            list.insert(leader, at: 0)
        }
        return list
    }

    private mutating func placeGroup(_ group: Programme.Group, members: [Leader], period: Period, anchor: Anchor?,
                                     zone: TimeZone) -> Result<(Interval, [String], [Absence]), MissError> {
        let everyone = members.compactMap { state.availability.leader($0.id) }
        let facilitator = group.facilitator.flatMap { state.availability.leader($0) }
        // Candidates: the facilitator's free starts, or any member's when there is no facilitator.
        var candidates: [Interval] = []
        for a in facilitator.map({ [$0] }) ?? everyone {
            switch state.availability.candidates(for: [a], in: period, duration: group.duration) {
            case .success(let c):
                if facilitator != nil {
                    switch state.dynamicCandidates(c, for: [a], in: period) {
                    case .success(let free): candidates = free
                    case .failure(let miss): return .failure(MissError(miss.reason, "the facilitator cannot come: \(miss.detail)"))
                    }
                } else {
                    candidates += c
                }
            case .failure(let miss):
                if facilitator != nil { return .failure(MissError(miss.reason, "the facilitator cannot come: \(miss.detail)")) }
            }
        }
        candidates = Array(Set(candidates)).sorted()
        guard !candidates.isEmpty else {
            return .failure(MissError(.noCommonAvailability, "no member has a free \(group.duration / 60)-minute window in \(period.label)."))
        }
        let needed = Int((group.minAttendance * Double(members.count)).rounded(.up))
        var best: (slot: Interval, attendees: [String], absent: [Absence])?
        for c in candidates {
            let (attendees, absent) = attendance(at: c, members: everyone, period: period)
            if let facilitator, !attendees.contains(facilitator.leader.id) { continue }
            let better: Bool
            if let b = best {
                if attendees.count != b.attendees.count {
                    better = attendees.count > b.attendees.count
                } else {
                    better = anchor != nil && Anchor(c.start, period: period, zone: zone) == anchor
                        && Anchor(b.slot.start, period: period, zone: zone) != anchor
                }
            } else {
                better = true
            }
            if better { best = (c, attendees, absent) }
        }
        guard let best else {
            return .failure(MissError(.noCommonAvailability, "no time in \(period.label) suits the facilitator."))
        }
        guard best.attendees.count >= needed else {
            var counts: [ReasonCode: Int] = [:]
            for a in best.absent { counts[a.reason, default: 0] += 1 }
            let top = counts.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }!
            let percent = Int((Double(best.attendees.count) / Double(members.count) * 100).rounded())
            return .failure(MissError(top.key,
                "the best time in \(period.label), \(TimeText.span(best.slot.start, best.slot.end, in: zone)) (\(zone.identifier)), suits \(best.attendees.count) of \(members.count) members (\(percent)%), below min_attendance \(Int(group.minAttendance * 100))%. Most of the others (\(top.value)) are \(Self.obstacle(top.key))."))
        }
        return .success((best.slot, best.attendees, best.absent))
    }

    static func obstacle(_ reason: ReasonCode) -> String {
        switch reason {
        case .noCommonAvailability: return "outside their availability windows then"
        case .closedPeriod: return "on a closure day"
        case .calendarBusy: return "busy in their own calendars"
        case .takenByOtherMeetings: return "in another Tandem meeting"
        case .limitReached: return "at their daily or weekly meeting limit"
        default: return reason.rawValue
        }
    }

    static func absenceSentence(_ leader: Leader, _ reason: ReasonCode) -> String {
        switch reason {
        case .noCommonAvailability: return "\(leader.name) is not available at that time (outside their availability windows)."
        case .closedPeriod: return "It is a closure day for \(leader.name)."
        case .calendarBusy: return "\(leader.name)'s calendar is busy then."
        case .takenByOtherMeetings: return "\(leader.name) has another Tandem meeting then."
        case .limitReached: return "\(leader.name) has reached their daily or weekly meeting limit."
        default: return reason.sentence
        }
    }
}
