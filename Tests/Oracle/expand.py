#!/usr/bin/env python3
"""Expand every event occurrence of an iCalendar file in a date range.

Usage: expand.py FILE --from YYYY-MM-DD --to YYYY-MM-DD [--tz ZONE] [--x-wr-timezone]

The range is whole local days in ZONE (default Europe/London): from 00:00 on
--from up to 24:00 on --to, so --to is INCLUSIVE. An occurrence is listed when
it overlaps that range (a zero-length one when it starts inside it).

Expansion is done by recurring_ical_events (RRULE, RDATE, EXDATE, overrides
with RECURRENCE-ID). By default the file is read strictly as RFC 5545 says,
like libical: X-WR-TIMEZONE is ignored, so a series whose DTSTART is in UTC
(...Z) keeps its UTC time across DST changes. With --x-wr-timezone the file is
first rewritten the way recurring_ical_events.of() does (x_wr_timezone
package: UTC and floating times move into the X-WR-TIMEZONE zone, so such a
series keeps its local wall-clock time instead). All-day (DATE) and floating times are read as local in
ZONE. Prints a JSON array sorted by start, end, uid, one entry per occurrence:

  {"uid": ..., "start": "2026-09-07T15:00:00Z", "end": "...Z",
   "summary": ..., "status": "CONFIRMED" | "CANCELLED" | ... | null,
   "transp": "OPAQUE" | "TRANSPARENT", "all_day": bool}

Cancelled and transparent occurrences are included; filter on status/transp.
transp defaults to OPAQUE as in RFC 5545. Exit status 0 when the expansion
ran; on a file that cannot be parsed, prints {"error": "..."} and exits 65.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


def to_utc(value, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            value = value.replace(tzinfo=tz)
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=tz).astimezone(timezone.utc)
    raise TypeError(f"not a date or date-time: {value!r}")


def end_of(comp, start):
    if "DTEND" in comp:
        return comp.decoded("DTEND")
    if "DURATION" in comp:
        return start + comp.decoded("DURATION")
    # RFC 5545 3.6.1: a DATE start without end lasts one day, a DATE-TIME none.
    if not isinstance(start, datetime):
        return start + timedelta(days=1)
    return start


def iso(d: datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Expand iCalendar occurrences (oracle).")
    ap.add_argument("file")
    ap.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    ap.add_argument("--to", dest="stop", required=True, type=date.fromisoformat)
    ap.add_argument("--tz", default="Europe/London")
    ap.add_argument("--x-wr-timezone", action="store_true",
                    help="apply X-WR-TIMEZONE as recurring_ical_events.of() does")
    args = ap.parse_args(argv)
    tz = ZoneInfo(args.tz)

    import icalendar
    import recurring_ical_events

    try:
        with open(args.file, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        # Ask for a margin of days on both sides (each event's own zone decides
        # what a bare date means to the library), then cut exactly in UTC.
        if args.x_wr_timezone:
            query = recurring_ical_events.of(cal)
        else:
            query = recurring_ical_events.CalendarQuery(cal)
        occurrences = query.between(
            args.start - timedelta(days=2), args.stop + timedelta(days=3))
    except Exception as e:  # noqa: BLE001 - report, don't crash
        json.dump({"error": f"{type(e).__name__}: {e}"}, sys.stdout)
        sys.stdout.write("\n")
        return 65

    lo = datetime.combine(args.start, time(0), tzinfo=tz).astimezone(timezone.utc)
    hi = datetime.combine(args.stop + timedelta(days=1), time(0), tzinfo=tz).astimezone(timezone.utc)

    out = []
    for comp in occurrences:
        if comp.name != "VEVENT":
            continue
        raw_start = comp.decoded("DTSTART")
        raw_end = end_of(comp, raw_start)
        start, end = to_utc(raw_start, tz), to_utc(raw_end, tz)
        inside = (start < hi and end > lo) if end > start else (lo <= start < hi)
        if not inside:
            continue
        status = comp.get("STATUS")
        out.append({
            "uid": str(comp.get("UID", "")),
            "start": iso(start),
            "end": iso(end),
            "summary": str(comp.get("SUMMARY", "")),
            "status": str(status).upper() if status is not None else None,
            "transp": str(comp.get("TRANSP", "OPAQUE")).upper(),
            "all_day": not isinstance(raw_start, datetime),
        })
    out.sort(key=lambda o: (o["start"], o["end"], o["uid"], o["summary"]))
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
