import Foundation
import TandemCore

/// An iMIP message (RFC 6047) for one attendee: the reminder headers around
///
///     multipart/mixed
///       multipart/alternative
///         text/plain                                  the short body, in the recipient's zone
///         text/html                                   the same, for clients that prefer it
///         text/calendar; method=REQUEST|CANCEL        what calendar clients act on
///       application/ics; name="invite.ics"            the same object as an attachment (Outlook wants it)
///
/// This is the shape Google Calendar sends. Every part is base64 with 76-character lines: the iCalendar
/// object keeps its CRLF lines byte for byte and no relay re-wraps a long line. The boundary comes from
/// the key, so the same invitation is the same bytes (Date aside) on every attempt.
struct InvitationMail {
    var message: MailMessage
    var invitation: InvitationPart

    var text: String {
        let r = message.reminder
        let boundary = "=_tandem_" + Self.hash(r.key)
        let mixed = boundary + "_m", alternative = boundary + "_a"
        let method = invitation.method.rawValue
        var h = message.headers(content: "Content-Type: multipart/mixed; boundary=\"\(mixed)\"\n")
        h += "\n"
        var b = "This is an iCalendar invitation (iMIP) in MIME format.\n"
        b += "--\(mixed)\n"
        b += "Content-Type: multipart/alternative; boundary=\"\(alternative)\"\n\n"
        b += part(alternative, "text/plain; charset=utf-8", Data(Self.lf(r.body).utf8))
        b += part(alternative, "text/html; charset=utf-8", Data(Self.html(r.subject, r.body).utf8))
        b += part(alternative, "text/calendar; method=\(method); charset=UTF-8", Data(invitation.calendar.utf8))
        b += "--\(alternative)--\n"
        b += part(mixed, "application/ics; name=\"invite.ics\"", Data(invitation.calendar.utf8),
                  disposition: "attachment; filename=\"invite.ics\"")
        b += "--\(mixed)--\n"
        return h + b
    }

    private func part(_ boundary: String, _ type: String, _ data: Data, disposition: String? = nil) -> String {
        var s = "--\(boundary)\nContent-Type: \(type)\nContent-Transfer-Encoding: base64\n"
        if let disposition { s += "Content-Disposition: \(disposition)\n" }
        s += "\n" + data.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]) + "\n"
        return s
    }

    static func lf(_ s: String) -> String {
        let t = s.replacingOccurrences(of: "\r\n", with: "\n")
        return t.hasSuffix("\n") ? t : t + "\n"
    }

    static func html(_ subject: String, _ body: String) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(escape(MailMessage.oneLine(subject)))</title></head>\n"
            + "<body><pre style=\"font-family: sans-serif; white-space: pre-wrap\">\(escape(lf(body)))</pre></body></html>\n"
    }

    /// FNV-1a of the key, 16 hex digits.
    static func hash(_ key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(format: "%016llx", hash)
    }
}
