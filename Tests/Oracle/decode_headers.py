#!/usr/bin/env python3
"""Decodes mail headers with Python's own `email` package (policy=default), not Tandem's code.

Usage: decode_headers.py MESSAGE...
Prints JSON: one object per message, in order: "subject" (decoded), "to_name" and "to_address",
"from_name" and "from_address", "defects" (what the parser objected to, per header).
"""
import email
import email.policy
import json
import sys


def main():
    out = []
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        item = {"subject": str(msg["Subject"]), "defects": []}
        for name in ("To", "From"):
            header = msg[name]
            address = header.addresses[0]
            item[name.lower() + "_name"] = address.display_name
            item[name.lower() + "_address"] = address.addr_spec
        for name in ("Subject", "To", "From"):
            item["defects"] += [f"{name}: {type(d).__name__}" for d in msg[name].defects]
        item["defects"] += [type(d).__name__ for d in msg.defects]
        out.append(item)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
