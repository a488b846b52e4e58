import Foundation
import TandemCore
import TandemTesting
import Testing
@testable import TandemDaemon

/// Subjects and display names in any script reach the reader intact: RFC 2047 encoded-words of at most
/// 75 characters, header lines of at most 78, no UTF-8 sequence split between words, and Python's
/// `email` (policy=default) decodes them back to exactly the text we meant.
@Suite struct MailSubjectTests {
    static let subjects = [
        // Welsh: circumflexes (ŵ, ŷ are two bytes) in a long leader and school name.
        "Sesiwn fentora: Siân Llŷr ap Gruffydd a Rhodri Ŵyn Prydderch — Ysgol Gynradd Gymraeg Llanfairpwllgwyngyll, dydd Mawrth am 16:00",
        // Polish: every letter with a diacritic.
        "Spotkanie mentorskie: Zażółć Gęślą Jaźń & Grzegorz Brzęczyszczykiewicz, Szkoła Podstawowa nr 7 im. Marii Skłodowskiej-Curie w Łodzi",
        // Chinese: three bytes a character, no spaces.
        "导师会谈：王小明与李华（北京市第一中学附属实验小学）下周二下午四点在线会议，请提前准备本学期的教学目标与反思记录",
        // Emoji: four-byte scalars and ZWJ sequences, mixed with ASCII.
        "Mentoring 🎉 with Zoë 👩🏽‍🏫 & Chloé 👨‍👩‍👧‍👦 — Ysgol Gymraeg Bro Ŵyr ✨🧑🏾‍💻🏳️‍🌈 tomorrow at 07:30 (Europe/London) 🚀🚀🚀🚀🚀",
        // One non-ASCII character at the very end of a long ASCII run.
        String(repeating: "Peer support network session for leaders ", count: 3) + "é",
        // ASCII only, longer than a line: folded at spaces, no encoding.
        "Mentoring: Priya Shah & Tom Evans, Riverside Primary and Hillview Academy, tomorrow at 16:00 in the library",
    ]

    /// A recipient whose encoded name takes two words, and a coordinator whose name fits in one.
    static let recipient = "Siân Llŷr ap Gruffydd-Brzęczyszczykiewicz 王小明 👩🏽‍🏫"
    static let coordinator = "Cydlynydd Rhaglen Ŵyn-Łódź 导师"

    static func message(subject: String, name: String) -> String {
        let reminder = StoredReminder(
            id: 1, key: "before|m1|L001|3600", kind: .before, meeting: "m1", recipient: "L001", recipientName: name,
            recipientEmail: "l001@school.example", offset: 3_600, due: DaemonFixtures.t0, meetingStart: nil, state: .pending,
            attempts: 0, lastError: nil, nextAttempt: DaemonFixtures.t0, subject: subject, body: "Dear Leader,\n")
        let from = Programme.Person(name: coordinator, email: "coordinator@trust.example")
        return MailMessage(from: from, reminder: reminder, date: DaemonFixtures.t0).text
    }

