import Foundation
import TandemCalendar

/// What reading one file found besides its content: files not there, problems, warnings.
/// Each read collects its own, and the run merges them in a fixed order.
struct Findings: Sendable {
    /// Files or folders that are not there (exit 66).
    var missing: [InputProblem] = []
    /// Content problems (exit 65).
    var problems: [InputProblem] = []
    /// Lines skipped or read with a caveat; they do not stop the load.
    var warnings: [InputProblem] = []
}

/// Reads and decodes the user's files for one load of programme.yaml. It holds nothing mutable,
/// so the leaders' calendars can be read in parallel (libical itself, one call at a time).
struct UserFileReader: Sendable {
    let files: any FileSource
    /// programme.yaml: paths inside it are relative to its folder.
    let yamlPath: ConfigPath
    /// programme.yaml as messages name it.
    let yamlFile: String

    /// The text of a user file, decoded; nil (with a problem in `found`) when it is missing, a folder,
    /// unreadable, larger than `limit` bytes (refused without reading the rest) or not text.
    func text(_ path: ConfigPath, what: String, referencedAt line: Int?, limit: Int, limitFix: String? = nil, fix: String,
              into found: inout Findings) -> String? {
        switch files.text(at: path.absolute, limit: limit) {
        case .missing:
            if path == yamlPath {
                found.missing.append(InputProblem(file: path.display, message: "\(what) not found.", fix: fix))
            } else {
                found.missing.append(InputProblem(file: yamlFile, line: line, message: "\(what) \(path.display) not found.", fix: fix))
            }
            return nil
        case .folder:
            found.problems.append(InputProblem(file: path.display, message: "is a folder, but \(what) must be a file.", fix: fix))
            return nil
        case .unreadable:
            found.problems.append(InputProblem(file: path.display, message: "\(what) cannot be read.", fix: "Check the file's permissions."))
            return nil
        case .tooLarge:
            found.problems.append(InputProblem(file: path.display, message: "\(what) " + ReadLimit.tooLarge(limit),
                                               fix: "Check that this is the right file" + (limitFix.map { "; " + $0 } ?? ".")))
            return nil
        case .decoded(.utf8(let text)):
            return text
        case .decoded(.converted(let text, let encoding)):
            found.warnings.append(InputProblem(file: path.display, message: "\(what) is not UTF-8; read as \(encoding). Save or export it as UTF-8 if names look wrong."))
            return text
        case .decoded(.invalid(let line, let byte)):
            found.problems.append(InputProblem(file: path.display, line: line, message: "\(what) is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) on this line).",
                                               fix: "Save or export it as UTF-8."))
            return nil
        }
    }

    /// Busy intervals of a calendar file over `[first, last)` local days in `zone`; nil (with problems) on failure.
    /// Closure calendars pass `includingFree`: holiday feeds mark their events free, yet each one closes its time.
    func calendar(_ path: ConfigPath, what: String, referencedAt line: Int?, from first: LocalDate, to last: LocalDate,
                  zone: TimeZone, includingFree: Bool = false, into found: inout Findings) -> [BusyInterval]? {
        guard let text = text(path, what: what, referencedAt: line, limit: ICalendarReader.maxFileBytes,
                              limitFix: "export only the months of the programme.",
                              fix: "Check the path (it is relative to \(yamlPath.display)), or export the calendar there as .ics.",
                              into: &found)
        else { return nil }
        do {
            let reading = try ICalendarReader.read(
                in: text, file: path.display, from: first.instant(minutes: 0, in: zone), to: last.instant(minutes: 0, in: zone),
                floatingZone: zone, includingFree: includingFree)
            found.warnings += reading.warnings
            return reading.intervals
        } catch {
            found.problems.append(error)
            return nil
        }
    }
}
