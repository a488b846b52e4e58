public import Foundation
public import TandemCore

/// An RFC 5322 plain-text message for one reminder, with a Message-ID derived from its idempotency key.
public struct MailMessage: Sendable {
    public var from: Programme.Person
    public var reminder: StoredReminder
    public var date: Date

    public init(from: Programme.Person, reminder: StoredReminder, date: Date) {
        self.from = from
        self.reminder = reminder
        self.date = date
    }

    /// `<tandem.<escaped key>@tandem.invalid>`: the same key always gives the same Message-ID.
    public var messageID: String { "<tandem.\(MailMessage.safeName(reminder.key))@tandem.invalid>" }

    /// The header block every message carries, `content` (its Content-Type lines, each ending in LF)
    /// after MIME-Version; without the blank line that ends it.
    func headers(content: String) -> String {
        var h = ""
        h += "Date: \(MailMessage.rfc5322Date(date))\n"
        h += "From: \(MailMessage.address(from.name, from.email))\n"
        h += "To: \(MailMessage.address(reminder.recipientName, reminder.recipientEmail))\n"
        h += MailMessage.subjectHeader(reminder.subject)
        h += "Message-ID: \(messageID)\n"
        h += "MIME-Version: 1.0\n"
        h += content
        h += "Auto-Submitted: auto-generated\n"
        h += "X-Tandem-Key: \(MailMessage.oneLine(reminder.key))\n"
        h += "X-Tandem-Kind: \(reminder.kindName)\n"
        h += "X-Tandem-Due: \(ISO8601.string(reminder.due))\n"
        return h
    }

    /// The message text, LF line endings (as maildir files and sendmail's standard input expect).
    ///
    /// An invitation (``StoredReminder/invitation``) is an iMIP message (``InvitationMail``); a reminder is plain text.
    public var text: String {
        if let invitation = reminder.invitation { return InvitationMail(message: self, invitation: invitation).text }
        let h = headers(content: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n")
        let body = reminder.body.replacingOccurrences(of: "\r\n", with: "\n")
        return h + "\n" + body + (body.hasSuffix("\n") ? "" : "\n")
    }

    /// A key as a file name and Message-ID part: letters, digits, `.`, `_`, `-` kept, every other byte `%XX`.
    public static func safeName(_ key: String) -> String {
        var out = ""
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        if out.utf8.count > 200 {
            // Keep names within file-system limits while staying deterministic.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in key.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
            out = String(out.prefix(180)) + String(format: "~%016llx", hash)
        }
        return out
    }

    /// Header text on one line: CR, LF and every other control character become spaces.
    static func oneLine(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// `Name <address>` with the name quoted or encoded, and the address stripped of anything that
    /// could end the header or smuggle in another address (line breaks, `<>`, quotes, commas, spaces, controls).
    static func address(_ name: String, _ email: String) -> String {
        let n = oneLine(name)
        let quoted = n.allSatisfy { $0.isASCII } ? "\"\(n.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\"" : encodedWord(n, used: 6)
        let angle = "<\(bareAddress(email))>"
        // Folded before the address when the header ("From: " at most) would pass 78 characters.
        let lastLine = quoted.split(separator: "\n").last.map(String.init) ?? quoted
        return quoted + (6 + lastLine.count + 1 + angle.count > 78 ? "\n " : " ") + angle
    }

    /// An address with only the characters an addr-spec may carry outside quotes.
    static func bareAddress(_ email: String) -> String {
        String(String.UnicodeScalarView(email.unicodeScalars.filter { c in
            c.value > 0x20 && c.value != 0x7F && !"<>\"(),;:\\[]".unicodeScalars.contains(c) || c == "@"
        }))
    }

    /// `Subject: …\n`, folded so that no line passes 76 characters (RFC 2047 §2, RFC 5322 §2.2.3).
    static func subjectHeader(_ subject: String) -> String {
        "Subject: " + encodedWord(subject, used: "Subject: ".count) + "\n"
    }

    /// Header text as RFC 2047 B-encoded words for non-ASCII text, folded (`\n `) between words.
    ///
    /// Each encoded word is at most 75 characters and holds whole characters only (a UTF-8 sequence is
    /// never split between words, RFC 2047 §5); ASCII text is folded at spaces instead. `used` is how
    /// much of the first line the header name already takes.
    static func encodedWord(_ s: String, used: Int = 0) -> String {
        let line = oneLine(s)
        if line.allSatisfy({ $0.isASCII }) { return foldASCII(line, used: used) }
        let overhead = "=?utf-8?B??=".count
        var words: [String] = []
        var chunk: [UInt8] = []
        // Base64 of n bytes is 4 * ceil(n / 3) characters.
        func fits(_ bytes: Int, on lineUsed: Int) -> Bool { lineUsed + overhead + 4 * ((bytes + 2) / 3) <= 75 }
        for scalar in line.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            let lineUsed = words.isEmpty ? used : 1
            if !chunk.isEmpty && !fits(chunk.count + bytes.count, on: lineUsed) {
                words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\n ")
    }

    /// ASCII header text folded at spaces before 78 characters a line (a word longer than that stays whole).
    static func foldASCII(_ s: String, used: Int) -> String {
        var out = ""
        var lineLength = used
        for (i, word) in s.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i == 0 {
                out += word
                lineLength += word.count
            } else if lineLength + 1 + word.count > 78 && lineLength > 1 {
                out += "\n " + word
                lineLength = 1 + word.count
            } else {
                out += " " + word
                lineLength += 1 + word.count
            }
        }
        return out
    }

    static func rfc5322Date(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let secs = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        // "2026-09-15T15:00:00Z"
        let iso = Array(ISO8601.string(date).utf8)
        func num(_ r: Range<Int>) -> Int { Int(String(decoding: iso[r], as: UTF8.self)) ?? 0 }
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", days[((dayNumber % 7) + 7) % 7], num(8..<10),
                      months[max(0, num(5..<7) - 1)], num(0..<4), num(11..<13), num(14..<16), num(17..<19))
    }
}
