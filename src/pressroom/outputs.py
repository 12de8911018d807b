"""Writing results: every file appears complete under its final name, or not at all.

`Staging` is the one mechanism: it hands out a temporary name beside each final one, and on `commit` flushes
every staged file to disk and renames them all; on failure it removes them. `atomic_output` stages one file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from pressroom.errors import PressroomError

PART_SUFFIX = ".part"


class Staging:
    """Files written under temporary names (`.NAME.part`) beside their final names, renamed together once all
    are complete. Used as a context manager, it removes its temporaries if the block fails before `commit`."""

    def __init__(self, hint: str = "") -> None:
        self.hint = hint
        self._staged: list[tuple[Path, Path]] = []

    def path(self, final: Path, unique: bool = False) -> Path:
        """A temporary path to write `final` through. `unique` makes a name no other process can be using (for
        folders that several runs share, such as the clip cache); the file then already exists, empty."""
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            if unique:
                handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=PART_SUFFIX, dir=final.parent)
                os.close(handle)
                temporary = Path(name)
            else:
                temporary = final.with_name(f".{final.name}{PART_SUFFIX}")
        except OSError as error:
            raise write_error(final, error, self.hint) from error
        self._staged.append((temporary, final))
        return temporary

    @property
    def temporaries(self) -> list[Path]:
        return [temporary for temporary, _ in self._staged]

    def commit(self) -> list[Path]:
        """Flush every staged file to disk, then rename each to its final name, in the order staged."""
        for temporary, final in self._staged:
            try:
                _flush_to_disk(temporary)
            except OSError as error:
                self.abort()
                raise write_error(final, error, self.hint) from error
        finals = []
        for temporary, final in self._staged:
            try:
                temporary.chmod(0o644)
                temporary.replace(final)
            except OSError as error:
                self.abort()
                raise write_error(final, error, self.hint) from error
            finals.append(final)
        self._staged.clear()
        return finals

    def abort(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()


def _flush_to_disk(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def atomic_write_bytes(target: Path, data: bytes, hint: str = "") -> None:
    """Write to a temporary file beside `target`, flush it to disk, then rename it into place."""
    with atomic_output(target, hint) as stream:
        stream.write(data)


@contextmanager
def atomic_output(target: Path, hint: str = "") -> Iterator[IO[bytes]]:
    """A stream to write `target` through: it appears under its name, complete, only if the block succeeds."""
    with Staging(hint) as staging:
        temporary = staging.path(target, unique=True)
        try:
            with temporary.open("wb") as stream:
                yield stream
        except OSError as error:
            raise write_error(target, error, hint) from error
        staging.commit()


def write_error(target: Path, error: OSError, hint: str) -> PressroomError:
    return PressroomError(
        f"cannot write {target}: {error.strerror or error}",
        hint=hint or "check that the output folder is writable and the disk has room",
    )


def writable_folder(folder: Path, what: str, hint: str) -> None:
    """`folder` made if need be, and a file written and removed in it: a folder that cannot be written is one
    line naming it, said before any work (not once a paragraph, as each write fails in turn). The folders made
    for the trial are removed again: a run that stops before writing leaves nothing behind."""
    made = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".pressroom-", suffix=PART_SUFFIX, dir=folder)
        os.close(handle)
        Path(name).unlink()
    except OSError as error:
        raise PressroomError(f"{what} {folder} cannot be written: {error.strerror or error}", hint=hint) from None
    finally:
        for created in made:
            with contextlib.suppress(OSError):
                created.rmdir()


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files a killed run left in a work's output folder (nothing else writes `.part`
    files there); returns how many."""
    removed = 0
    for leftover in folder.glob(f".*{PART_SUFFIX}"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
