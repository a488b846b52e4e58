public import Foundation

/// What `tandem match` prints: a table for people, or JSON for scripts.
public enum MatchReport {
    /// `{"pairs": [{mentor, mentee, score, why, fixed, breakdown: {goals, phase, availability, experience, …}}], "unmatched": [{leader, reason, detail}]}`,
    /// with sorted keys and a final newline.
    public static func json(_ result: MatchResult) -> Data {
        struct Row: Encodable {
            var mentor: String
            var mentee: String
            var score: Double
            var why: [String]
            var fixed: Bool
            var breakdown: ScoreBreakdown?
        }
        struct Document: Encodable {
            var pairs: [Row]
            var unmatched: [Unmatched]
        }
        let rows = result.pairs.map {
            Row(mentor: $0.mentor, mentee: $0.mentee, score: $0.score, why: $0.why,
                fixed: result.fixed.contains(PairKey($0)), breakdown: result.breakdown(of: $0))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail.
        var data = try! encoder.encode(Document(pairs: rows, unmatched: result.unmatched))
        data.append(0x0A)
        return data
    }

    /// A table of pairs with the score and its components, then the unmatched leaders with reasons.
    public static func table(_ result: MatchResult, programme: Programme) -> String {
        let names = Dictionary(programme.leaders.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func who(_ id: String) -> String { names[id].map { "\(id) \($0)" } ?? id }
        var lines: [String] = []
        let fixedCount = result.pairs.filter { result.fixed.contains(PairKey($0)) }.count
        lines.append("\(result.pairs.count) pair(s)\(fixedCount > 0 ? " (\(fixedCount) fixed in the roster)" : ""), \(result.unmatched.count) unmatched")
        if !result.pairs.isEmpty {
            let mentorWidth = max(6, result.pairs.map { who($0.mentor).count }.max() ?? 0)
            let menteeWidth = max(6, result.pairs.map { who($0.mentee).count }.max() ?? 0)
            func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
            lines.append("")
            lines.append("\(pad("mentor", mentorWidth))  \(pad("mentee", menteeWidth))  score  goals  phase  avail  exper  why")
            for p in result.pairs {
                let b = result.breakdown(of: p)
                let parts = [p.score, b?.goals, b?.phase, b?.availability, b?.experience].map { $0.map { String(format: "%.2f", $0) } ?? "  -  " }
                lines.append("\(pad(who(p.mentor), mentorWidth))  \(pad(who(p.mentee), menteeWidth))  \(parts.joined(separator: "   "))  \(p.why.joined(separator: "; "))")
            }
        }
        if !result.unmatched.isEmpty {
            lines.append("")
            lines.append("Unmatched:")
            for u in result.unmatched {
                lines.append("  \(who(u.leader))  \(u.reason.rawValue)")
                lines.append("    \(u.detail)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
