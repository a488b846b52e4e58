public import Foundation
public import TandemCalendar

/// Reads leaders.csv into leaders, reporting every problem with its line and a fix.
public enum RosterParser {
    /// Every column the roster may have, in the documented order.
    public static let columns = ["id", "name", "email", "role", "school", "trust", "phase", "timezone", "availability",
                                 "expertise", "goals", "years", "capacity", "avoid", "pair"]
    /// Columns every roster must have.
    public static let requiredColumns = ["id", "name", "email", "role"]
    /// The longest leader id (UTF-8 bytes): ids name files such as `<id>.ics` and `invites/<id>-….ics`.
    public static let maxIDLength = 64
    /// The largest roster read (bytes).
    public static let maxRosterBytes = 8 * 1_048_576

    /// The leaders of `text` (a leaders.csv named `file`) and every problem found; leaders' empty zones become `defaultZone`.
    public static func parse(_ text: String, file: String, defaultZone: TimeZone) -> (leaders: [Leader], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        func problem(_ line: Int?, _ message: String, _ fix: String?) {
            problems.append(InputProblem(file: file, line: line, message: message, fix: fix))
        }

        guard text.utf8.count <= maxRosterBytes else {
            problem(nil, "the roster is \(text.utf8.count / 1_048_576) MiB; Tandem reads rosters up to \(maxRosterBytes / 1_048_576) MiB (about 20,000 leaders).",
                    "Check that this is the leaders' CSV file; a cell of many megabytes is a paste gone wrong.")
            return ([], problems)
        }
        let records: [CSVRecord]
        do {
            records = try CSVParser.parse(text)
        } catch {
            problem(error.line, error.message, error.fix)
            return ([], problems)
        }
        guard let header = records.first else {
            problem(1, "the roster is empty.", "Start it with the header row: \(columns.joined(separator: ",")).")
            return ([], problems)
        }

        // Header: columns by name, any order.
        var index: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            if !columns.contains(name) {
                let hint = ConfigText.suggestion(for: name, in: columns).map { "Did you mean \"\($0)\"? " } ?? ""
                problem(header.line, "unknown column \"\(raw)\".",
                        "\(hint)Valid columns are: \(columns.joined(separator: ", ")).")
            } else if index[name] != nil {
                problem(header.line, "column \"\(name)\" appears twice.", "Keep one \"\(name)\" column.")
            } else {
                index[name] = i
            }
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            problem(header.line, "the header has no \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) column\(missing.count > 1 ? "s" : "").",
                    "The first row must name the columns; \(requiredColumns.joined(separator: ", ")) are required.")
            return ([], problems)
        }

