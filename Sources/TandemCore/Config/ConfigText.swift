public import Foundation

/// Small checks and clean-ups shared by the roster and programme.yaml readers.
public enum ConfigText {
    /// `text` on one line: every run of control characters (CR, LF, tab, …) and spaces becomes one space; trimmed.
    ///
    /// Names end up in calendar properties (SUMMARY, CN), so no input may carry a line break into them.
    public static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let props = scalar.properties
            let isBreakOrControl = props.generalCategory == .control || props.generalCategory == .lineSeparator
                || props.generalCategory == .paragraphSeparator || props.generalCategory == .format && scalar == "\u{FEFF}"
            if isBreakOrControl || props.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(scalar)
        }
        return String(out)
    }

    /// Whether `text` looks like one email address: `local@domain`, no spaces or control characters.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control
            || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == ":" || $0 == "\"" }
    }

    /// The IANA time zone called `name` (e.g. Europe/London, UTC); nil for unknown names and bare offsets like GMT+1.
    public static func zone(_ name: String) -> TimeZone? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("GMT+"), !trimmed.hasPrefix("GMT-"),
              !trimmed.hasPrefix("UTC+"), !trimmed.hasPrefix("UTC-"),
              trimmed.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || "/_-+0123456789".unicodeScalars.contains($0)) })
        else { return nil }
        return TimeZone(identifier: trimmed)
    }

    /// Whether `id` is safe as a leader id, which names files (`<id>.ics`) and goes into UIDs.
    public static func isSafeID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != "." else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// The closest of `candidates` to `word` when it is near enough to be a typo of it.
    public static func suggestion(for word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        let scored = candidates.map { ($0, editDistance(lower, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, min(3, best.0.count / 3)) ? best.0 : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
