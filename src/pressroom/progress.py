"""Progress bars for long work, drawn on the terminal only (never into a pipe or a log)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@contextmanager
def progress_bar(stream: TextIO, enabled: bool = True, audio: bool = False) -> Iterator[Progress]:
    """A bar with done/total, elapsed and remaining time; with `audio`, also the hours of narration made."""
    console = Console(file=stream)
    columns = [TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn()]
    if audio:
        columns.append(TextColumn("{task.fields[audio]} of audio"))
    progress = Progress(
        *columns,
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )
    with progress:
        yield progress
