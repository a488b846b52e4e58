public import Foundation

/// Text of a user file that is not plain UTF-8: UTF-16 with a byte-order mark (Outlook's
/// "Unicode" save), or, for an iCalendar file, Windows-1252 (older Windows exporters).
public enum TextDecoding {
    public enum Outcome: Equatable, Sendable {
        /// Valid UTF-8 (a UTF-8 BOM is left in place for the readers to skip).
        case utf8(String)
        /// Decoded from `encoding`; say so, since accents may come out wrong.
        case converted(String, encoding: String)
        /// Not text in any encoding read here: the first bad byte and its 1-based line.
        case invalid(line: Int, byte: UInt8)
    }

    public static func decode(_ data: Data) -> Outcome {
        if let text = String(data: data, encoding: .utf8) { return .utf8(text) }
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            if let text = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) {
                return .converted(text, encoding: little ? "UTF-16 (little-endian)" : "UTF-16 (big-endian)")
            }
        }
        let (line, byte) = firstInvalidUTF8(data)
        // Windows-1252 only for calendars (their text is summaries; times are ASCII): it leaves
        // 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined, and NUL means binary data.
        let looksLikeCalendar = data.prefix(15).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 } == Array("BEGIN:VCALENDAR".utf8)
        if looksLikeCalendar, !data.contains(0), !data.contains(where: { [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }),
           let text = String(data: data, encoding: .windowsCP1252) {
            return .converted(text, encoding: "Windows-1252 (first non-UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true)) on line \(line))")
        }
        return .invalid(line: line, byte: byte)
    }

    /// The 1-based line and value of the first byte that breaks UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, byte: UInt8) {
        var line = 1
        var i = data.startIndex
        while i < data.endIndex {
            let b = data[i]
            if b == 0x0A { line += 1 }
            let need: Int
            switch b {
            case 0x00...0x7F: need = 0
            case 0xC2...0xDF: need = 1
            case 0xE0...0xEF: need = 2
            case 0xF0...0xF4: need = 3
            default: return (line, b)
            }
            guard data.endIndex - i > need else { return (line, b) }
            for k in 1...max(need, 1) where need > 0 {
                if data[i + k] & 0xC0 != 0x80 { return (line, b) }
            }
            i += need + 1
        }
        return (line, 0)
    }
}
