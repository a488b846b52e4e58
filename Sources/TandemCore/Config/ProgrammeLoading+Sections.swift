import Foundation
import TandemCalendar
import Yams

/// The sections of programme.yaml, each read into its part of the model with a problem for every bad value.
extension ProgrammeLoading {
    struct Header {
        var id: String?
        var name: String?
        var zone: TimeZone?
        var start: LocalDate?
        var end: LocalDate?
        var coordinator: Programme.Person?
    }

    func programmeHeader(_ node: Node) -> Header? {
        guard let map = yaml.mapping(node, path: "programme", allowed: ["id", "name", "timezone", "start", "end", "coordinator"],
                                     required: ["id", "name", "timezone", "start", "end", "coordinator"])
        else { return nil }
        var header = Header()
        if let id = yaml.scalar(map, "id") {
            if !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                header.id = id
            } else {
                yaml.problem(map.line(of: "id"), "programme.id \"\(ConfigText.singleLine(id))\" may only use a-z, 0-9 and \"-\".",
                             "Use lower-case letters, digits and hyphens, such as northbridge-2026-27; it goes into every calendar UID.")
            }
        }
        header.name = yaml.text(map, "name")
        if let tz = yaml.scalar(map, "timezone") {
            header.zone = ConfigText.zone(tz)
            if header.zone == nil {
                yaml.problem(map.line(of: "timezone"), "programme.timezone \"\(ConfigText.singleLine(tz))\" is not a known time zone.",
                             "Use an IANA name such as Europe/London or America/New_York.")
            }
        }
        header.start = yaml.date(map, "start")
        header.end = yaml.date(map, "end")
        if let s = header.start, let e = header.end, !(s < e) {
            yaml.problem(map.line(of: "end"), "programme.end \(e) is not after programme.start \(s).",
                         "Set end to the programme's last day, after start.")
            header.end = nil
        }
        if let c = map["coordinator"], !YAMLReader.isNull(c),
           let cm = yaml.mapping(c, path: "programme.coordinator", allowed: ["name", "email"], required: ["name", "email"]) {
            let name = yaml.text(cm, "name")
            let email = yaml.scalar(cm, "email")?.trimmingCharacters(in: .whitespaces)
            if let email, !ConfigText.isEmail(email) {
                yaml.problem(cm.line(of: "email"), "programme.coordinator.email \"\(ConfigText.singleLine(email))\" is not an email address.",
                             "Write one address such as amara.okafor@trust.example.")
            } else if let name, let email {
                header.coordinator = Programme.Person(name: name, email: email)
            }
        }
        return header
    }

    // MARK: Closures

    /// Closure entries (`calendar:`, `dates:`, `from:`/`to:`) merged into one `Closures`.
    func closures(_ node: Node, path: String, zone: TimeZone, window: (LocalDate, LocalDate)?, defaultReason: String) -> Programme.Closures {
        var result = Programme.Closures()
        guard case let .sequence(entries) = node else {
            yaml.problem(node.mark?.line, "\(path) must be a list of entries.",
                         "Write each as \"- calendar: file.ics\", \"- dates: [YYYY-MM-DD]\" or \"- from: YYYY-MM-DD\" with \"to: YYYY-MM-DD\".")
            return result
        }
        for (i, entry) in entries.enumerated() {
            let entryPath = "\(path)[\(i + 1)]"
            guard let map = yaml.mapping(entry, path: entryPath, allowed: ["calendar", "dates", "from", "to", "reason"]) else { continue }
            let shapes = [map["calendar"] != nil, map["dates"] != nil, map["from"] != nil || map["to"] != nil].filter { $0 }.count
            guard shapes == 1 else {
                yaml.problem(map.line, shapes == 0 ? "\(entryPath) says nothing to close." : "\(entryPath) mixes calendar, dates and from/to.",
                             "Give each entry exactly one of: calendar: FILE, dates: [DATES], or from: DATE with to: DATE.")
                continue
            }
            let reason = yaml.text(map, "reason")
            if let value = yaml.text(map, "calendar") {
                let file = ConfigPath(value, relativeTo: yamlPath)
                guard let (first, last) = window else {
                    _ = readText(file, what: "closure calendar", referencedAt: map.line(of: "calendar"), limit: ICalendarReader.maxFileBytes,
                                 fix: "Check the path (it is relative to \(yamlPath.display)).")
                    continue
                }
                guard let events = readCalendar(file, what: "closure calendar", referencedAt: map.line(of: "calendar"),
                                                from: first, to: last, zone: zone, includingFree: true)
                else { continue }
                for event in events {
                    if let days = event.allDay {
                        var day = max(days.lowerBound, first)
                        let stop = min(days.upperBound, last)
                        while day <= stop {
                            result.close(day, because: reason ?? event.summary)
                            day = day.adding(days: 1)
                        }
                    } else {
                        var interval = event
                        if let reason { interval.summary = reason }
                        result.intervals.append(interval)
                    }
                }
            } else if let dates = yaml.items(map, "dates") {
                for (j, d) in dates.enumerated() {
                    if let day = yaml.date(d, path: "\(entryPath).dates[\(j + 1)]") { result.close(day, because: reason ?? defaultReason) }
                }
            } else {
                let from = yaml.date(map, "from")
                let to = yaml.date(map, "to")
                if map["from"] == nil || map["to"] == nil {
                    yaml.problem(map.line, "\(entryPath) needs both from: and to:.", "Add the missing \(map["from"] == nil ? "from" : "to"): date (the range is inclusive).")
                } else if let from, let to {
                    if to < from {
                        yaml.problem(map.line(of: "to"), "\(entryPath).to \(to) is before from \(from).", "Swap them, or fix the dates.")
                    } else {
                        var day = from
                        while day <= to {
                            result.close(day, because: reason ?? "closed \(from) to \(to)")
                            day = day.adding(days: 1)
                        }
                    }
                }
            }
        }
        return result
    }

    func schools(_ node: Node, zone: TimeZone, window: (LocalDate, LocalDate)?, roster: RosterIndex) -> [String: Programme.Closures] {
        guard case let .mapping(mapping) = node else {
            yaml.problem(node.mark?.line, "schools must map school names to their closures.",
                         "Write it as \"Riverside Primary: { closures: [ { dates: [2026-11-27] } ] }\".")
            return [:]
        }
        var result: [String: Programme.Closures] = [:]
        for (keyNode, value) in mapping {
            let school = ConfigText.singleLine(keyNode.scalar?.string ?? "")
            let path = "schools.\(school)"
            if roster.loaded, !roster.schools.contains(school) {
                let hint = ConfigText.suggestion(for: school, in: roster.schools.sorted()).map { "Did you mean \"\($0)\"? " } ?? ""
                yaml.problem(keyNode.mark?.line, "school \"\(school)\" is not the school of any leader on the roster (a typo?).",
                             "\(hint)Use the school name exactly as in the roster's school column.")
            }
            guard let map = yaml.mapping(value, path: path, allowed: ["closures"], required: ["closures"]),
                  let closureNode = map["closures"]
            else { continue }
            var closures = self.closures(closureNode, path: "\(path).closures", zone: zone, window: window, defaultReason: "\(school) closed")
            if let existing = result[school] { closures.merge(existing) }
            result[school] = closures
        }
        return result
    }

    // MARK: Sessions and groups

    func sessions(_ node: Node) -> Programme.Sessions? {
        guard let map = yaml.mapping(node, path: "sessions",
                                     allowed: ["cadence", "count", "duration", "buffer", "granularity", "notice", "location"])
        else { return nil }
        var s = Programme.Sessions()
        if let c = yaml.cadence(map, "cadence") { s.cadence = c }
        s.count = yaml.int(map, "count", in: 1...Int.max)
        if let d = yaml.duration(map, "duration", minimum: 60) { s.duration = d }
        if let b = yaml.duration(map, "buffer") { s.buffer = b }
        if let g = yaml.duration(map, "granularity", minimum: 60) {
            if g % 60 == 0, 86_400 % g == 0 {
                s.granularity = g
            } else {
                yaml.problem(map.line(of: "granularity"), "sessions.granularity must divide a day into whole minutes.",
                             "Use a value such as 5m, 10m, 15m, 30m or 1h.")
            }
        }
        if let n = yaml.duration(map, "notice") { s.notice = n }
        s.location = yaml.text(map, "location")
        return s
    }

    func groups(_ node: Node, defaults: Programme.Sessions, roster: RosterIndex) -> [Programme.Group]? {
        guard case let .sequence(entries) = node else {
            yaml.problem(node.mark?.line, "groups must be a list.", "Write each group as \"- name: …\" with its keys indented below.")
            return nil
        }
        var result: [Programme.Group] = []
        var names = Set<String>()
        for (i, entry) in entries.enumerated() {
            let path = "groups[\(i + 1)]"
            guard let map = yaml.mapping(entry, path: path,
                                         allowed: ["name", "members", "facilitator", "cadence", "duration", "min_attendance"],
                                         required: ["name", "cadence"])
            else { continue }
            let name = yaml.text(map, "name")
            if let name, !names.insert(name).inserted {
                yaml.problem(map.line(of: "name"), "there are two groups called \"\(name)\".", "Give each group its own name.")
            }
            var members = Programme.Group.Members.all
            if let node = map["members"], !YAMLReader.isNull(node) {
                if case let .scalar(s) = node {
                    switch s.string.lowercased() {
                    case "all": members = .all
                    case "mentors": members = .mentors
                    case "mentees": members = .mentees
                    default:
                        yaml.problem(node.mark?.line, "\(path).members \"\(s.string)\" is not all, mentors, mentees or a list of ids.",
                                     "Write all, mentors, mentees, or a list such as [L001, L002].")
                    }
                } else if let ids = yaml.strings(map, "members") {
                    for (id, line) in ids where roster.loaded && !roster.ids.contains(id) {
                        yaml.problem(line, "\(path).members names \"\(id)\", who is not on the roster.", "Use leader ids from the roster.")
                    }
                    members = .ids(ids.map(\.text))
                }
            }
            let facilitator = yaml.text(map, "facilitator")
            if let facilitator, roster.loaded, !roster.ids.contains(facilitator) {
                yaml.problem(map.line(of: "facilitator"), "\(path).facilitator \"\(facilitator)\" is not a leader on the roster.",
                             "Use the id of a leader from the roster, such as L001.")
            }
            let cadence = yaml.cadence(map, "cadence")
            let duration = yaml.duration(map, "duration", minimum: 60) ?? defaults.duration
            let minAttendance = yaml.double(map, "min_attendance", in: 0...1) ?? 0.5
            if let name, let cadence {
                result.append(Programme.Group(name: name, members: members, facilitator: facilitator, cadence: cadence,
                                              duration: duration, minAttendance: minAttendance))
            }
        }
        return result
    }

    // MARK: Limits, matching, reminders, delivery

    func limits(_ node: Node) -> Programme.Limits? {
        guard let map = yaml.mapping(node, path: "limits", allowed: ["per_leader_per_day", "per_leader_per_week"]) else { return nil }
        var l = Programme.Limits()
        if let d = yaml.int(map, "per_leader_per_day", in: 1...Int.max) { l.perLeaderPerDay = d }
        if let w = yaml.int(map, "per_leader_per_week", in: 1...Int.max) { l.perLeaderPerWeek = w }
        return l
    }

    func matching(_ node: Node) -> Programme.Matching? {
        guard let map = yaml.mapping(node, path: "matching", allowed: ["capacity", "avoid_same_school", "weights"]) else { return nil }
        var m = Programme.Matching()
        if let c = yaml.int(map, "capacity", in: 0...Int.max) { m.capacity = c }
        if let a = yaml.bool(map, "avoid_same_school") { m.avoidSameSchool = a }
        if let w = map["weights"], !YAMLReader.isNull(w),
           let wm = yaml.mapping(w, path: "matching.weights", allowed: ["goals", "phase", "availability", "experience"]) {
            let any = 0...Double.greatestFiniteMagnitude
            if let x = yaml.double(wm, "goals", in: any) { m.weights.goals = x }
            if let x = yaml.double(wm, "phase", in: any) { m.weights.phase = x }
            if let x = yaml.double(wm, "availability", in: any) { m.weights.availability = x }
            if let x = yaml.double(wm, "experience", in: any) { m.weights.experience = x }
        }
        return m
    }

    /// `off`, `none` or `false`: the value turns a reminder off.
    private func isOff(_ map: YAMLMap, _ key: String) -> Bool {
        guard case let .scalar(s)? = map[key] else { return false }
        return ["off", "none", "false", "no"].contains(s.string.lowercased())
    }

    func reminders(_ node: Node) -> Programme.Reminders? {
        guard let map = yaml.mapping(node, path: "reminders",
                                     allowed: ["before", "checkin_after", "survey", "end_survey", "quiet_hours", "retry_for"])
        else { return nil }
        var r = Programme.Reminders()
        if isOff(map, "before") {
            r.before = []
        } else if let items = yaml.strings(map, "before") {
            r.before = items.compactMap { yaml.duration($0.text, at: $0.line, path: "reminders.before", minimum: 60) }
                .reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
                .sorted(by: >)
        }
        if isOff(map, "checkin_after") {
            r.checkinAfter = nil
        } else if let c = yaml.duration(map, "checkin_after") {
            r.checkinAfter = c
        }
        if let s = map["survey"], !YAMLReader.isNull(s), !isOff(map, "survey"),
           let sm = yaml.mapping(s, path: "reminders.survey", allowed: ["after", "every", "link"], required: ["after", "link"]) {
            let after = yaml.duration(sm, "after")
            let every = yaml.int(sm, "every", in: 1...Int.max) ?? 1
            let link = yaml.scalar(sm, "link")?.trimmingCharacters(in: .whitespaces)
            if let link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.contains(where: { $0.isWhitespace }) {
                yaml.problem(sm.line(of: "link"), "reminders.survey.link \"\(ConfigText.singleLine(link))\" is not a web address.",
                             "Write a full https:// address; {session} and {pair} are filled in per session.")
            } else if let after, let link {
                r.survey = .init(after: after, every: every, link: link)
            }
        }
        if let e = map["end_survey"], !YAMLReader.isNull(e), !isOff(map, "end_survey"),
           let em = yaml.mapping(e, path: "reminders.end_survey", allowed: ["after_end"], required: ["after_end"]) {
            r.endSurveyAfter = yaml.duration(em, "after_end")
        }
        if let retry = yaml.duration(map, "retry_for") { r.retryFor = retry }
        if isOff(map, "quiet_hours") {
            r.quietHours = nil
        } else if let q = yaml.scalar(map, "quiet_hours") {
            do {
                r.quietHours = try DurationParser.quietHours(q)
            } catch {
                yaml.problem(map.line(of: "quiet_hours"), "reminders.quiet_hours: \(error.message)", error.fix)
            }
        }
        return r
    }

    func delivery(_ node: Node) -> Programme.Delivery? {
        guard let map = yaml.mapping(node, path: "delivery", allowed: ["channel", "path", "command", "url", "replies", "rate", "invitations"]) else { return nil }
        var channel = Programme.Delivery.Channel.console
        if let c = yaml.scalar(map, "channel") {
            if let named = Programme.Delivery.Channel(rawValue: c.lowercased()) {
                channel = named
            } else {
                yaml.problem(map.line(of: "channel"), "delivery.channel \"\(ConfigText.singleLine(c))\" is not a channel.",
                             "Use one of: \(Programme.Delivery.Channel.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        let path = yaml.text(map, "path").map { ConfigPath($0, relativeTo: yamlPath).absolute }
        let command = yaml.text(map, "command")?.trimmingCharacters(in: .whitespaces)
        var url: URL?
        if let u = yaml.text(map, "url") {
            if u.hasPrefix("https://") || u.hasPrefix("http://"), let parsed = URL(string: u), parsed.host?.isEmpty == false {
                url = parsed
            } else {
                yaml.problem(map.line(of: "url"), "delivery.url \"\(ConfigText.singleLine(u))\" is not a web address.",
                             "Write a full https:// address.")
            }
        }
        // Each channel is complete here, so the daemon never starts with a channel it cannot use.
        switch channel {
        case .console:
            return .console
        case .maildir:
            if let path { return .maildir(path: path) }
            yaml.problem(map.line, "delivery.channel maildir needs delivery.path.", "Add path: with the maildir folder (relative to \(yamlPath.display)).")
        case .sendmail:
            if let command, !command.isEmpty { return .sendmail(command: command) }
            yaml.problem(map.line(of: "command") ?? map.line, "delivery.channel sendmail needs delivery.command.",
                         "Add command: such as \"/usr/sbin/sendmail -t -i\" or \"msmtp -t\".")
        case .webhook:
            if let url { return .webhook(url) }
            if map["url"] == nil {
                yaml.problem(map.line, "delivery.channel webhook needs delivery.url.", "Add url: with the https:// address to post reminders to.")
            }
        }
        return nil
    }
}
