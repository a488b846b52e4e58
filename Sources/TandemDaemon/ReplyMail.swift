import Foundation

/// A received RFC 5322 message, read as far as finding its iCalendar parts (RFC 6047): headers,
/// MIME multipart nesting, base64 and quoted-printable, charsets.
///
/// Calendar parts are `text/calendar`, `application/ics`, or any part whose file name ends in
/// `.ics` (Outlook attaches `invite.ics` as `application/octet-stream` beside the inline part).
struct ReplyMail {
    var messageID: String?
    /// The addresses of the From: header (lower case addr-specs); a reply counts only when it holds
    /// exactly one, and that one is the ATTENDEE's or its SENT-BY (RFC 6047 §3).
    var from: [String] = []
    /// The decoded text of each calendar part, in message order, with the `method` parameter of
    /// its Content-Type (upper case) if it has one.
    var calendars: [(text: String, method: String?)]

    /// Why a message could not be read. Names the problem, never the content.
    struct Malformed: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Deeper nesting or more parts than any mail client writes are refused.
    static let maxDepth = 8
    static let maxParts = 200

    static func parse(_ data: Data) throws(Malformed) -> ReplyMail {
        let bytes = [UInt8](data)
        let root = try Part.split(bytes[...])
        var mail = ReplyMail(messageID: root.header("message-id").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t<>")) }
                                 .flatMap { $0.isEmpty ? nil : $0 },
                             from: root.header("from").map(addresses) ?? [], calendars: [])
        var count = 0
        try collect(root, depth: 0, count: &count, into: &mail.calendars)
        return mail
    }

    /// The addr-specs of an address-list header (`"Name" <a@b>, c@d (comment)`, RFC 5322 §3.4),
    /// lower case; display names, comments and group names are dropped, whatever they are encoded as.
    static func addresses(_ header: String) -> [String] {
        var mailboxes: [String] = [], current = ""
        var quoted = false, escaped = false, angle = false, comment = 0
        for c in header {
            if escaped { escaped = false; if comment == 0 { current.append(c) }; continue }
            if c == "\\" && (quoted || comment > 0) { escaped = true; continue }
            if comment > 0 {
                if c == "(" { comment += 1 } else if c == ")" { comment -= 1 }
                continue
            }
            switch c {
            case "\"": quoted.toggle(); current.append(c)
            case "(" where !quoted: comment = 1
            case "<" where !quoted: angle = true; current.append(c)
            case ">" where !quoted: angle = false; current.append(c)
            case ",", ";", ":":
                if quoted || angle { current.append(c); break }
                if c == ":" { current = ""; break }  // a group name: its mailboxes follow
                mailboxes.append(current)
                current = ""
            default: current.append(c)
            }
        }
        mailboxes.append(current)
        return mailboxes.compactMap { box -> String? in
            var spec = box
            if let open = box.lastIndex(of: "<"), let close = box[open...].firstIndex(of: ">") {
                spec = String(box[box.index(after: open)..<close])
            } else if box.contains("\"") {
                return nil  // a display name without an address
            }
            spec = spec.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            return spec.contains("@") && !spec.contains(where: \.isWhitespace) ? spec : nil
        }
    }

    private static func collect(_ part: Part, depth: Int, count: inout Int, into out: inout [(text: String, method: String?)]) throws(Malformed) {
        count += 1
        guard depth <= maxDepth, count <= maxParts else { throw Malformed(reason: "too deeply nested or too many MIME parts") }
        let type = part.contentType
        if type.value.hasPrefix("multipart/") {
            guard let boundary = type.params["boundary"], !boundary.isEmpty else {
                throw Malformed(reason: "multipart without a boundary")
            }
            for child in try part.children(boundary: boundary) {
                try collect(try Part.split(child), depth: depth + 1, count: &count, into: &out)
            }
            return
        }
        let disposition = Part.parameters(part.header("content-disposition") ?? "")
        let fileName = (disposition.params["filename"] ?? type.params["name"] ?? "").lowercased()
        guard type.value == "text/calendar" || type.value == "application/ics" || fileName.hasSuffix(".ics") else { return }
        let body = try part.decodedBody()
        out.append((Part.text(body, charset: type.params["charset"]), type.params["method"]?.uppercased()))
    }

    /// One MIME entity: its unfolded headers and its raw (still transfer-encoded) body.
    struct Part {
        var headers: [(name: String, value: String)]
        var body: ArraySlice<UInt8>

        func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

        var contentType: (value: String, params: [String: String]) {
            let parsed = Part.parameters(header("content-type") ?? "text/plain")
            return (parsed.value.isEmpty ? "text/plain" : parsed.value, parsed.params)
        }