    /// The header block, and each header unfolded to its physical lines.
    static func headers(_ text: String) -> [String: [String]] {
        let block = text.components(separatedBy: "\n\n")[0]
        var out: [String: [String]] = [:], current = ""
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                out[current, default: []].append(String(line))
            } else {
                current = String(line.split(separator: ":")[0])
                out[current] = [String(line)]
            }
        }
        return out
    }

    /// The encoded-words in `lines`, each decoded on its own; nil where one is not whole UTF-8.
    static func encodedWords(_ lines: [String]) -> [(word: String, text: String?)] {
        let pattern = /=\?utf-8\?B\?([A-Za-z0-9+\/=]*)\?=/
        return lines.flatMap { line in
            line.matches(of: pattern).map { m in
                let bytes = Data(base64Encoded: String(m.output.1)).map { [UInt8]($0) } ?? []
                return (String(m.output.0), String(validating: bytes, as: UTF8.self))
            }
        }
    }

    @Test(arguments: subjects)
    func aSubjectIsFoldedIntoWholeEncodedWordsThatDecodeBackExactly(subject: String) throws {
        let text = Self.message(subject: subject, name: Self.recipient)
        let headers = Self.headers(text)
        let lines = try #require(headers["Subject"])
        for line in ["Subject", "To", "From"].flatMap({ headers[$0] ?? [] }) {
            #expect(line.count <= 78, "header line of \(line.count) characters: \(line)")
            let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "8-bit header text: \(line)")
        }
        let words = Self.encodedWords(lines)
        if subject.allSatisfy(\.isASCII) {
            #expect(words.isEmpty)
            #expect(lines.count > 1 || subject.count + 9 <= 78)
        } else {
            #expect(!words.isEmpty)
            for w in words {
                #expect(w.word.count <= 75, "encoded-word of \(w.word.count) characters")
                #expect(w.text != nil, "\(w.word) splits a UTF-8 sequence")
            }
            // The words are the whole subject, in order (whitespace between encoded-words is not text, RFC 2047 §6.2).
            #expect(words.compactMap(\.text).joined() == subject)
        }
        // An independent decoder gives back exactly the subject and the names.
        let file = TestSupport.temporaryFolder("subject").appendingPathComponent("message.eml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let decoded = try #require((try Oracle.run("decode_headers.py", [file.path]) as? [[String: Any]])?.first)
        #expect(decoded["subject"] as? String == subject)
        #expect(decoded["to_address"] as? String == "l001@school.example")
        // The display names: each encoded-word whole, and together exactly the name. Python's address
        // parser keeps the folding whitespace between two encoded-words of a display name as a space
        // (RFC 2047 §6.2 says to drop it, as mail clients do), so against it only the non-space text is compared.
        #expect(Self.encodedWords(headers["To"] ?? []).count >= 2, "the recipient's name should need a fold")
        for (header, name) in [("To", Self.recipient), ("From", Self.coordinator)] {
            let words = Self.encodedWords(headers[header] ?? [])
            #expect(words.allSatisfy { $0.word.count <= 75 && $0.text != nil }, "\(header): \(words.map(\.word))")
            #expect(words.compactMap(\.text).joined() == name, "\(header): \(words.compactMap(\.text))")
            let python = decoded[header.lowercased() + "_name"] as? String ?? ""
            #expect(python.filter { !$0.isWhitespace } == name.filter { !$0.isWhitespace }, "\(header): \(python)")
        }
        #expect((decoded["defects"] as? [String]) == [], "\(decoded["defects"] ?? "")")
    }

    @Test func everyEncodedWordIsFilledBeforeTheNextBegins() {
        // Not a word per character: each word but the last has no room for the next character.
        let subject = Self.subjects[2]
        let folded = MailMessage.encodedWord(subject, used: "Subject: ".count)
        let words = Self.encodedWords(folded.components(separatedBy: "\n "))
        let scalars = Array(subject.unicodeScalars)
        var used = 0
        for (i, w) in words.enumerated() where i < words.count - 1 {
            let text = w.text ?? ""
            used += text.unicodeScalars.count
            let next = String(scalars[used]).utf8.count
            let bytes = text.utf8.count + next
            let room = (i == 0 ? 75 - "Subject: ".count : 75 - 1) - "=?utf-8?B??=".count
            #expect(4 * ((bytes + 2) / 3) > room, "word \(i) had room for one more character")
        }
        #expect(words.count >= 3)
    }

    @Test func aLineBreakInTheSubjectCannotStartAnotherHeader() {
        let text = Self.message(subject: "Mentoring\r\nBcc: victim@example.com\nX-Evil: 1", name: "Eve\r\nBcc: x@example.com")
        let headers = Self.headers(text)
        #expect(headers["Bcc"] == nil && headers["X-Evil"] == nil)
        #expect(headers["Subject"]?.joined().contains("Bcc: victim@example.com") == true)
    }
}
