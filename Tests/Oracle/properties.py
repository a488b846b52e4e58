#!/usr/bin/env python3
"""The decoded text of chosen properties, as Python's icalendar reads them.

Usage: properties.py FILE [FILE...]

Prints one JSON object: {PATH: {"calendar": {NAME: [value, ...]},
                                "events": [{NAME: [value, ...]}, ...]}}
with every property of the VCALENDAR and of each VEVENT (not of VALARM or
VTIMEZONE), values as icalendar unescapes them (TEXT: `\\,` -> `,`, ...),
parameters as {"value": ..., "params": {...}} for ORGANIZER and ATTENDEE.
icalendar keeps X- properties raw (vUnknown); those are decoded as TEXT with
icalendar's vText, as RFC 5545 3.3.11 says. "vobject_calname" is X-WR-CALNAME
as vobject (Radicale's parser) reads it.
Exit status 0 when every file parsed; 65 with {"error": ...} otherwise.
"""
from __future__ import annotations

import json
import sys

import icalendar
import vobject


def text(value, name=""):
    if name.startswith("X-") and hasattr(value, "to_ical"):
        # icalendar's own TEXT reading: the raw value parsed as a DESCRIPTION.
        raw = value.to_ical()
        raw = raw.decode() if isinstance(raw, bytes) else raw
        event = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\nDESCRIPTION:{raw}\r\nEND:VEVENT\r\n")
        return str(event["DESCRIPTION"])
    if isinstance(value, (icalendar.vText, str)):
        return str(value)
    if hasattr(value, "to_ical"):
        raw = value.to_ical()
        return raw.decode() if isinstance(raw, bytes) else str(raw)
    return str(value)


def props(component):
    out: dict[str, list] = {}
    for name, value in component.property_items(recursive=False):
        if name in ("BEGIN", "END"):
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if name in ("ORGANIZER", "ATTENDEE"):
                entry = {"value": str(v), "params": {k: str(p) for k, p in v.params.items()}}
            else:
                entry = text(v, name)
            out.setdefault(name, []).append(entry)
    return out


def main(paths):
    result = {}
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
            cal = icalendar.Calendar.from_ical(data)
            vcal = vobject.readOne(data.decode("utf-8"))
        except Exception as e:  # noqa: BLE001 - reported to the test
            print(json.dumps({"error": f"{path}: {e}"}))
            return 65
        result[path] = {
            "calendar": props(cal),
            "events": [props(e) for e in cal.walk("VEVENT")],
            "vobject_calname": vcal.x_wr_calname.value if hasattr(vcal, "x_wr_calname") else None,
        }
    print(json.dumps(result, ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