        // Rows.
        struct Row {
            var leader: Leader
            var avoid: [String]
            var pair: String?
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        var allIDs = Set<String>()
        var seenFolded: [String: (String, Int)] = [:]
        for record in records.dropFirst() {
            let line = record.line
            func cell(_ column: String) -> String {
                guard let i = index[column], i < record.fields.count else { return "" }
                return record.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func list(_ column: String) -> [String] {
                cell(column).split(separator: ";").map { ConfigText.singleLine(String($0)) }.filter { !$0.isEmpty }
            }
            if record.fields.count > header.fields.count {
                problem(line, "this row has \(record.fields.count) fields but the header has \(header.fields.count).",
                        "Put quotes around any cell that contains a comma, e.g. \"Shah, Priya\".")
                continue
            }

            let id = ConfigText.singleLine(cell("id"))
            let name = ConfigText.singleLine(cell("name"))
            let who = id.isEmpty ? "this leader" : "leader \(id)\(name.isEmpty ? "" : " (\(name))")"
            var ok = true
            if id.isEmpty {
                problem(line, "the leader has no id\(name.isEmpty ? "" : " (\(name))").", "Give every leader a unique id such as L001.")
                ok = false
            } else if !ConfigText.isSafeID(id) {
                problem(line, "leader id \"\(id)\" has characters other than letters, digits, \"-\", \"_\" and \".\".",
                        "Use an id such as L001; it names the leader's calendar file <id>.ics.")
                ok = false
            } else if id.utf8.count > Self.maxIDLength {
                problem(line, "leader id \"\(id.prefix(40))…\" is \(id.utf8.count) characters long; ids may have at most \(Self.maxIDLength).",
                        "Use a short id such as L001; it names the leader's files (<id>.ics), which the file system limits in length.")
                ok = false
            } else if let first = seen[id] {
                problem(line, "leader id \(id) is used twice (first on line \(first)).", "Give every leader a unique id.")
                ok = false
            } else if let (other, first) = seenFolded[id.lowercased()] {
                // Calendar UIDs, invite file names and reminder keys are case-insensitive.
                problem(line, "leader id \(id) differs from \(other) (line \(first)) only in upper/lower case.",
                        "Give every leader an id that differs in more than case; ids name files and calendar UIDs, which ignore case.")
                ok = false
            } else {
                seen[id] = line
                seenFolded[id.lowercased()] = (id, line)
            }
            if !id.isEmpty { allIDs.insert(id) }
            if name.isEmpty {
                problem(line, "\(who) has no name.", "Fill in the name column.")
                ok = false
            }

            let email = cell("email")
            if !ConfigText.isEmail(email) {
                problem(line, email.isEmpty ? "\(who) has no email address." : "\(who) has an invalid email address \"\(ConfigText.singleLine(email))\".",
                        "Write one address such as name@school.example.")
                ok = false
            }

            let roleText = cell("role").lowercased()
            let role = Leader.Role(rawValue: roleText)
            if role == nil {
                problem(line, roleText.isEmpty ? "\(who) has no role." : "\(who) has an unknown role \"\(ConfigText.singleLine(cell("role")))\".",
                        "Use mentor, mentee or both.")
                ok = false
            }

            var zone = defaultZone
            let zoneText = cell("timezone")
            if !zoneText.isEmpty {
                if let z = ConfigText.zone(zoneText) {
                    zone = z
                } else {
                    problem(line, "\(who) has an unknown time zone \"\(ConfigText.singleLine(zoneText))\".",
                            "Use an IANA name such as Europe/London or America/New_York, or leave it empty for the programme's zone (\(defaultZone.identifier)).")
                    ok = false
                }
            }

            var availability: [WeeklyWindow] = []
            do {
                availability = try AvailabilityParser.windows(ConfigText.singleLine(cell("availability")))
            } catch {
                problem(line, "\(who): \(error.message)", error.fix)
                ok = false
            }

            func count(_ column: String) -> Int? {
                let text = cell(column)
                if text.isEmpty { return nil }
                guard let n = Int(text), n >= 0 else {
                    problem(line, "\(who) has \(column) \"\(ConfigText.singleLine(text))\", which is not a whole number.",
                            "Write a whole number such as 3, or leave it empty.")
                    ok = false
                    return nil
                }
                return n
            }
            let years = count("years")
            let capacity = count("capacity")
            let pairText = ConfigText.singleLine(cell("pair"))

            guard ok, let role else { continue }
            let leader = Leader(
                id: id, name: name, email: email, role: role,
                school: ConfigText.singleLine(cell("school")), trust: ConfigText.singleLine(cell("trust")),
                phase: ConfigText.singleLine(cell("phase")), timeZone: zone, availability: availability,
                expertise: list("expertise"), goals: list("goals"), years: years, capacity: capacity,
                avoid: list("avoid"), pair: pairText.isEmpty ? nil : pairText, line: line)
            rows.append(Row(leader: leader, avoid: leader.avoid, pair: leader.pair))
        }

        // References between leaders.
        let byID = Dictionary(rows.map { ($0.leader.id, $0.leader) }, uniquingKeysWith: { a, _ in a })
        for row in rows {
            let l = row.leader
            let who = "leader \(l.id) (\(l.name))"
            for other in row.avoid where !allIDs.contains(other) {
                problem(l.line, "\(who) avoids \"\(other)\", who is not on the roster.", "Use the id of a leader in this file, or remove it from avoid.")
            }
            guard let pair = row.pair else { continue }
            if l.role == .mentor {
                problem(l.line, "\(who) is a mentor but has a fixed pair \(pair).",
                        "Set pair on the mentee's row instead, or change this leader's role to both.")
            } else if pair == l.id {
                problem(l.line, "\(who) is paired with themself.", "Set pair to the id of their mentor.")
            } else if !allIDs.contains(pair) {
                problem(l.line, "\(who) is paired with \"\(pair)\", who is not on the roster.", "Use the id of a mentor in this file, or leave pair empty.")
            } else if let mentor = byID[pair], !mentor.role.canMentor {
                problem(l.line, "\(who) is paired with \(mentor.id) (\(mentor.name)), who is a mentee.",
                        "Pair them with a leader whose role is mentor or both.")
            } else if row.avoid.contains(pair) {
                problem(l.line, "\(who) is paired with \(pair) but also avoids them.", "Remove \(pair) from either pair or avoid.")
            }
        }
        return (rows.map(\.leader), problems)
    }
}
