"""Progress bars for long work, drawn on the terminal only; into a pipe or a log, narration says a line as each
stage of a work begins (a file written, the M4B, the checks) instead, so a long run is never silent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from pressroom.audio.supply import Progress as NarrationProgress
from pressroom.audio.supply import ProgressCallback
from pressroom.text.wording import hours, shortened

_WIDE = 110
"""Columns enough for every part of a bar; narrower, the bar itself and the elapsed time give way, so what says
where the work stands (done/total, time left, the stage) is never cut."""
_LABEL = 28


class _Label(ProgressColumn):
    """The task's description (a work, a file), shortened between words to fit, never cut inside one."""

    def __init__(self, width: int) -> None:
        super().__init__(table_column=Column(width=width, no_wrap=True))
        self._width = width

    def render(self, task: Task) -> Text:
        return Text(shortened(task.description, self._width))


def _bars(stream: TextIO, enabled: bool, *extra: ProgressColumn) -> Progress:
    console = Console(file=stream)
    wide = console.width >= _WIDE
    label = _Label(_LABEL if wide else 18)
    figures = [MofNCompleteColumn(table_column=Column(no_wrap=True)), *extra]
    remaining = TimeRemainingColumn(table_column=Column(no_wrap=True))
    columns = (
        [label, BarColumn(bar_width=24), *figures, TimeElapsedColumn(table_column=Column(no_wrap=True)), remaining]
        if wide
        else [label, *figures, remaining]
    )
    return Progress(
        *columns,
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )


@contextmanager
def progress_bar(stream: TextIO, enabled: bool = True) -> Iterator[Progress]:
    """A bar with done/total, elapsed and remaining time."""
    with _bars(stream, enabled) as progress:
        yield progress


class NarrationBars:
    """One bar for the work being narrated (paragraphs done, speech made, what is being done now) and, when a
    run has several works, one over the works."""

    def __init__(self, progress: Progress, works: int, lines: TextIO | None = None) -> None:
        self._progress = progress
        self._lines = lines
        """Where a line per stage goes when there are no bars (a pipe, a log); None to say nothing."""
        self._works: TaskID | None = None
        if works > 1:
            self._works = progress.add_task("all works", total=works, speech="", stage="")
        self._work: TaskID | None = None

    def follow(self, label: str) -> ProgressCallback:
        if self._work is not None:
            self._progress.remove_task(self._work)
        task = self._work = self._progress.add_task(label, total=None, speech="", stage="")
        said = [""]

        def report(state: NarrationProgress) -> None:
            if self._lines is not None and state.stage != said[0]:
                said[0] = state.stage
                print(f"{label}: {state.stage} ({state.done} of {state.total} paragraphs, "
                      f"{hours(state.audio_seconds)} of speech)", file=self._lines, flush=True)  # fmt: skip
            self._progress.update(
                task,
                completed=state.done,
                total=state.total,
                speech=f"{hours(state.audio_seconds)} of speech",
                stage=state.stage,
            )

        return report

    def say(self, text: str, out: TextIO) -> None:
        """A line for `out`; above the bars when both are on the terminal, so neither garbles the other."""
        if not self._progress.disable and out.isatty():
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=out, flush=True)  # a log followed with `tail -f` sees each line as it is said

    def work_done(self) -> None:
        if self._works is not None:
            self._progress.advance(self._works)


@contextmanager
def narration_bars(stream: TextIO, works: int, enabled: bool = True) -> Iterator[NarrationBars]:
    speech = TextColumn("{task.fields[speech]}", justify="right", table_column=Column(no_wrap=True))
    stage = TextColumn("{task.fields[stage]}", table_column=Column(no_wrap=True))
    with _bars(stream, enabled, speech, stage) as progress:
        yield NarrationBars(progress, works, stream if enabled and progress.disable else None)
