"""Writes iMIP REPLY messages (RFC 6047) into a maildir, shaped as real calendar clients send them.

Usage: make_replies.py SPEC.json MAILDIR

SPEC.json is a list of messages:
  {"file": "new/1700000000.1.host",           # path inside MAILDIR
   "style": "thunderbird" | "outlook" | "gmail" | "malformed" | "plain",
   "organizer": "amara@…", "attendee": "tom@…", "cn": "Tom Evans",
   "partstat": "DECLINED", "comment": "…" (optional),
   "from": "pa@…" (optional: the From: address, else the attendee's),
   "sent_by": "pa@…" (optional: the ATTENDEE's SENT-BY, a delegate answering for them),
   "uid": "…", "recurrence_id": "2026-10-12T15:00:00Z" (optional), "sequence": 0,
   "dtstamp": "2026-09-02T10:00:00Z", "start": "…Z", "end": "…Z", "summary": "…"}

- thunderbird: multipart/mixed: text/plain, text/calendar; method=REPLY (8bit) and invite.ics
  as application/ics (base64), RECURRENCE-ID in UTC.
- outlook: multipart/alternative: text/plain, text/html, text/calendar; method=REPLY; charset="utf-8"
  in base64, times with TZID=GMT Standard Time and a VTIMEZONE of that name, as Exchange writes.
- gmail: multipart/alternative: text/plain, text/calendar; method=REPLY quoted-printable, TZID=Europe/London.
- malformed: a text/calendar REPLY cut off inside its VEVENT (no END:VEVENT / END:VCALENDAR).
- plain: an ordinary email without any calendar part.

Prints {"files": {path: size}} as JSON.
"""
import json
import sys
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

LONDON = ZoneInfo("Europe/London")


def instant(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def windows_london():
    tz = Timezone()
    tz.add("tzid", "GMT Standard Time")
    std = TimezoneStandard()
    std.add("dtstart", datetime(1601, 1, 1, 2, 0, 0))
    std.add("rrule", {"freq": "yearly", "byday": "-1su", "bymonth": 10})
    std.add("tzoffsetfrom", timedelta(hours=1))
    std.add("tzoffsetto", timedelta(hours=0))
    dst = TimezoneDaylight()
    dst.add("dtstart", datetime(1601, 1, 1, 1, 0, 0))
    dst.add("rrule", {"freq": "yearly", "byday": "-1su", "bymonth": 3})
    dst.add("tzoffsetfrom", timedelta(hours=0))
    dst.add("tzoffsetto", timedelta(hours=1))
    tz.add_component(std)
    tz.add_component(dst)
    return tz


def calendar(spec, style):
    cal = Calendar()
    cal.add("prodid", {"outlook": "Microsoft Exchange Server 2010", "gmail": "-//Google Inc//Google Calendar 70.9054//EN"}
            .get(style, "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN"))
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    if style == "outlook":
        cal.add_component(windows_london())
    ev = Event()
    ev.add("uid", spec["uid"])
    ev.add("dtstamp", instant(spec["dtstamp"]))
    ev.add("sequence", spec.get("sequence", 0))
    ev.add("summary", spec.get("summary", "Mentoring"))

    def timed(name, text):
        t = instant(text)
        if style == "outlook":
            ev.add(name, t.astimezone(LONDON).replace(tzinfo=None), parameters={"TZID": "GMT Standard Time"})
        elif style == "gmail":
            ev.add(name, t.astimezone(LONDON))
        else:
            ev.add(name, t)

    timed("dtstart", spec["start"])
    timed("dtend", spec["end"])
    if spec.get("recurrence_id"):
        timed("recurrence-id", spec["recurrence_id"])
    organizer = vCalAddress("mailto:" + spec["organizer"])
    organizer.params["CN"] = vText("Coordinator")
    ev.add("organizer", organizer)
    attendee = vCalAddress("mailto:" + spec["attendee"])
    attendee.params["CN"] = vText(spec.get("cn", spec["attendee"]))
    attendee.params["PARTSTAT"] = vText(spec["partstat"])
    if spec.get("sent_by"):
        attendee.params["SENT-BY"] = vText("mailto:" + spec["sent_by"])
    ev.add("attendee", attendee)
    if spec.get("comment"):
        ev.add("comment", spec["comment"])
    cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def message(spec):
    style = spec["style"]
    msg = EmailMessage()
    msg["From"] = f'{spec.get("cn", "")} <{spec.get("from", spec["attendee"])}>'
    msg["To"] = spec["organizer"]
    msg["Date"] = format_datetime(instant(spec["dtstamp"]))
    msg["Message-ID"] = make_msgid(domain=spec["attendee"].split("@")[-1])
    word = {"ACCEPTED": "Accepted", "DECLINED": "Declined", "TENTATIVE": "Tentative"}.get(spec.get("partstat"), "Re")
    msg["Subject"] = f'{word}: {spec.get("summary", "Mentoring")}'
    text = f'{spec.get("cn", "")} has {word.lower()} this invitation.\n' + (spec.get("comment", "") + "\n")
    if style == "plain":
        msg.set_content("Hello Amara,\n\nthanks for organising the programme. See you at the launch!\n")
        return msg
    ical = calendar(spec, style)
    if style == "thunderbird":
        msg.set_content(text)
        msg.add_attachment(ical, subtype="calendar", params={"method": "REPLY"}, cte="8bit", disposition="inline")
        msg.add_attachment(ical.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics")
    elif style == "outlook":
        msg.set_content(text)
        msg.add_alternative(f"<html><body><p>{text}</p></body></html>", subtype="html")
        # Exchange base64-encodes the calendar bytes as they are, CRLF line ends included.
        msg.add_alternative(ical.encode("utf-8"), maintype="text", subtype="calendar",
                            params={"charset": "utf-8", "method": "REPLY"}, cte="base64")
    elif style == "gmail":
        msg.set_content(text)
        msg.add_alternative(ical, subtype="calendar", params={"method": "REPLY"}, cte="quoted-printable")
    elif style == "malformed":
        cut = ical[: ical.index("END:VEVENT")]
        msg.set_content(cut, subtype="calendar", params={"method": "REPLY"}, cte="8bit")
    else:
        raise SystemExit(f"unknown style {style}")
    return msg


def main():
    specs = json.loads(Path(sys.argv[1]).read_text())
    root = Path(sys.argv[2])
    out = {}
    for spec in specs:
        msg = message(spec)
        data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        path = root / spec["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[spec["file"]] = len(data)
    print(json.dumps({"files": out}))


if __name__ == "__main__":
    main()
