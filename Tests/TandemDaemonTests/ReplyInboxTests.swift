import Foundation
import TandemCalendar
import TandemCore
import TandemTesting
import Testing
@testable import TandemDaemon

/// MIME reading of replies, matching them to meetings and attendees, and the store's answers.
struct ReplyInboxTests {
    static let calendar = """
        BEGIN:VCALENDAR\r
        METHOD:REPLY\r
        BEGIN:VEVENT\r
        UID:series@tandem\r
        RECURRENCE-ID:20261012T150000Z\r
        DTSTAMP:20260902T100000Z\r
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:tom@hillview.example\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func findsBase64CalendarInNestedMultipart() throws {
        let b64 = Data(Self.calendar.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let mail = """
            Message-ID: <abc@hillview.example>\r
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            --outer\r
            Content-Type: multipart/alternative;\r
             boundary=inner\r
            \r
            --inner\r
            Content-Type: text/plain\r
            \r
            Accepted.\r
            --inner\r
            Content-Type: text/calendar; charset="utf-8"; method=REPLY\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64)\r
            --inner--\r
            --outer\r
            Content-Type: application/octet-stream; name="invite.ics"\r
            Content-Disposition: attachment; filename="invite.ics"\r
            \r
            \(Self.calendar)\r
            --outer--\r

            """
        let parsed = try ReplyMail.parse(Data(mail.utf8))
        #expect(parsed.messageID == "abc@hillview.example")
        #expect(parsed.calendars.count == 2)
        #expect(parsed.calendars[0].method == "REPLY")
        #expect(parsed.calendars[0].text == Self.calendar)
        #expect(parsed.calendars[1].text.hasPrefix("BEGIN:VCALENDAR"))
    }

    @Test func decodesQuotedPrintable() throws {
        let qp = Self.calendar.replacingOccurrences(of: "PARTSTAT=ACCEPTED", with: "PARTSTAT=3DACCEPTED")
            .replacingOccurrences(of: "ATTENDEE;", with: "ATTEN=\r\nDEE;")
        let mail = "Content-Type: text/calendar; method=REPLY\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp
        let parsed = try ReplyMail.parse(Data(mail.utf8))
        #expect(parsed.calendars.first?.text == Self.calendar)
    }

    @Test func plainMailHasNoCalendarAndBadBase64IsMalformed() throws {
        #expect(try ReplyMail.parse(Data("Subject: hi\r\n\r\nHello\r\n".utf8)).calendars.isEmpty)
        #expect(throws: ReplyMail.Malformed.self) {
            try ReplyMail.parse(Data("Content-Type: text/calendar\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n".utf8))
        }
        #expect(throws: ReplyMail.Malformed.self) {
            try ReplyMail.parse(Data("Content-Type: multipart/mixed\r\n\r\nno boundary\r\n".utf8))
        }
    }

    static let context = ReplyInbox.Context(
        maildir: "/nowhere", programme: "p", zone: TimeZone(identifier: "Europe/London")!,
        leaders: ["L001": ("priya@riverside.example", TimeZone(identifier: "Europe/London")!),
                  "L002": ("tom@hillview.example", TimeZone(identifier: "America/New_York")!)])

    static func meetings(sequence: Int = 0) -> [String: [Meeting]] {
        let starts = ["2026-10-12T15:00:00Z", "2026-10-26T16:00:00Z"].map(Fixtures.instant)
        let list = starts.enumerated().map { i, s in
            Meeting(uid: "m-p0\(i + 1)@tandem", series: "series@tandem", kind: .mentoring, attendees: ["L001", "L002"], start: s,
                    end: s.addingTimeInterval(3_600), period: i + 1, icsUID: "series@tandem", sequence: sequence)
        }
        return ["series@tandem": list]
    }

    static func event(rid: ITIPReply.RecurrenceID?, address: String = "tom@hillview.example", partstat: String = "DECLINED",
                      sequence: Int = 0, uid: String = "series@tandem") -> ITIPReply {
        ITIPReply(method: "REPLY", events: [ITIPReply.Event(uid: uid, recurrenceID: rid, sequence: sequence, stamp: nil,
                                                            attendees: [ITIPReply.Attendee(address: address, partstat: partstat)],
                                                            comment: "Sorry\u{7}\nbusy")])
    }

    /// The From: of the replies above: Tom's own address.
    static let tom = ["tom@hillview.example"]

    @Test func readsTheFromAddressWhateverItsDisplayName() throws {
        func from(_ header: String) throws -> [String] {
            try ReplyMail.parse(Data("From: \(header)\r\nSubject: x\r\n\r\nhi\r\n".utf8)).from
        }
        #expect(try from("\"Evans, Tom\" <Tom@Hillview.Example>") == ["tom@hillview.example"])
        #expect(try from("=?utf-8?B?VG9tIMOJdmFucw==?= <tom@hillview.example>") == ["tom@hillview.example"])
        #expect(try from("tom@hillview.example (Tom \\(home\\) Evans)") == ["tom@hillview.example"])
        #expect(try from("\"<priya@riverside.example>\" <tom@hillview.example>") == ["tom@hillview.example"])
        #expect(try from("Tom <tom@hillview.example>, Priya <priya@riverside.example>").count == 2)
        #expect(try from("Staff: tom@hillview.example;") == ["tom@hillview.example"])
        #expect(try from("\"Tom Evans\"") == [])
        #expect(try ReplyMail.parse(Data("Subject: x\r\n\r\nhi\r\n".utf8)).from == [])
    }

    @Test func aReplyCountsOnlyFromItsAttendeeOrTheirSentBy() {
        let m = Self.meetings(sequence: 1)
        func event(sentBy: String?) -> ITIPReply {
            var e = Self.event(rid: nil, sequence: 1)
            e.events[0].attendees[0].sentBy = sentBy
            return e
        }
        func match(_ e: ITIPReply, from: [String]) -> (replies: [RecordedReply], outcome: String, notes: [ReplyInbox.Note]) {
            ReplyInbox.match(e, from: from, meetings: m, context: Self.context, source: "f", stamp: Date())
        }
        // Tom's ATTENDEE line sent by Priya (an attendee of the same meeting, but not Tom): not Tom's answer.
        let forged = match(event(sentBy: nil), from: ["priya@riverside.example"])
        #expect(forged.outcome == "wrong-sender" && forged.replies.isEmpty)
        #expect(forged.notes.contains { $0.text.contains("tom@hillview.example") && $0.text.contains("priya@riverside.example") })
        #expect(!forged.notes.contains { $0.text.contains("Sorry") }, "the comment must not reach the log")
        // Tom's office sends for him, as his SENT-BY says: counted, as Tom's.
        let delegated = match(event(sentBy: "office@hillview.example"), from: ["office@hillview.example"])
        #expect(delegated.outcome == "recorded" && delegated.replies.count == 2)
        #expect(delegated.replies.allSatisfy { $0.response.leader == "L002" && $0.email == "tom@hillview.example" })
        // SENT-BY names the office, but someone else sent it.
        #expect(match(event(sentBy: "office@hillview.example"), from: ["x@elsewhere.example"]).outcome == "wrong-sender")
        // No From:, or more than one: nobody to check against.
        #expect(match(event(sentBy: nil), from: []).outcome == "wrong-sender")
        #expect(match(event(sentBy: nil), from: ["tom@hillview.example", "x@elsewhere.example"]).outcome == "wrong-sender")
        // Tom himself: counted, SENT-BY or not.
        #expect(match(event(sentBy: "office@hillview.example"), from: Self.tom).outcome == "recorded")
    }

    @Test func matchesOccurrenceSeriesStrangerStaleAndUnknown() {
        let m = Self.meetings(sequence: 1)
        let one = ReplyInbox.match(Self.event(rid: .instant(Fixtures.instant("2026-10-12T15:00:00Z")), sequence: 1), from: Self.tom, meetings: m,
                                   context: Self.context, source: "f", stamp: Date())
        #expect(one.outcome == "recorded")
        #expect(one.replies.map(\.response.meeting) == ["m-p01@tandem"])
        #expect(one.replies.first?.response.leader == "L002")
        #expect(one.replies.first?.response.comment == "Sorry busy")
        let series = ReplyInbox.match(Self.event(rid: nil, sequence: 1), from: Self.tom, meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(series.replies.count == 2)
        // A floating RECURRENCE-ID is the wall time in the series' zone (the first attendee's: London, BST).
        let floating = ReplyInbox.match(Self.event(rid: .floating(wallSeconds: Int(Fixtures.instant("2026-10-12T16:00:00Z").timeIntervalSince1970)), sequence: 1),
                                        from: Self.tom, meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(floating.replies.count == 1)
        let stranger = ReplyInbox.match(Self.event(rid: nil, address: "x@elsewhere.example", sequence: 1), from: ["x@elsewhere.example"], meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(stranger.outcome == "stranger" && stranger.replies.isEmpty)
        #expect(stranger.notes.contains { $0.text.contains("x@elsewhere.example") && !$0.text.contains("Sorry") })
        let stale = ReplyInbox.match(Self.event(rid: nil, sequence: 0), from: Self.tom, meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(stale.outcome == "stale" && stale.replies.isEmpty)
        let unknown = ReplyInbox.match(Self.event(rid: nil, uid: "other@x"), from: Self.tom, meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(unknown.outcome == "unknown-uid")
        let delegated = ReplyInbox.match(Self.event(rid: nil, partstat: "DELEGATED", sequence: 1), from: Self.tom, meetings: m, context: Self.context, source: "f", stamp: Date())
        #expect(delegated.replies.isEmpty)
    }

    @Test func theStoreKeepsTheNewerAnswerAndTheProcessedList() throws {
        let store = try DaemonFixtures.store()
        let start = Fixtures.instant("2026-10-12T15:00:00Z")
        func reply(_ answer: InvitationResponse.Answer, sequence: Int, stamp: String) -> RecordedReply {
            RecordedReply(response: InvitationResponse(meeting: "m1", leader: "L002", start: start, end: start.addingTimeInterval(3_600), answer: answer),
                          icsUID: "s", email: "tom@hillview.example", sequence: sequence, stamp: Fixtures.instant(stamp), source: "f")
        }
        try store.recordReplies([reply(.declined, sequence: 1, stamp: "2026-09-02T10:00:00Z")],
                                mail: [ProcessedMail(name: "a", messageID: "<1>", outcome: "recorded")], now: Date())
        // Older DTSTAMP, same SEQUENCE: kept out. Lower SEQUENCE with a later DTSTAMP: kept out too.
        #expect(try store.recordReplies([reply(.accepted, sequence: 1, stamp: "2026-09-01T10:00:00Z"),
                                         reply(.accepted, sequence: 0, stamp: "2026-09-05T10:00:00Z")], mail: [], now: Date()) == 0)
        #expect(try store.responses().map(\.answer) == [.declined])
        #expect(try store.recordReplies([reply(.tentative, sequence: 2, stamp: "2026-09-01T10:00:00Z")], mail: [], now: Date()) == 1)
        #expect(try store.responses().map(\.answer) == [.tentative])
        let index = try store.processedMail()
        #expect(index.names == ["a"] && index.messageIDs == ["<1>"])
        // `tandem schedule` reads the same answers read-only.
        #expect(try SQLiteReminderStore.readResponses(path: store.path).map(\.answer) == [.tentative])
        #expect(try SQLiteReminderStore.readResponses(path: store.path + ".absent").isEmpty)
    }
}
