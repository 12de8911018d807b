"""Every outside program Pressroom starts (ffmpeg, Java for EPUBCheck) goes through here, so that each failure
is reported alike: which program, on what, with its own last words; and an exit status is never ignored."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pressroom.errors import PressroomError

DISK_FULL_HINT = (
    "free some space on that disk, or give another output folder with -o, then run the same command "
    "again: what was finished, and the narration in the cache, is kept"
)


@dataclass(frozen=True)
class Finished:
    """What a program that ran to its end left: its exit status and what it printed."""

    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def log(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def run_program(
    command: Sequence[str],
    *,
    program: str,
    subject: str,
    stdin: bytes | None = None,
    accept: Sequence[int] = (0,),
) -> Finished:
    """Run `command` to its end. An exit status outside `accept` is a `PressroomError` that names the program,
    what it was working on (`subject`) and the last lines it printed."""
    try:
        done = subprocess.run(list(command), input=stdin, capture_output=True, check=False, start_new_session=True)
    except FileNotFoundError:
        raise missing_program(program, command[0]) from None
    finished = Finished(done.returncode, done.stdout, done.stderr)
    if done.returncode not in accept:
        raise program_failed(program, subject, done.returncode, finished.log)
    return finished


def start_program(
    command: Sequence[str],
    *,
    program: str,
    stdin: int | None = None,
    stdout: int | None = None,
    stderr: int | IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a program whose input or output is streamed; the caller waits for it and checks its status with
    `program_failed`."""
    try:
        # In a session of their own: a terminal's Ctrl-C reaches Pressroom, which stops them and says it was
        # interrupted, not that ffmpeg failed (it exits 255 on SIGINT).
        return subprocess.Popen(list(command), stdin=stdin, stdout=stdout, stderr=stderr, start_new_session=True)
    except FileNotFoundError:
        raise missing_program(program, command[0]) from None


def program_failed(program: str, subject: str, returncode: int, log: str) -> PressroomError:
    """The one way a failed program is reported: `ffmpeg could not write X: <its complaint>`, with what to do
    when the complaint says (a full disk)."""
    detail = last_words(log)
    if not detail and returncode < 0:
        detail = f"it was stopped by signal {-returncode}"
    detail = detail or f"it exited with status {returncode}"
    return PressroomError(f"{program} could not {subject}: {detail}", hint=hint_for(detail))


def missing_program(program: str, executable: str) -> PressroomError:
    return PressroomError(
        f"{program} is needed and {executable} cannot be started",
        hint="install it (see the README's quick start), or check that it is on the PATH",
    )


def last_words(log: str) -> str:
    """A program's last few distinct complaints, without ffmpeg's `[muxer @ 0x55...]` prefixes, on one line."""
    lines = [re.sub(r"^\[[^\]]*@ 0x[0-9a-f]+\]\s*", "", line).strip() for line in log.splitlines()]
    distinct = list(dict.fromkeys(line for line in lines if line))
    return "; ".join(distinct[-3:])[-400:]


def hint_for(detail: str) -> str:
    """What to do about a failure, when its message says."""
    if "No space left" in detail or "File too large" in detail or f"signal {signal.SIGXFSZ}" in detail:
        return DISK_FULL_HINT
    return ""


def shown_name(path: Path) -> Path:
    """The name the user will see for a file being written under a temporary name (`.name.part`)."""
    if path.name.startswith(".") and path.name.endswith(".part"):
        return path.with_name(path.name[1:-5])
    return path
