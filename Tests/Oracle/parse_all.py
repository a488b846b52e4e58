#!/usr/bin/env python3
"""Independent parse check of iCalendar files, for Tandem's tests.

Usage: parse_all.py FILE [FILE...]

Parses each file with three independent libraries (icalendar, ical, vobject)
and also scans its raw content lines. Prints one JSON object:

{"files": {PATH: {
    "icalendar": null | "error text",      # Calendar.from_ical + component .errors
    "ical": null | "error text",           # ical IcsCalendarStream.calendar_from_ics
    "vobject": null | "error text",        # vobject.readComponents (+ dtstart/rrule)
    "events": N,                           # VEVENT components
    "components": {"VEVENT": N, ...},
    "tzids_used": [...],                   # every TZID= parameter value, sorted, unique
    "vtimezones": {TZID: {"standard": n, "daylight": n}},
    "tzids_undefined": [...],              # used but without a VTIMEZONE in the file
    "attendee_lines": N,                   # ATTENDEE properties (anywhere)
    "property_counts": {"VEVENT/ATTENDEE": N, "VCALENDAR/METHOD": N, ...},
    "unknown_properties": [...],           # names neither RFC 5545/7986/9074 nor X-
    "bad_lines": [...],                    # unfolded lines that are not NAME[;params]:value
    "injected": bool,                      # unknown_properties or bad_lines or unbalanced BEGIN/END
    "line_endings": {"crlf": n, "lf": n, "cr": n},
    "long_lines": N                        # physical lines over 75 octets (excluding CRLF)
}}}

Exit status is 0 whenever the check ran; problems are reported in the JSON.
It is non-zero only for usage errors. A file that cannot be read is reported
with "read_error".
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter

KNOWN = {
    # RFC 5545
    "BEGIN", "END", "CALSCALE", "METHOD", "PRODID", "VERSION", "ATTACH",
    "CATEGORIES", "CLASS", "COMMENT", "DESCRIPTION", "GEO", "LOCATION",
    "PERCENT-COMPLETE", "PRIORITY", "RESOURCES", "STATUS", "SUMMARY",
    "COMPLETED", "DTEND", "DUE", "DTSTART", "DURATION", "FREEBUSY", "TRANSP",
    "TZID", "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "TZURL", "ATTENDEE",
    "CONTACT", "ORGANIZER", "RECURRENCE-ID", "RELATED-TO", "URL", "UID",
    "EXDATE", "RDATE", "RRULE", "ACTION", "REPEAT", "TRIGGER", "CREATED",
    "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "REQUEST-STATUS",
    "EXRULE",  # RFC 2445, deprecated but still seen
    # RFC 7986
    "NAME", "REFRESH-INTERVAL", "SOURCE", "COLOR", "IMAGE", "CONFERENCE",
    # RFC 9074 (VALARM extensions)
    "ACKNOWLEDGED", "PROXIMITY",
}

LINE_RE = re.compile(r'^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
                     r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$', re.S)
TZID_RE = re.compile(r';TZID=("[^"]*"|[^;:]*)', re.I)


def unfold(data: bytes) -> tuple[list[str], dict, int]:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    cr = data.count(b"\r") - crlf
    physical = re.split(rb"\r\n|\n|\r", data)
    long_lines = sum(1 for p in physical if len(p) > 75)
    text = data.decode("utf-8", errors="replace")
    text = re.sub(r"\r\n[ \t]|\n[ \t]|\r[ \t]", "", text)
    lines = [ln for ln in re.split(r"\r\n|\n|\r", text) if ln != ""]
    return lines, {"crlf": crlf, "lf": lf, "cr": cr}, long_lines


def raw_scan(lines: list[str]) -> dict:
    stack: list[str] = []
    props: Counter = Counter()
    comps: Counter = Counter()
    tzids: set[str] = set()
    unknown: set[str] = set()
    bad: list[str] = []
    vtz: dict[str, dict] = {}
    cur_tz: dict | None = None
    balanced = True
    for ln in lines:
        m = LINE_RE.match(ln)
        if not m:
            bad.append(ln[:120])
            continue
        name, params, value = m.group(1).upper(), m.group(2), m.group(3)
        for t in TZID_RE.findall(params):
            tzids.add(t.strip('"'))
        if name == "BEGIN":
            comp = value.strip().upper()
            stack.append(comp)
            comps[comp] += 1
            if comp == "VTIMEZONE":
                cur_tz = {"tzid": None, "standard": 0, "daylight": 0}
            elif comp in ("STANDARD", "DAYLIGHT") and cur_tz is not None:
                cur_tz[comp.lower()] += 1
            continue
        if name == "END":
            comp = value.strip().upper()
            if not stack or stack[-1] != comp:
                balanced = False
            else:
                stack.pop()
            if comp == "VTIMEZONE" and cur_tz is not None:
                vtz[cur_tz["tzid"] or ""] = {"standard": cur_tz["standard"],
                                             "daylight": cur_tz["daylight"]}
                cur_tz = None
            continue
        where = stack[-1] if stack else "(none)"
        props[f"{where}/{name}"] += 1
        if name == "TZID" and where == "VTIMEZONE" and cur_tz is not None:
            cur_tz["tzid"] = value.strip()
        if name not in KNOWN and not name.startswith("X-"):
            unknown.add(name)
    if stack:
        balanced = False
    return {
        "events": comps.get("VEVENT", 0),
        "components": dict(sorted(comps.items())),
        "tzids_used": sorted(tzids),
        "vtimezones": dict(sorted(vtz.items())),
        "tzids_undefined": sorted(t for t in tzids if t not in vtz),
        "attendee_lines": sum(n for k, n in props.items() if k.endswith("/ATTENDEE")),
        "property_counts": dict(sorted(props.items())),
        "unknown_properties": sorted(unknown),
        "bad_lines": bad,
        "balanced": balanced,
    }


def err(e: BaseException) -> str:
    detail = getattr(e, "detailed_error", None)  # ical's CalendarParseError
    text = f"{type(e).__name__}: {e}" + (f" ({detail})" if detail else "")
    return text[:500]


def check_icalendar(data: bytes):
    try:
        import icalendar
        cals = icalendar.Calendar.from_ical(data, multiple=True)
        if not cals:
            return "no VCALENDAR"
        problems = []
        for cal in cals:
            for comp in cal.walk():
                # icalendar is lenient: lines it could not parse land here.
                problems += [f"{comp.name}: {msg}" for _, msg in comp.errors]
            for comp in cal.walk("VEVENT"):
                comp.decoded("DTSTART")
                if "RRULE" in comp:
                    comp.get("RRULE").to_ical()
        return "; ".join(problems)[:500] if problems else None
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        return err(e)


def check_ical(text: str):
    try:
        from ical.calendar_stream import IcsCalendarStream
        IcsCalendarStream.calendar_from_ics(text)
        return None
    except Exception as e:  # noqa: BLE001
        return err(e)


def check_vobject(text: str):
    try:
        import vobject
        n = 0
        for cal in vobject.readComponents(text):
            n += 1
            for ev in getattr(cal, "vevent_list", []):
                ev.dtstart.value  # noqa: B018 - forces date/zone conversion
                if hasattr(ev, "rrule") or hasattr(ev, "rdate"):
                    ev.getrruleset(addRDate=True)
        return None if n else "no component"
    except Exception as e:  # noqa: BLE001
        return err(e)


def check_file(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return {"read_error": err(e)}
    lines, endings, long_lines = unfold(data)
    text = data.decode("utf-8", errors="replace")
    res: dict = {
        "icalendar": check_icalendar(data),
        "ical": check_ical(text),
        "vobject": check_vobject(text),
    }
    scan = raw_scan(lines)
    balanced = scan.pop("balanced")
    res.update(scan)
    res["injected"] = bool(scan["unknown_properties"] or scan["bad_lines"] or not balanced)
    res["line_endings"] = endings
    res["long_lines"] = long_lines
    return res


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 64
    out = {"files": {p: check_file(p) for p in argv}}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
