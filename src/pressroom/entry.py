"""The `publish` program's entry point, kept apart from the CLI so that it loads nothing: Ctrl-C while Python is
still loading Pressroom (a second or so) stops it with one line, as it does once a command runs, not a
traceback."""

from __future__ import annotations

import signal
import sys
from types import FrameType

EXIT_INTERRUPTED = 130
"""What a shell reports for a program stopped by Ctrl-C: 128 + SIGINT."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run() -> None:
    # A polite kill (SIGTERM: `kill`, systemd, a batch system's time limit) stops a run as Ctrl-C does: what is
    # finished is kept, nothing half-written is left, the run's scratch folders are removed.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        from pressroom.cli import main

        status = main()
    except KeyboardInterrupt:
        print("publish: interrupted before it began; nothing was written", file=sys.stderr)
        status = EXIT_INTERRUPTED
    sys.exit(status)