        /// Headers end at the first empty line (CRLF or LF); continuation lines are unfolded.
        static func split(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> Part {
            var headers: [(name: String, value: String)] = []
            var i = bytes.startIndex
            var current: (name: String, value: String)?
            while i < bytes.endIndex {
                var end = i
                while end < bytes.endIndex && bytes[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > i && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let next = end < bytes.endIndex ? end + 1 : end
                if lineEnd == i {  // the empty line: the body follows
                    if let c = current { headers.append(c) }
                    return Part(headers: headers, body: bytes[next...])
                }
                let line = String(decoding: bytes[i..<lineEnd], as: UTF8.self)
                if bytes[i] == 0x20 || bytes[i] == 0x09 {
                    guard current != nil else { throw Malformed(reason: "the message starts with a continuation line") }
                    current!.value += " " + line.trimmingCharacters(in: .whitespaces)
                } else {
                    guard let colon = line.firstIndex(of: ":") else {
                        // A line that is neither header nor blank: an unheaded part (body only).
                        if headers.isEmpty && current == nil { return Part(headers: [], body: bytes) }
                        throw Malformed(reason: "a header line without a colon")
                    }
                    if let c = current { headers.append(c) }
                    current = (line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                               line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                i = next
            }
            if let c = current { headers.append(c) }
            return Part(headers: headers, body: bytes[bytes.endIndex...])
        }

        /// `type/subtype; key=value; key="quoted; value"`: the value lower case, keys lower case.
        /// RFC 2231 `key*=charset''value` keeps the value after the second quote.
        static func parameters(_ header: String) -> (value: String, params: [String: String]) {
            var fields: [String] = []
            var field = ""
            var quoted = false
            for c in header {
                if c == "\"" { quoted.toggle(); field.append(c) } else if c == ";" && !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            fields.append(field)
            let value = fields[0].trimmingCharacters(in: .whitespaces).lowercased()
            var params: [String: String] = [:]
            for f in fields.dropFirst() {
                guard let eq = f.firstIndex(of: "=") else { continue }
                var key = f[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                var v = f[f.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
                if key.hasSuffix("*") {
                    key.removeLast()
                    if let q = v.range(of: "''") { v = String(v[q.upperBound...]).removingPercentEncoding ?? v }
                }
                if params[key] == nil { params[key] = v }
            }
            return (value, params)
        }

        /// The bodies of a multipart entity, between `--boundary` lines, up to `--boundary--`.
        func children(boundary: String) throws(Malformed) -> [ArraySlice<UInt8>] {
            let delimiter = Array(("--" + boundary).utf8)
            var parts: [ArraySlice<UInt8>] = []
            var start: Int?  // where the current part's body begins
            var i = body.startIndex
            var closed = false
            while i < body.endIndex {
                var end = i
                while end < body.endIndex && body[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > i && body[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = body[i..<lineEnd]
                if line.starts(with: delimiter) {
                    let rest = line.dropFirst(delimiter.count)
                    let isClose = rest.starts(with: [0x2D, 0x2D])
                    let trailing = isClose ? rest.dropFirst(2) : rest
                    if trailing.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                        if let s = start {
                            // The line break before the delimiter belongs to the delimiter.
                            var e = i
                            if e > s && body[e - 1] == 0x0A { e -= 1 }
                            if e > s && body[e - 1] == 0x0D { e -= 1 }
                            parts.append(body[s..<e])
                        }
                        if isClose { closed = true; break }
                        start = end < body.endIndex ? end + 1 : end
                    }
                }
                i = end < body.endIndex ? end + 1 : end
            }
            guard closed || start != nil || !parts.isEmpty else { throw Malformed(reason: "multipart body without its boundary") }
            if !closed, let s = start { parts.append(body[s...]) }  // tolerate a missing close delimiter
            return parts
        }

        /// The body with its Content-Transfer-Encoding undone.
        func decodedBody() throws(Malformed) -> [UInt8] {
            switch (header("content-transfer-encoding") ?? "7bit").trimmingCharacters(in: .whitespaces).lowercased() {
            case "base64":
                var text = body.filter { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A) }
                while text.count % 4 != 0 { text.append(0x3D) }
                guard let data = Data(base64Encoded: Data(text)) else { throw Malformed(reason: "invalid base64 in a calendar part") }
                return [UInt8](data)
            case "quoted-printable":
                return Part.quotedPrintable(body)
            case "7bit", "8bit", "binary", "":
                return Array(body)
            default:
                throw Malformed(reason: "unknown Content-Transfer-Encoding of a calendar part")
            }
        }

        static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            func hex(_ b: UInt8) -> UInt8? {
                switch b {
                case 0x30...0x39: return b - 0x30
                case 0x41...0x46: return b - 0x41 + 10
                case 0x61...0x66: return b - 0x61 + 10
                default: return nil
                }
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = bytes.startIndex
            while i < bytes.endIndex {
                let b = bytes[i]
                guard b == 0x3D else { out.append(b); i += 1; continue }
                // A soft line break: "=" then optional spaces, then CRLF or LF.
                var j = i + 1
                while j < bytes.endIndex && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j < bytes.endIndex && bytes[j] == 0x0D { j += 1 }
                if j < bytes.endIndex && bytes[j] == 0x0A { i = j + 1; continue }
                if j == bytes.endIndex { i = j; continue }
                if i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
                    out.append(hi << 4 | lo)
                    i += 3
                } else {
                    out.append(b)  // a stray "=", kept as it is (RFC 2045 §6.7 note 2)
                    i += 1
                }
            }
            return out
        }

        /// Bytes in `charset` as text: UTF-8 (the default for iCalendar), else Latin-1 or Windows-1252.
        static func text(_ bytes: [UInt8], charset: String?) -> String {
            switch charset?.lowercased() {
            case "iso-8859-1", "latin1":
                return String(bytes: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
            case "windows-1252", "cp1252":
                return String(bytes: bytes, encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
            default:
                return String(bytes: bytes, encoding: .utf8) ?? String(bytes: bytes, encoding: .windowsCP1252)
                    ?? String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
