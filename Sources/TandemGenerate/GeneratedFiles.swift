import Foundation
import TandemCore
import TandemCalendar

/// The text files of a generated programme: programme.yaml, leaders.csv and the closure calendars.
enum GeneratedFiles {
    static func programmeYAML(_ roster: SyntheticRoster, label: String, seed: UInt64) -> String {
        let id = "generated-\(label.lowercased())-\(seed)"
        // The group's facilitator: the first mentor in London.
        let facilitator = roster.members.first {
            $0.role.canMentor && roster.schools[$0.school].zone == SyntheticRoster.homeZone
        } ?? roster.members.first { $0.role.canMentor }
        // One or two schools in England with an INSET day of their own.
        let english = roster.schools.filter(\.english)
        let closing = english.prefix(2)

        var y = """
        \(ProgrammeGenerator.signature) --size \(label) --seed \(seed).
        # Synthetic data for demos and benchmarks: every person, school and diary here is made up.
        # Paths are relative to this file. Check it with: tandem validate programme.yaml

        programme:
          id: \(id)
          name: \(quoted("Generated programme \(label) (seed \(seed))"))
          timezone: \(SyntheticRoster.homeZone)
          start: \(SchoolYear.start)
          end: \(SchoolYear.end)
          coordinator: { name: Jordan Ellis, email: jordan.ellis@programme.example }

        roster: leaders.csv
        calendars: calendars                # <leader-id>.ics: each leader's busy export

        closures:
          - calendar: calendars/term-dates.ics
          - calendar: calendars/bank-holidays.ics
          - dates: [\(SchoolYear.trustClosureDays.map(\.description).joined(separator: ", "))]   # trust-wide INSET days

        """
        if !closing.isEmpty {
            y += "schools:                            # INSET days of single schools\n"
            for (k, school) in closing.enumerated() {
                y += "  \(quoted(school.name)): { closures: [ { dates: [\(SchoolYear.schoolInsetDays[k % SchoolYear.schoolInsetDays.count])] } ] }\n"
            }
            y += "\n"
        }
        y += """
        sessions:
          cadence: fortnightly
          count: 12
          duration: 60m
          buffer: 15m
          granularity: 15m
          notice: 2d
          location: "Video call"
        \n
        """
        if let facilitator {
            y += """
            groups:
              - name: Mentors’ network
                members: mentors
                facilitator: \(facilitator.id)
                cadence: every 6 weeks
                duration: 90m
                min_attendance: 0.08        # mentors span four zones: a tenth at once is a good turnout
            \n
            """
        }
        y += """
        limits:
          per_leader_per_day: 1
          per_leader_per_week: 3

        matching:
          capacity: \(SyntheticRoster.defaultCapacity)
          avoid_same_school: true
          weights: { goals: 3, phase: 2, availability: 2, experience: 1 }

        reminders:
          before: [24h, 1h]
          checkin_after: 7d
          survey: { after: 2h, every: 1, link: "https://forms.example/feedback?session={session}&pair={pair}" }
          end_survey: { after_end: 7d }
          quiet_hours: "21:00-07:30"

        delivery:
          channel: console

        """
        return y
    }

    static func rosterCSV(_ roster: SyntheticRoster) -> String {
        var lines = [RosterParser.columns.joined(separator: ",")]
        lines.reserveCapacity(roster.members.count + 1)
        for m in roster.members {
            let school = roster.schools[m.school]
            let fields: [String] = [
                m.id, m.name, m.email, m.role.rawValue, school.name, school.trust, school.phase,
                school.zone == SyntheticRoster.homeZone ? "" : school.zone,
                SyntheticAvailability.cell(m.windows), m.expertise.joined(separator: ";"), m.goals.joined(separator: ";"),
                String(m.years), m.capacity.map(String.init) ?? "", m.avoid.joined(separator: ";"), m.pair ?? "",
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A closure calendar of whole-day breaks. The writer has no all-day (DATE) events yet, so each
    /// break is a timed event from local midnight of its first day to midnight after its last.
    static func closureCalendar(name: String, breaks: [SchoolYear.Break],
                                early: (day: LocalDate, from: Int, to: Int, name: String)?,
                                domain: String, zone: TimeZone) -> CalendarDocument {
        var events = breaks.map { b in
            CalendarEvent(uid: "\(b.first)-\(SyntheticNames.slug(b.name))@\(domain)",
                          start: b.first.instant(minutes: 0, in: zone), end: b.last.adding(days: 1).instant(minutes: 0, in: zone),
                          timeZone: zone.identifier, summary: b.name, categories: ["School holiday"])
        }
        if let early {
            events.append(CalendarEvent(uid: "\(early.day)-early-close@\(domain)",
                                        start: early.day.instant(minutes: early.from, in: zone),
                                        end: early.day.instant(minutes: early.to, in: zone),
                                        timeZone: zone.identifier, summary: early.name))
        }
        return CalendarDocument(method: .publish, name: name, events: events)
    }

    /// A CSV cell, quoted only when it must be.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
