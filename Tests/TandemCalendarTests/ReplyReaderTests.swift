import Foundation
import TandemCalendar
import TandemTesting
import Testing

/// iMIP REPLY objects read through libical: UID, RECURRENCE-ID in each zone form, SEQUENCE, DTSTAMP,
/// ATTENDEE with PARTSTAT, COMMENT; anything misread is malformed.
struct ReplyReaderTests {
    static func reply(_ rid: String, extra: String = "", attendee: String = "ATTENDEE;CN=Tom;PARTSTAT=DECLINED:MAILTO:Tom.Evans@Hillview.example") -> String {
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//test//EN\r
        METHOD:REPLY\r
        BEGIN:VEVENT\r
        UID:mentoring-l001-l002.p@tandem\r
        \(rid)\r
        SEQUENCE:2\r
        DTSTAMP:20260902T100000Z\r
        \(attendee)\r
        COMMENT:Ofsted visit\\, sorry\r
        \(extra)END:VEVENT\r
        END:VCALENDAR\r

        """
    }

    @Test func readsAnOccurrenceReplyInUTC() throws {
        let r = try ReplyReader.read(Self.reply("RECURRENCE-ID:20261012T150000Z")).get()
        #expect(r.method == "REPLY")
        let e = try #require(r.events.first)
        #expect(e.uid == "mentoring-l001-l002.p@tandem")
        #expect(e.recurrenceID == .instant(Fixtures.instant("2026-10-12T15:00:00Z")))
        #expect(e.sequence == 2)
        #expect(e.stamp == Fixtures.instant("2026-09-02T10:00:00Z"))
        #expect(e.attendees == [ITIPReply.Attendee(address: "tom.evans@hillview.example", partstat: "DECLINED")])
        #expect(e.comment == "Ofsted visit, sorry")
    }

    @Test func readsIANAAndWindowsZonesWithoutVTimezone() throws {
        for rid in ["RECURRENCE-ID;TZID=Europe/London:20261012T160000", "RECURRENCE-ID;TZID=GMT Standard Time:20261012T160000"] {
            let e = try #require(try ReplyReader.read(Self.reply(rid)).get().events.first)
            #expect(e.recurrenceID == .instant(Fixtures.instant("2026-10-12T15:00:00Z")), "\(rid)")
        }
    }

    @Test func aWholeEventReplyHasNoRecurrenceID() throws {
        let e = try #require(try ReplyReader.read(Self.reply("DTSTART:20261012T150000Z")).get().events.first)
        #expect(e.recurrenceID == nil)
    }

    @Test func missingPartstatIsNeedsAction() throws {
        let e = try #require(try ReplyReader.read(Self.reply("DTSTART:20261012T150000Z", attendee: "ATTENDEE:mailto:a@b.example")).get().events.first)
        #expect(e.attendees.first?.partstat == "NEEDS-ACTION")
    }

    @Test func misreadRepliesAreMalformed() {
        let cases = [
            Self.reply("RECURRENCE-ID:2026-99-99"),                                         // unreadable time
            Self.reply("RECURRENCE-ID;TZID=Mars/Olympus:20261012T160000"),                   // unknown zone
            String(Self.reply("DTSTART:20261012T150000Z").dropLast(30)),                   // cut off
            Self.reply("DTSTART:20261012T150000Z", attendee: "X-NOTHING:1"),                 // no ATTENDEE
            "not a calendar at all",
        ]
        for text in cases {
            guard case .failure = ReplyReader.read(text) else {
                Issue.record("read as a reply: \(text.debugDescription)")
                continue
            }
        }
    }
}

extension ReplyReaderTests {
    @Test func readsTheAttendeesSentBy() throws {
        let delegated = try ReplyReader.read(Self.reply("RECURRENCE-ID:20261012T150000Z", attendee:
            "ATTENDEE;PARTSTAT=ACCEPTED;SENT-BY=\"MAILTO:Office@Hillview.example\":mailto:tom.evans@hillview.example")).get()
        let a = try #require(delegated.events.first?.attendees.first)
        #expect(a.address == "tom.evans@hillview.example" && a.sentBy == "office@hillview.example" && a.partstat == "ACCEPTED")
        let own = try ReplyReader.read(Self.reply("RECURRENCE-ID:20261012T150000Z")).get()
        #expect(own.events.first?.attendees.first?.sentBy == nil)
    }
}
