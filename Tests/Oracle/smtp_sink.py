#!/usr/bin/env python3
"""A local SMTP sink for Tandem's sendmail tests: aiosmtpd on 127.0.0.1, every message into a maildir.

Usage: smtp_sink.py MAILDIR
Prints the port it listens on as one line on standard output, then serves until SIGTERM or SIGINT.
Messages are stored as received (aiosmtpd's Mailbox handler adds X-Peer, X-MailFrom and X-RcptTo).
"""
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    controller = Controller(Mailbox(sys.argv[1]), hostname="127.0.0.1", port=free_port())
    controller.start()
    print(controller.port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    # Wait in short steps: a bare Event.wait() is not woken by the signal handler on every Python.
    while not done.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
