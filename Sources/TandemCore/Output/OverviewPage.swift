import Foundation
import TandemCalendar

/// `overview.html`: the year at a glance for a coordinator. Self-contained: no network, no script,
/// readable when printed.
///
/// Rows are pairs and groups, columns the session periods. Holidays shade the columns; each placed
/// session shows its date; each missing one is marked with its reason code, spelled out on hover
/// and in the legend. A second table shows each leader's load.
public enum OverviewPage {
    /// - Parameter responses: attendees' answers to the invitations; when there are any, a table of them
    ///   per meeting is added (``repliesTable(_:programme:responses:)``).
    public static func render(_ schedule: Schedule, programme: Programme, responses: [InvitationResponse] = []) -> String {
        let periods = programme.periods(programme.sessions.cadence)
        let zone = programme.timeZone
        func periodIndex(_ date: Date) -> Int? {
            let day = LocalDate.local(date, in: zone).date
            return periods.first { $0.first <= day && day <= $0.last }?.index
        }
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>\(esc(programme.name)): the year</title>
        <style>
        body { font: 13px/1.4 system-ui, sans-serif; margin: 1.5em; color: #111; }
        h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.5em 0 .4em; }
        p.meta { color: #444; margin: 0 0 1em; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #bbb; padding: 2px 4px; text-align: center; white-space: nowrap; }
        th.row, td.row { text-align: left; }
        th.p { font-weight: normal; font-size: 11px; }
        .closed { background: repeating-linear-gradient(45deg, #e4e4e4, #e4e4e4 4px, #f4f4f4 4px, #f4f4f4 8px); }
        .half { background: #f0f0f0; }
        .ok { background: #cfe8cf; font-weight: 600; }
        .group { background: #cfdcf0; font-weight: 600; }
        .miss { background: #f6d0c8; color: #7a1d0e; font-weight: 600; }
        .legend td { text-align: left; white-space: normal; }
        .bar { display: inline-block; height: 9px; background: #6b8fc7; vertical-align: middle; }
        @media print { body { margin: 0; font-size: 10px; } .ok, .group, .miss, .closed, .half { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
        </style></head><body>
        <h1>\(esc(programme.name))</h1>
        <p class="meta">\(programme.start) to \(programme.end) · \(programme.sessions.cadence) sessions · \
        \(schedule.summary.placed) of \(schedule.summary.requested) one-to-one sessions placed · \
        \(schedule.summary.pairsShort) pair(s) short · \(schedule.unmatched.count) leader(s) unmatched · times in \(esc(zone.identifier))</p>
        <h2>Sessions by period</h2>
        <table><tr><th class="row">Pair or group</th>
        """
        for p in periods {
            let closed = p.days.filter { programme.closures.days.contains($0) }
            let cls = closed.count == p.days.count ? "p closed" : (closed.isEmpty ? "p" : "p half")
            let why = Set(closed.compactMap { programme.closures.reasons[$0] }).sorted().joined(separator: "; ")
            h += "<th class=\"\(cls)\" title=\"\(p.first) to \(p.last)\(why.isEmpty ? "" : ": " + esc(why))\">\(p.index)<br>\(shortDate(p.first))</th>"
        }
        h += "</tr>\n"
        var rows: [(label: String, series: String, cadence: Programme.Cadence)] = schedule.pairs.map { pair in
            let names = [pair.mentor, pair.mentee].map { programme.leader($0)?.name ?? $0 }
            return ("\(names[0]) → \(names[1])", Identifiers.mentoringSeries(programme: programme.id, mentor: pair.mentor, mentee: pair.mentee),
                    programme.sessions.cadence)
        }
        rows += programme.groups.map { ($0.name, Identifiers.groupSeries(programme: programme.id, group: $0.name), $0.cadence) }
        let meetingsBySeries = Dictionary(grouping: schedule.meetings, by: \.series)
        let unplacedBySeries = Dictionary(grouping: schedule.unplaced, by: \.series)
        let closedPerPeriod = Dictionary(uniqueKeysWithValues: periods.map { p in
            (p.index, p.days.filter { programme.closures.days.contains($0) }.count)
        })
        var groupPeriods: [String: [Int: Period]] = [:]
        for row in rows {
            h += "<tr><td class=\"row\">\(esc(row.label))</td>"
            let placed = meetingsBySeries[row.series] ?? []
            // A missing session shows in the column where its own period (of its own cadence) starts.
            let key = "\(row.cadence)"
            if groupPeriods[key] == nil {
                groupPeriods[key] = Dictionary(uniqueKeysWithValues: programme.periods(row.cadence).map { ($0.index, $0) })
            }
            let ownPeriods = groupPeriods[key]!
            let placedByPeriod = Dictionary(placed.map { (periodIndex($0.start) ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            let missing = unplacedBySeries[row.series] ?? []
            for p in periods {
                let closedDays = closedPerPeriod[p.index] ?? 0
                let closed = closedDays == p.days.count
                if let m = placedByPeriod[p.index] {
                    let who = m.kind == .group ? " · \(m.attendees.count) attending" : ""
                    h += "<td class=\"\(m.kind == .group ? "group" : "ok")\" title=\"\(esc(TimeText.span(m.start, m.end, in: zone)))\(who)\">\(shortDate(LocalDate.local(m.start, in: zone).date))</td>"
                } else if let u = missing.first(where: { u in ownPeriods[u.period].map { p.first <= $0.first && $0.first <= p.last } ?? false }), !closed {
                    h += "<td class=\"miss\" title=\"\(esc(u.reason.rawValue + ": " + u.detail))\">\(esc(code(u.reason)))</td>"
                } else {
                    h += closed ? "<td class=\"closed\"></td>" : (closedDays > 0 ? "<td class=\"half\"></td>" : "<td></td>")
                }
            }
            h += "</tr>\n"
        }
        h += "</table>\n"
        let used = Set(schedule.unplaced.map(\.reason)).union(schedule.unmatched.map(\.reason))
        h += "<h2>Legend</h2><table class=\"legend\">"
        h += "<tr><td class=\"ok\">12 Jan</td><td>one-to-one session placed (date; hover for the time)</td></tr>"
        h += "<tr><td class=\"group\">12 Jan</td><td>group session placed</td></tr>"
        h += "<tr><td class=\"closed\"></td><td>period closed for everyone (holidays); lighter shading: some days closed</td></tr>"
        for r in ReasonCode.allCases where used.contains(r) {
            h += "<tr><td class=\"miss\">\(code(r))</td><td><b>\(r.rawValue)</b>: \(esc(r.sentence))</td></tr>"
        }
        h += "</table>\n"
        if !schedule.unmatched.isEmpty {
            h += "<h2>Unmatched leaders</h2><table><tr><th class=\"row\">Leader</th><th class=\"row\">Why</th></tr>"
            for u in schedule.unmatched {
                h += "<tr><td class=\"row\">\(esc(programme.leader(u.leader)?.name ?? u.leader))</td><td class=\"row\">\(esc(u.reason.rawValue + ": " + u.detail))</td></tr>"
            }
            h += "</table>\n"
        }
        if !responses.isEmpty { h += repliesTable(schedule, programme: programme, responses: responses) }
        h += loadTable(schedule, programme: programme)
        h += "</body></html>\n"
        return h
    }

    /// Each leader's sessions, group sessions and busiest week, with a bar.
    static func loadTable(_ schedule: Schedule, programme: Programme) -> String {
        var h = "<h2>Each leader's load</h2><table><tr><th class=\"row\">Leader</th><th class=\"row\">School</th><th>One-to-one</th><th>Group</th><th>Busiest week</th><th class=\"row\">Load</th></tr>"
        var byLeader: [String: [Meeting]] = [:]
        for m in schedule.meetings { for a in m.attendees { byLeader[a, default: []].append(m) } }
        let most = max(1, byLeader.values.map(\.count).max() ?? 1)
        for leader in programme.leaders {
            let mine = byLeader[leader.id] ?? []
            var weeks: [Int: Int] = [:]
            for m in mine {
                let d = LocalDate.local(m.start, in: leader.timeZone).date
                weeks[d.dayNumber - (d.isoWeekday - 1), default: 0] += 1
            }
            let one = mine.filter { $0.kind == .mentoring }.count
            h += "<tr><td class=\"row\">\(esc(leader.name))</td><td class=\"row\">\(esc(leader.school))</td><td>\(one)</td><td>\(mine.count - one)</td><td>\(weeks.values.max() ?? 0)</td>"
            h += "<td class=\"row\"><span class=\"bar\" style=\"width:\(mine.count * 160 / most)px\"></span></td></tr>"
        }
        return h + "</table>\n"
    }

    /// A two- or three-letter mark for a reason, for narrow cells.
    static func code(_ r: ReasonCode) -> String {
        switch r {
        case .noCommonAvailability: return "NA"
        case .closedPeriod: return "CL"
        case .calendarBusy: return "BSY"
        case .takenByOtherMeetings: return "TKN"
        case .limitReached: return "LIM"
        case .notice: return "NTC"
        case .noMentorCapacity: return "CAP"
        case .excludedByRules: return "EXC"
        case .declined: return "DEC"
        }
    }

    static func shortDate(_ d: LocalDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(d.day) \(months[d.month - 1])"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
