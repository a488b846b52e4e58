import Foundation
public import TandemCalendar

/// Reads the small value languages of programme.yaml: durations, cadences and quiet hours.
public enum DurationParser {
    static let durationFix = "Write a number with a unit (s, m, h, d, w), such as 45s, 60m, 1h30m, 24h or 7d."

    /// Seconds in a duration such as `60m`, `1h30m`, `2d` or `45s`.
    public static func seconds(_ text: String) throws(InputProblem) -> Int {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { throw InputProblem(message: "the duration is empty.", fix: durationFix) }
        var total = 0
        var number = ""
        var usedUnits = Set<Character>()
        for ch in s where ch != " " {
            if ch.isASCII, ch.isNumber {
                number.append(ch)
                continue
            }
            let unit: Int
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3_600
            case "d": unit = 86_400
            case "w": unit = 7 * 86_400
            default:
                throw InputProblem(message: "\"\(text)\" is not a duration (unexpected \"\(ch)\").", fix: durationFix)
            }
            guard let n = Int(number), n <= 1_000_000, !usedUnits.contains(ch) else {
                throw InputProblem(message: "\"\(text)\" is not a duration.", fix: durationFix)
            }
            usedUnits.insert(ch)
            total += n * unit
            number = ""
        }
        guard number.isEmpty else {
            throw InputProblem(message: "\"\(text)\" has no unit.", fix: durationFix)
        }
        return total
    }

    static let cadenceFix = "Use weekly, fortnightly, monthly or \"every N weeks\" (e.g. \"every 3 weeks\")."

    /// A cadence: `weekly`, `fortnightly`, `monthly`, `every N weeks` (or `every N week`).
    public static func cadence(_ text: String) throws(InputProblem) -> Programme.Cadence {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words {
        case ["weekly"], ["every", "week"]: return .weeks(1)
        case ["fortnightly"], ["biweekly"], ["every", "fortnight"]: return .weeks(2)
        case ["monthly"], ["every", "month"]: return .monthly
        default: break
        }
        if words.count == 3, words[0] == "every", words[2] == "weeks" || words[2] == "week" {
            guard let n = Int(words[1]), (1...52).contains(n) else {
                throw InputProblem(message: "\"\(text)\" needs a number of weeks from 1 to 52.", fix: cadenceFix)
            }
            return .weeks(n)
        }
        throw InputProblem(message: "\"\(text)\" is not a cadence.", fix: cadenceFix)
    }

    static let quietFix = "Write it as HH:MM-HH:MM in the recipient's local time, such as \"21:00-07:30\"."

    /// Quiet hours `HH:MM-HH:MM` as minutes past midnight; the start may be after the end (wraps midnight).
    public static func quietHours(_ text: String) throws(InputProblem) -> (start: Int, end: Int) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = minutes(parts[0], allowing24: false),
              let end = minutes(parts[1], allowing24: true)
        else { throw InputProblem(message: "\"\(text)\" is not a time range.", fix: quietFix) }
        guard start != end else {
            throw InputProblem(message: "quiet hours \"\(text)\" start and end at the same time.", fix: quietFix)
        }
        return (start, end)
    }

    /// Minutes past midnight of `H:MM` or `HH:MM`; `24:00` only when `allowing24`.
    public static func minutes(_ text: String, allowing24: Bool) -> Int? {
        let p = text.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, (1...2).contains(p[0].count), p[1].count == 2,
              p[0].allSatisfy({ $0.isASCII && $0.isNumber }), p[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let h = Int(p[0]), let m = Int(p[1]), m < 60
        else { return nil }
        if h == 24 && m == 0 && allowing24 { return 1_440 }
        return h < 24 ? h * 60 + m : nil
    }
}
