#!/usr/bin/env python3
"""An attendee's calendar store fed with iTIP messages, as RFC 5546 section 3.2 says.

Usage: itip.py --attendee ADDRESS --from YYYY-MM-DD --to YYYY-MM-DD FILE [FILE...]

Each FILE is one iCalendar object with METHOD:REQUEST or METHOD:CANCEL, applied
in the order given; files that do not name ADDRESS (an e-mail address) as an
ATTENDEE are not addressed to this attendee and are skipped. The store keeps,
per UID, the master VEVENT and its RECURRENCE-ID instances:

- REQUEST without RECURRENCE-ID: replaces the whole object (master and every
  instance) when its SEQUENCE is at least the stored one; an older one is
  ignored. After a CANCEL of the whole object only a higher SEQUENCE revives it.
- REQUEST with RECURRENCE-ID: replaces that one instance (same SEQUENCE rule,
  against the instance and the master).
- CANCEL without RECURRENCE-ID: removes the object when its SEQUENCE is at least
  the stored one (a tombstone keeps the SEQUENCE).
- CANCEL with RECURRENCE-ID: cancels that instance of a stored object. One for
  an instance the stored object does not have (a date beyond its UNTIL, or
  already gone) changes nothing here, but is listed in "orphan_cancels":
  sabre/Nextcloud's iTIP broker cancels the whole series on such a message
  (nextcloud/calendar#6655), so a consistent sender never sends one.

Then the store is expanded with recurring_ical_events over whole UTC days
--from..--to (inclusive), and one JSON object is printed:
  {"occurrences": [{"uid", "start", "end"}...],   # sorted; cancelled left out
   "applied": N, "ignored": N, "skipped": N, "orphan_cancels": [PATH...]}
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time, timedelta, timezone

import icalendar
import recurring_ical_events


def seq(c) -> int:
    return int(c.get("SEQUENCE", 0))


def rid(c):
    value = c.get("RECURRENCE-ID")
    if value is None:
        return None
    return value.dt.astimezone(timezone.utc) if hasattr(value.dt, "astimezone") else value.dt


def addressed(event, address: str) -> bool:
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return any(str(a).lower().removeprefix("mailto:") == address.lower() for a in attendees)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--attendee", required=True)
    ap.add_argument("--from", dest="start", required=True)
    ap.add_argument("--to", dest="end", required=True)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()

    store: dict[str, dict] = {}      # uid -> {"master": VEVENT|None, "instances": {rid: VEVENT}, "seq": n}
    tombstones: dict[str, int] = {}  # uid -> SEQUENCE of the CANCEL that removed it
    zones: dict[str, icalendar.Timezone] = {}
    applied = ignored = skipped = 0
    orphans: list[str] = []

    def has_instance(obj, when) -> bool:
        probe = icalendar.Calendar()
        for tz in zones.values():
            probe.add_component(tz)
        if obj["master"] is not None:
            probe.add_component(obj["master"])
        for instance in obj["instances"].values():
            probe.add_component(instance)
        for occ in recurring_ical_events.of(probe).between(when - timedelta(minutes=1), when + timedelta(minutes=1)):
            occ_rid = rid(occ) or occ.decoded("DTSTART").astimezone(timezone.utc)
            if occ_rid == when and str(occ.get("STATUS", "")).upper() != "CANCELLED":
                return True
        return False

    for path in args.files:
        with open(path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        method = str(cal.get("METHOD", "")).upper()
        for tz in cal.walk("VTIMEZONE"):
            zones[str(tz["TZID"])] = tz
        for event in cal.walk("VEVENT"):
            if not addressed(event, args.attendee):
                skipped += 1
                continue
            uid, n, r = str(event["UID"]), seq(event), rid(event)
            obj = store.get(uid)
            if method == "REQUEST" and r is None:
                if (obj is None and n > tombstones.get(uid, -1)) or (obj is not None and n >= obj["seq"]):
                    store[uid] = {"master": event, "instances": {}, "seq": n}
                    tombstones.pop(uid, None)
                    applied += 1
                else:
                    ignored += 1
            elif method == "REQUEST":
                if obj is not None and n >= obj["seq"] and n >= seq(obj["instances"].get(r, event)):
                    obj["instances"][r] = event
                    applied += 1
                elif obj is None and n > tombstones.get(uid, -1):
                    store[uid] = {"master": None, "instances": {r: event}, "seq": n}
                    applied += 1
                else:
                    ignored += 1
            elif method == "CANCEL" and r is None:
                if obj is not None and n >= obj["seq"]:
                    del store[uid]
                    tombstones[uid] = n
                    applied += 1
                else:
                    ignored += 1
            elif method == "CANCEL":
                if obj is not None and not has_instance(obj, r):
                    orphans.append(path)
                    ignored += 1
                elif obj is not None and n >= obj["seq"]:
                    cancelled = event.copy()
                    cancelled["STATUS"] = "CANCELLED"
                    obj["instances"][r] = cancelled
                    applied += 1
                else:
                    ignored += 1
            else:
                ignored += 1

    out = icalendar.Calendar()
    out.add("PRODID", "-//Tandem tests//iTIP store//EN")
    out.add("VERSION", "2.0")
    for tz in zones.values():
        out.add_component(tz)
    for obj in store.values():
        if obj["master"] is not None:
            out.add_component(obj["master"])
        for instance in obj["instances"].values():
            out.add_component(instance)

    start = datetime.combine(datetime.fromisoformat(args.start).date(), time(0), tzinfo=timezone.utc)
    end = datetime.combine(datetime.fromisoformat(args.end).date(), time(0), tzinfo=timezone.utc) + timedelta(days=1)
    rows = []
    for occ in recurring_ical_events.of(out).between(start, end):
        if str(occ.get("STATUS", "")).upper() == "CANCELLED":
            continue
        s = occ.decoded("DTSTART").astimezone(timezone.utc)
        e = occ.decoded("DTEND").astimezone(timezone.utc)
        rows.append({"uid": str(occ["UID"]), "start": s.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "end": e.strftime("%Y-%m-%dT%H:%M:%SZ")})
    rows.sort(key=lambda x: (x["start"], x["end"], x["uid"]))
    print(json.dumps({"occurrences": rows, "applied": applied, "ignored": ignored, "skipped": skipped,
                      "orphan_cancels": orphans}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
