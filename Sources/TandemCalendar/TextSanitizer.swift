import Foundation

/// Cleans user-supplied strings before they reach libical.
///
/// libical escapes TEXT values itself (`\n`, `\,`, `\;`, `\\`), so nothing here escapes. What
/// libical cannot protect is a parameter value or a URI/CAL-ADDRESS value: a CR or LF there
/// would end the content line and let input inject a property. So every control character is
/// removed from those, and from single-line texts.
enum TextSanitizer {
    /// One line: every control character (CR, LF, TAB, NEL, …) and the Unicode line and
    /// paragraph separators become a space.
    static func singleLine(_ s: String) -> String {
        if isClean(s) { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { isBreaking($0) ? " " : $0 }))
    }

    /// A parameter value such as CN: one line, and `"` replaced by `'`. libical 3.0 would write
    /// `"` as RFC 6868 `^'`, which Outlook and Google show literally.
    static func parameter(_ s: String) -> String {
        let line = singleLine(s)
        guard line.utf8.contains(0x22) else { return line }
        return String(String.UnicodeScalarView(line.unicodeScalars.map { $0 == "\"" ? "'" : $0 }))
    }

    /// A token-like value (UID, e-mail address, URL): every control character and space removed.
    static func token(_ s: String) -> String {
        if isClean(s) && !s.utf8.contains(0x20) { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.filter { !isBreaking($0) && $0 != " " }))
    }

    /// Multi-line text (DESCRIPTION): line breaks normalised to LF (libical writes them as
    /// `\n`), other control characters removed.
    static func multiLine(_ s: String) -> String {
        if !s.utf8.contains(where: { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return s }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for u in s.unicodeScalars {
            defer { previousWasCR = u == "\r" }
            if u == "\r" { out.append("\n"); continue }          // CR and CRLF become LF
            if u == "\n" { if !previousWasCR { out.append(u) }; continue }
            if !isBreaking(u) { out.append(u) }
        }
        return String(out)
    }

    /// Control characters and the Unicode line/paragraph separators.
    @inline(__always)
    private static func isBreaking(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (u.value >= 0x7F && u.value <= 0x9F) || u.value == 0x2028 || u.value == 0x2029
    }

    /// Fast path: no byte that could start a control character or U+2028/U+2029 (most input).
    @inline(__always)
    private static func isClean(_ s: String) -> Bool {
        !s.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }
}
