"""The one exception family for failures a user can cause, and warnings as plain data."""

from __future__ import annotations

from dataclasses import dataclass


class PressroomError(Exception):
    """A failure the user can act on. The CLI prints it on one line and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, hint: str = "") -> None:
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(PressroomError):
    """An input file or folder that cannot be read as a document, a work or a corpus."""

    exit_code = 2


class UsageError(PressroomError):
    """Arguments that do not make sense together, or name something that is not there."""

    exit_code = 64


class ServiceUnreachableError(PressroomError):
    """An engine's online service cannot be reached at all (no network, no DNS): no paragraph can succeed, so
    the run stops at once rather than trying every paragraph in turn."""


class InterruptedRun(PressroomError):  # noqa: N818 (not a failure: the user asked for it)
    """The user stopped the run (Ctrl-C); the message says what was finished."""

    exit_code = 130


@dataclass(frozen=True)
class Notice:
    """Something the user should know that did not stop the run (a file read as cp1252, say)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
