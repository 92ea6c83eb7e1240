#!/usr/bin/env python3
"""Ctrl-C on Windows, under Wine: starts the plain journey in a
pseudo-terminal (Wine turns the ^C it reads there into a console control
event), answers the first question, presses Ctrl-C at the second, and
checks the exit code (130) and that the answer was kept.

Usage: ctrl_c.py WINE EXE PROGRESS-FILE
"""

import os
import pty
import re
import select
import sys
import time

wine, exe, progress = sys.argv[1:4]


BUFFER = b""


def plain(raw):
    """The text without Wine's console redraws (escape sequences, line wraps)."""
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|[\r\n]", b"", raw)


def read_until(fd, text, timeout=60):
    """Waits for `text` after what was already matched, and drops what precedes it."""
    global BUFFER
    end = time.time() + timeout
    while time.time() < end:
        found = plain(BUFFER).find(text.encode())
        if found >= 0:
            BUFFER = plain(BUFFER)[found + len(text.encode()):]
            return
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                BUFFER += os.read(fd, 65536)
            except OSError:
                break
    sys.exit(f"did not see {text!r} under Wine; last output: {BUFFER[-300:]!r}")


def press(fd, keys):
    """Types `keys` once the program waits for them: Wine's console drops
    what is typed before the program reads it."""
    time.sleep(1.5)
    os.write(fd, keys)


pid, fd = pty.fork()
if pid == 0:
    os.environ.update(ONBOARD_PROGRESS=progress, TERM="dumb")
    os.execv(wine, [wine, exe, "--plain"])
read_until(fd, "pour commencer")
press(fd, b"\r")
read_until(fd, "pour passer aux questions")
press(fd, b"\r")
read_until(fd, "Ta réponse")
press(fd, b"1\r")
read_until(fd, "séparés par des virgules")
press(fd, b"\x03")
read_until(fd, "interrompu")
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
kept = open(progress, encoding="utf-8").read()
assert code == 130, f"exit code {code}, not 130"
assert "answers = [" in kept and "[steps." in kept, kept
print("   Ctrl-C: exit 130, the first answer kept")
