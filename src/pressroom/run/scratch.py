"""The run's own scratch folder (where the workers of this machine narrate whole works), and what a run killed
outright left of its own: removed by the next run, once the process that made it is gone."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "pressroom-run-"
OWNER = "owner.pid"


@contextmanager
def run_scratch(root: Path | None = None) -> Iterator[str]:
    """A folder for this run, removed however the run ends short of a SIGKILL; the folders of killed runs
    (their owner no longer running) are removed first."""
    base = root or Path(tempfile.gettempdir())
    remove_abandoned(base)
    with tempfile.TemporaryDirectory(prefix=PREFIX, dir=base, ignore_cleanup_errors=True) as scratch:
        (Path(scratch) / OWNER).write_text(str(os.getpid()), encoding="ascii")
        yield scratch


def remove_abandoned(base: Path) -> int:
    """Remove the scratch folders whose run is gone (killed outright, say); one whose owner is running, or
    that says no owner, is left alone. How many were removed."""
    removed = 0
    for folder in base.glob(f"{PREFIX}*"):
        try:
            owner = int((folder / OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if not _running(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
