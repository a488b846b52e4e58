import Foundation
import TandemCalendar
import Yams

/// One run of loading a programme: reads every file, collects every problem, builds the `Programme` if it can.
final class ProgrammeLoading {
    struct Outcome {
        var programme: Programme?
        /// Content problems (exit 65).
        var problems: [InputProblem]
        /// Files or folders that are not there (exit 66).
        var missing: [InputProblem]
        /// Lines skipped or read with a caveat (calendars); they do not stop the load.
        var warnings: [InputProblem] = []
    }

    let yamlPath: ConfigPath
    let yaml: YAMLReader
    /// Problems found outside programme.yaml (roster, calendars).
    var otherProblems: [InputProblem] = []
    var missing: [InputProblem] = []
    /// Calendar warnings (skipped lines, ignored DURATION, stale versions dropped).
    var warnings: [InputProblem] = []
    let progress: ProgressHandler?
    /// Where every file is read from.
    let files: any FileSource
    /// Reads and decodes them; holds nothing mutable, so calendars are read in parallel.
    let reader: UserFileReader

    init(path: String, files: any FileSource, progress: ProgressHandler? = nil) {
        yamlPath = ConfigPath(given: path, currentDirectory: files.currentDirectory, home: files.homeDirectory)
        yaml = YAMLReader(file: path)
        self.files = files
        self.progress = progress
        reader = UserFileReader(files: files, yamlPath: yamlPath, yamlFile: path)
    }

    // MARK: Files

    /// The text of a user file, decoded; nil (with a problem) when it is missing, a folder, unreadable,
    /// larger than `limit` bytes (refused without reading the rest) or not text.
    func readText(_ path: ConfigPath, what: String, referencedAt line: Int?, limit: Int, limitFix: String? = nil, fix: String) -> String? {
        var found = Findings()
        defer { absorb(found) }
        return reader.text(path, what: what, referencedAt: line, limit: limit, limitFix: limitFix, fix: fix, into: &found)
    }

    /// Busy intervals of a calendar file over `[first, last)` local days in `zone`; nil (with problems) on failure.
    /// Closure calendars pass `includingFree`: holiday feeds mark their events free, yet each one closes its time.
    func readCalendar(_ path: ConfigPath, what: String, referencedAt line: Int?, from first: LocalDate, to last: LocalDate,
                      zone: TimeZone, includingFree: Bool = false) -> [BusyInterval]? {
        var found = Findings()
        defer { absorb(found) }
        return reader.calendar(path, what: what, referencedAt: line, from: first, to: last, zone: zone,
                               includingFree: includingFree, into: &found)
    }

    /// Adds what one file's read found to the run's problems and warnings.
    func absorb(_ found: Findings) {
        missing += found.missing
        otherProblems += found.problems
        warnings += found.warnings
    }

    // MARK: Run

    func run() -> Outcome {
        let programme = build()
        return Outcome(programme: programme, problems: ProgrammeLoading.ordered(yaml.problems + otherProblems),
                       missing: ProgrammeLoading.ordered(missing), warnings: ProgrammeLoading.ordered(warnings))
    }

