"""The `publish` program's entry point, kept apart from the CLI so that it loads nothing: Ctrl-C while Python is
still loading Pressroom (a second or so) stops it with one line, as it does once a command runs, not a
traceback."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130
"""What a shell reports for a program stopped by Ctrl-C: 128 + SIGINT."""


def run() -> None:
    try:
        from pressroom.cli import main

        status = main()
    except KeyboardInterrupt:
        print("publish: interrupted before it began; nothing was written", file=sys.stderr)
        status = EXIT_INTERRUPTED
    sys.exit(status)
