import Foundation
import TandemCalendar
import Yams

/// The keys of one YAML mapping, with where each key and value is.
struct YAMLMap {
    /// Dotted path of the mapping in the document ("sessions", "reminders.survey").
    var path: String
    var line: Int?
    var values: [String: Node]
    var keyLines: [String: Int]

    subscript(key: String) -> Node? { values[key] }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    func line(of key: String) -> Int? { values[key]?.mark?.line ?? keyLines[key] ?? line }
}

/// Reads typed values out of a composed YAML document, recording a problem (file:line, fix) for each bad one.
final class YAMLReader {
    let file: String
    private(set) var problems: [InputProblem] = []

    init(file: String) {
        self.file = file
    }

    func problem(_ line: Int?, _ message: String, _ fix: String? = nil) {
        problems.append(InputProblem(file: file, line: line, message: message, fix: fix))
    }

    /// Composes `text`; a syntax error becomes a problem at its line and the result is nil.
    func compose(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                problem(1, "the file is empty.", "Describe the programme as in DESIGN.md §3, starting with a programme: section.")
                return nil
            }
            return root
        } catch let error as YamlError {
            let (line, message) = YAMLReader.describe(error)
            if case let .duplicatedKeysInMapping(duplicates, _) = error {
                problem(line, "YAML error: \(message).", "Keep one \(duplicates.first ?? "") key and merge the values into it.")
            } else {
                problem(line, "YAML syntax error: \(message).",
                        "Check the indentation and quoting on this line and the one before it; quote values that contain \": \" or start with a special character.")
            }
        } catch {
            problem(nil, "YAML error: \(error).", "Check the file's syntax.")
        }
        return nil
    }

    static func describe(_ error: YamlError) -> (line: Int?, message: String) {
        func text(_ context: YamlError.Context?, _ problem: String) -> String {
            guard let context else { return problem }
            return "\(problem) (\(context.text) on line \(context.mark.line))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            return (mark.line, text(context, problem))
        case let .reader(problem, _, _, _):
            return (nil, problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark.line, "key \(duplicates.first.map { "\"\($0)\"" } ?? "") appears twice in the same mapping")
        default:
            return (nil, "\(error)")
        }
    }

    /// Whether `node` is YAML null (`~`, `null`, or nothing after the colon).
    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// `node` as a mapping whose keys are all in `allowed` and include `required`.
    func mapping(_ node: Node, path: String, allowed: [String], required: [String] = []) -> YAMLMap? {
        guard case let .mapping(mapping) = node else {
            problem(node.mark?.line, "\(path) must be a mapping of keys (\(allowed.joined(separator: ", "))).",
                    "Write it as indented \"key: value\" lines under \(path):.")
            return nil
        }
        var map = YAMLMap(path: path, line: node.mark?.line, values: [:], keyLines: [:])
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                problem(keyNode.mark?.line, "\(path) has a key that is not a plain name.", "Use one of: \(allowed.joined(separator: ", ")).")
                continue
            }
            let keyPath = map.keyPath(key)
            if !allowed.contains(key) {
                let hint = ConfigText.suggestion(for: key, in: allowed).map { "Did you mean \"\($0)\"? " } ?? ""
                let place = path.isEmpty ? "at the top level" : "in \(path)"
                problem(keyNode.mark?.line, "unknown key \"\(keyPath)\" \(place).", "\(hint)Allowed keys: \(allowed.joined(separator: ", ")).")
                continue
            }
            map.values[key] = value
            map.keyLines[key] = keyNode.mark?.line
        }
        for key in required where map.values[key] == nil || YAMLReader.isNull(map.values[key]!) {
            if map.values[key] == nil {
                problem(map.line, "\(map.keyPath(key)) is missing.", "Add \"\(key):\" to \(path.isEmpty ? "the file" : path).")
            } else {
                problem(map.line(of: key), "\(map.keyPath(key)) is empty.", "Give \(map.keyPath(key)) a value.")
            }
        }
        return map
    }

    /// The scalar text at `key`; nil when absent or null, or (with a problem) when not a scalar.
    func scalar(_ map: YAMLMap, _ key: String) -> String? {
        guard let node = map[key], !YAMLReader.isNull(node) else { return nil }
        guard case let .scalar(s) = node else {
            problem(node.mark?.line, "\(map.keyPath(key)) must be a single value, not a list or mapping.", "Write \"\(key): value\" on one line.")
            return nil
        }
        return s.string
    }

    /// The scalar at `key` as one line of text.
    func text(_ map: YAMLMap, _ key: String) -> String? {
        scalar(map, key).map(ConfigText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
    }

    func int(_ map: YAMLMap, _ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let s = scalar(map, key) else { return nil }
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
            let bound = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            problem(map.line(of: key), "\(map.keyPath(key)) is \"\(s)\", not a whole number \(bound).", "Write a whole number \(bound).")
            return nil
        }
        return n
    }

    func double(_ map: YAMLMap, _ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let s = scalar(map, key) else { return nil }
        guard let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite, range.contains(x) else {
            let bound = range.upperBound == .greatestFiniteMagnitude ? "of \(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
            problem(map.line(of: key), "\(map.keyPath(key)) is \"\(s)\", not a number \(bound).", "Write a number \(bound).")
            return nil
        }
        return x
    }

    func bool(_ map: YAMLMap, _ key: String) -> Bool? {
        guard let s = scalar(map, key) else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(map.line(of: key), "\(map.keyPath(key)) is \"\(s)\", not true or false.", "Write true or false.")
            return nil
        }
    }

    /// A duration in seconds of at least `minimum`.
    func duration(_ map: YAMLMap, _ key: String, minimum: Int = 0) -> Int? {
        guard let s = scalar(map, key) else { return nil }
        return duration(s, at: map.line(of: key), path: map.keyPath(key), minimum: minimum)
    }

    func duration(_ s: String, at line: Int?, path: String, minimum: Int) -> Int? {
        do {
            let seconds = try DurationParser.seconds(s)
            guard seconds >= minimum else {
                problem(line, "\(path) is \(s), which is too short.", "Use at least \(minimum)s.")
                return nil
            }
            return seconds
        } catch {
            problem(line, "\(path): \(error.message)", error.fix)
            return nil
        }
    }

    func cadence(_ map: YAMLMap, _ key: String) -> Programme.Cadence? {
        guard let s = scalar(map, key) else { return nil }
        do {
            return try DurationParser.cadence(s)
        } catch {
            problem(map.line(of: key), "\(map.keyPath(key)): \(error.message)", error.fix)
            return nil
        }
    }

    func date(_ node: Node, path: String) -> LocalDate? {
        guard case let .scalar(s) = node, let date = LocalDate(iso: s.string.trimmingCharacters(in: .whitespaces)) else {
            let shown = node.scalar?.string ?? "a list or mapping"
            problem(node.mark?.line, "\(path) is \"\(shown)\", not a date.", "Write dates as YYYY-MM-DD, such as 2026-09-07.")
            return nil
        }
        // The calendars are read from 1900 to 2200 only (a year-1 programme would be unbounded).
        guard (1900...2200).contains(date.year) else {
            problem(node.mark?.line, "\(path) \(date) is outside the years 1900–2200 that Tandem reads.", "Check the year.")
            return nil
        }
        return date
    }

    func date(_ map: YAMLMap, _ key: String) -> LocalDate? {
        guard let node = map[key], !YAMLReader.isNull(node) else { return nil }
        return date(node, path: map.keyPath(key))
    }

    /// The items at `key`: a sequence's items, or a single scalar as one item; nil when absent.
    func items(_ map: YAMLMap, _ key: String) -> [Node]? {
        guard let node = map[key], !YAMLReader.isNull(node) else { return nil }
        switch node {
        case let .sequence(seq): return Array(seq)
        case .scalar: return [node]
        default:
            problem(node.mark?.line, "\(map.keyPath(key)) must be a list.", "Write it as [a, b] or as \"- item\" lines.")
            return nil
        }
    }

    /// The items at `key` as text; items that are not scalars become problems.
    func strings(_ map: YAMLMap, _ key: String) -> [(text: String, line: Int?)]? {
        guard let nodes = items(map, key) else { return nil }
        return nodes.compactMap { node in
            guard case let .scalar(s) = node else {
                problem(node.mark?.line, "\(map.keyPath(key)) must list single values.", "Write it as [a, b].")
                return nil
            }
            return (s.string, node.mark?.line)
        }
    }
}