    /// Problems grouped by file (in order of first mention), each file's in line order.
    static func ordered(_ problems: [InputProblem]) -> [InputProblem] {
        var fileOrder: [String: Int] = [:]
        for p in problems where fileOrder[p.file] == nil { fileOrder[p.file] = fileOrder.count }
        return problems.enumerated().sorted { a, b in
            let ka = (fileOrder[a.element.file]!, a.element.line ?? 0, a.offset)
            let kb = (fileOrder[b.element.file]!, b.element.line ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    private func build() -> Programme? {
        guard let text = readText(yamlPath, what: "programme file", referencedAt: nil, limit: ReadLimit.programme,
                                  fix: "Check the path, or create a programme.yaml as described in DESIGN.md §3.")
        else { return nil }
        guard let root = yaml.compose(text),
              let top = yaml.mapping(root, path: "", allowed: ProgrammeLoader.topLevelKeys, required: ["programme", "roster"])
        else { return nil }

        let header = top["programme"].flatMap(programmeHeader)
        let zone = header?.zone ?? TimeZone(identifier: "UTC")!

        // Roster.
        var leaders: [Leader] = []
        var rosterLoaded = false
        if let rosterValue = yaml.text(top, "roster") {
            let rosterPath = ConfigPath(rosterValue, relativeTo: yamlPath)
            if let csv = readText(rosterPath, what: "roster", referencedAt: top.line(of: "roster"), limit: RosterParser.maxRosterBytes,
                                  limitFix: "a roster of 20,000 leaders is about 2 MiB.",
                                  fix: "Check roster: in \(yamlPath.display) (it is relative to that file's folder), or create the leaders.csv.") {
                let parsed = RosterParser.parse(csv, file: rosterPath.display, defaultZone: zone)
                leaders = parsed.leaders
                otherProblems += parsed.problems
                rosterLoaded = true
            }
        }
        let roster = RosterIndex(leaders: leaders, loaded: rosterLoaded)

        // The window calendars are read over: the programme plus a day either side for zone differences.
        let window = header.flatMap { h -> (LocalDate, LocalDate)? in
            guard let s = h.start, let e = h.end, s < e else { return nil }
            return (s.adding(days: -1), e.adding(days: 2))
        }

        var closures = Programme.Closures()
        if let node = top["closures"], !YAMLReader.isNull(node) {
            closures = self.closures(node, path: "closures", zone: zone, window: window, defaultReason: "closed")
        }
        var schoolClosures: [String: Programme.Closures] = [:]
        if let node = top["schools"], !YAMLReader.isNull(node) {
            schoolClosures = schools(node, zone: zone, window: window, roster: roster)
        }

        let busy = busyCalendars(top, leaders: leaders, window: window) ?? [:]

        let sessions = top["sessions"].flatMap(self.sessions) ?? Programme.Sessions()
        let groups = top["groups"].flatMap { self.groups($0, defaults: sessions, roster: roster) } ?? []
        let limits = top["limits"].flatMap(self.limits) ?? Programme.Limits()
        let matching = top["matching"].flatMap(self.matching) ?? Programme.Matching()
        let reminders = top["reminders"].flatMap(self.reminders) ?? Programme.Reminders()
        let delivery = top["delivery"].flatMap(self.delivery) ?? Programme.Delivery()
        let replies = top["delivery"].flatMap { self.replies($0, outgoing: delivery.path) }

        guard let header, let id = header.id, let name = header.name, let tz = header.zone, let start = header.start,
              let end = header.end, let coordinator = header.coordinator, rosterLoaded
        else { return nil }
        var programme = Programme(
            id: id, name: name, timeZone: tz, start: start, end: end, coordinator: coordinator, leaders: leaders,
            closures: closures, schoolClosures: schoolClosures, busy: busy, sessions: sessions, groups: groups,
            limits: limits, matching: matching, reminders: reminders, delivery: delivery, sourceFile: yamlPath.absolute)
        programme.replies = replies
        if let node = top["delivery"] { invitationSettings(node, into: &programme) }
        return programme
    }

    // MARK: Leaders' calendars

    private func busyCalendars(_ top: YAMLMap, leaders: [Leader], window: (LocalDate, LocalDate)?) -> [String: [BusyInterval]]? {
        guard let value = yaml.text(top, "calendars") else { return nil }
        let folder = ConfigPath(value, relativeTo: yamlPath)
        let kind = files.kind(of: folder.absolute)
        guard let kind else {
            missing.append(InputProblem(
                file: yaml.file, line: top.line(of: "calendars"), message: "calendars folder \(folder.display) not found.",
                fix: "Create it and put each leader's busy export in it as <leader-id>.ics, or remove calendars: (it is relative to \(yamlPath.display))."))
            return nil
        }
        guard kind == .folder else {
            yaml.problem(top.line(of: "calendars"), "calendars: \(folder.display) is a file, not a folder.",
                         "Point calendars: at the folder holding the <leader-id>.ics files.")
            return nil
        }
        guard let (first, last) = window else { return nil }
        // The leaders with a calendar, read in parallel batches with progress between them (libical's part one call at a time), and
        // their problems and warnings taken in roster order: the same run whatever the threads do.
        let present = leaders.compactMap { leader -> (Leader, ConfigPath)? in
            let file = folder.appending("\(leader.id).ics")
            return files.kind(of: file.absolute) != nil ? (leader, file) : nil
        }
        var busy: [String: [BusyInterval]] = [:]
        let reader = self.reader
        let batch = 64
        for from in stride(from: 0, to: present.count, by: batch) {
            progress?("reading calendars", Double(from) / Double(max(1, present.count)))
            let slice = Array(present[from..<min(from + batch, present.count)])
            let read = Parallel.map(slice, chunks: 8) { leader, file -> ([BusyInterval]?, Findings) in
                var found = Findings()
                let intervals = reader.calendar(file, what: "calendar of \(leader.id)", referencedAt: nil, from: first, to: last,
                                                zone: leader.timeZone, into: &found)
                return (intervals, found)
            }
            for ((leader, _), (intervals, found)) in zip(slice, read) {
                absorb(found)
                if let intervals { busy[leader.id] = intervals }
            }
        }
        return busy
    }
}

/// What the rest of the file needs to know about the roster: ids and school names.
struct RosterIndex {
    var leaders: [Leader]
    /// False when the roster could not be read: then references to leaders are not checked.
    var loaded: Bool
    var ids: Set<String>
    var schools: Set<String>

    init(leaders: [Leader], loaded: Bool) {
        self.leaders = leaders
        self.loaded = loaded
        ids = Set(leaders.map(\.id))
        schools = Set(leaders.map(\.school).filter { !$0.isEmpty })
    }
}
