"""Writing results: every file appears complete under its final name, or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pressroom.errors import PressroomError


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write to a temporary file beside `target`, flush it to disk, then rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            Path(temporary).chmod(0o644)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise PressroomError(
            f"cannot write {target}: {error.strerror or error}",
            hint="check that the output folder is writable and the disk has room",
        ) from error
