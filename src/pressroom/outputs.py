"""Writing results: every file appears complete under its final name, or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pressroom.errors import PressroomError


def atomic_write_bytes(target: Path, data: bytes, hint: str = "") -> None:
    """Write to a temporary file beside `target`, flush it to disk, then rename it into place."""
    with atomic_output(target, hint) as stream:
        stream.write(data)


@contextmanager
def atomic_output(target: Path, hint: str = "") -> Iterator[IO[bytes]]:
    """A stream to write `target` through: it appears under its name, complete, only if the block succeeds."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise _write_error(target, error, hint) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _write_error(target, error, hint) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_error(target: Path, error: OSError, hint: str) -> PressroomError:
    return PressroomError(
        f"cannot write {target}: {error.strerror or error}",
        hint=hint or "check that the output folder is writable and the disk has room",
    )


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files a killed run left in a work's output folder (nothing else writes `.part`
    files there); returns how many."""
    removed = 0
    for leftover in folder.glob(".*.part"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
