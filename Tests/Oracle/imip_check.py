#!/usr/bin/env python3
"""Checks Tandem's iMIP messages with Python's own `email` and `icalendar` packages, not Tandem's code.

Usage: imip_check.py MESSAGES INVITES [INVITES_BEFORE]
  MESSAGES        a maildir (new/ and cur/ are read) or a folder of .eml files (the SMTP sink's)
  INVITES         the out/invites/ folder `tandem schedule` wrote
  INVITES_BEFORE  the invites of the schedule before a re-plan (its messages are expected too)

Prints JSON: "keys" (one "UID|RECURRENCE-ID|SEQUENCE|recipient|METHOD" per message, duplicates kept),
"expected" (one per attendee of every invite, old and new), "new" (expected of INVITES not in
INVITES_BEFORE), "methods" (count per method), "message_ids" (key -> Message-ID) and "problems".
"""
import email
import email.policy
import json
import os
import sys

import icalendar


def rid(component):
    value = component.get("RECURRENCE-ID")
    if value is None:
        return "-"
    dt = value.dt
    if getattr(dt, "tzinfo", None) is not None:
        import datetime
        dt = dt.astimezone(datetime.timezone.utc)
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.isoformat()


def address(value):
    return str(value).lower().removeprefix("mailto:")


def invite_keys(folder):
    keys = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ics"):
            continue
        cal = icalendar.Calendar.from_ical(open(os.path.join(folder, name), "rb").read())
        method = str(cal.get("METHOD"))
        for event in cal.walk("VEVENT"):
            attendees = event.get("ATTENDEE") or []
            if not isinstance(attendees, list):
                attendees = [attendees]
            for a in attendees:
                keys.append(f"{event['UID']}|{rid(event)}|{int(event.get('SEQUENCE', 0))}|{address(a)}|{method}")
    return keys


def message_files(folder):
    if not os.path.isdir(folder):
        return []
    subs = [s for s in ("new", "cur") if os.path.isdir(os.path.join(folder, s))]
    if subs:
        return [os.path.join(folder, s, n) for s in subs for n in sorted(os.listdir(os.path.join(folder, s)))]
    return [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.endswith(".eml")]


def check_message(path, problems):
    raw = open(path, "rb").read()
    if b"\r\n" in raw.replace(b"\r\n", b"") or b"\r" in raw.replace(b"\r\n", b""):
        problems.append(f"{path}: stray CR")
    for line in raw.split(b"\n"):
        # A msg-id cannot be folded (RFC 5322 §3.6.4); the key header repeats it. Every other line must be short.
        if line.startswith((b"Message-ID:", b"X-Tandem-Key:")):
            continue
        if len(line.rstrip(b"\r")) > 78:
            problems.append(f"{path}: a line of {len(line)} bytes")
            break
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if msg["X-Tandem-Kind"] not in ("invitation", "cancellation"):
        return "reminder", None
    if msg.defects:
        problems.append(f"{path}: defects {msg.defects}")
    subject = msg["Subject"]
    if subject is None or "\n" in str(subject):
        problems.append(f"{path}: bad Subject")
    to = msg["To"].addresses
    if len(to) != 1:
        problems.append(f"{path}: To has {len(to)} addresses")
        return None, None
    recipient = to[0].addr_spec.lower()
    alternative = [p for p in msg.walk() if p.get_content_type() == "multipart/alternative"]
    calendars = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    attachments = [p for p in msg.walk() if p.get_filename() == "invite.ics"]
    plain = [p for p in msg.walk() if p.get_content_type() == "text/plain"]
    if len(alternative) != 1 or len(calendars) != 1 or len(attachments) != 1 or len(plain) != 1:
        problems.append(f"{path}: parts alternative={len(alternative)} calendar={len(calendars)} invite.ics={len(attachments)} plain={len(plain)}")
        return None, None
    part = calendars[0]
    if part not in alternative[0].iter_parts():
        problems.append(f"{path}: text/calendar is not inside multipart/alternative")
    if (part.get_content_charset() or "").lower() != "utf-8":
        problems.append(f"{path}: calendar charset {part.get_content_charset()}")
    body = part.get_payload(decode=True)
    if attachments[0].get_payload(decode=True) != body:
        problems.append(f"{path}: invite.ics differs from the text/calendar part")
    if b"\r\n" not in body:
        problems.append(f"{path}: the iCalendar object lost its CRLF line ends")
    cal = icalendar.Calendar.from_ical(body)
    method = str(cal.get("METHOD"))
    if part.get_param("method") != method:
        problems.append(f"{path}: Content-Type method={part.get_param('method')} but METHOD:{method}")
    events = list(cal.walk("VEVENT"))
    if len(events) != 1:
        problems.append(f"{path}: {len(events)} VEVENTs")
        return None, None
    event = events[0]
    organizer = address(event.get("ORGANIZER", ""))
    if organizer != msg["From"].addresses[0].addr_spec.lower():
        problems.append(f"{path}: ORGANIZER {organizer} is not the sender")
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    if recipient not in [address(a) for a in attendees]:
        problems.append(f"{path}: {recipient} is not an ATTENDEE")
    text = plain[0].get_content()
    if "When" not in text:
        problems.append(f"{path}: the plain-text body says not when")
    key = f"{event['UID']}|{rid(event)}|{int(event.get('SEQUENCE', 0))}|{recipient}|{method}"
    return key, str(msg["Message-ID"])


def main():
    messages, invites = sys.argv[1], sys.argv[2]
    before = sys.argv[3] if len(sys.argv) > 3 else None
    problems, keys, ids, methods, reminders = [], [], {}, {}, 0
    for path in message_files(messages):
        key, mid = check_message(path, problems)
        if key is None:
            continue
        if key == "reminder":
            reminders += 1
            continue
        keys.append(key)
        ids.setdefault(key, []).append(mid)
        m = key.rsplit("|", 1)[1]
        methods[m] = methods.get(m, 0) + 1
    now = invite_keys(invites)
    old = invite_keys(before) if before else []
    expected = sorted(set(now) | set(old))
    print(json.dumps({"keys": sorted(keys), "expected": expected, "new": sorted(set(now) - set(old)),
                      "methods": methods, "reminders": reminders, "message_ids": ids, "problems": problems}))


if __name__ == "__main__":
    main()
