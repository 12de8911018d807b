"""The table `publish check` prints (rich), from a check's result: as wide as the terminal (80 columns in a pipe),
a table per work folder, lengths as h:mm:ss; names break between words, and what fails is said in full under
the tables, so no figure wraps. Every figure is in `check.json` too."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Protocol, TextIO

from rich.console import Console
from rich.table import Table

from pressroom.audio.file_checks import FileCheck, ParagraphFinding, relative_name
from pressroom.text.wording import counted, hours, name_lines


class CheckedFile(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def problems(self) -> tuple[str, ...]: ...


class Checked(Protocol):
    """What a check found: the audio checks' result, or publish check's over books and audio."""

    @property
    def files(self) -> Sequence[CheckedFile]: ...
    @property
    def paragraphs(self) -> Sequence[ParagraphFinding]: ...
    @property
    def markers(self) -> Sequence[str]: ...


_FIGURE_COLUMNS = ("level", "peak", "floor", "length", "verdict")
_NARROWEST_NAME = 16


def print_report(result: Checked, out: TextIO, base: Path) -> None:
    console = Console(file=out, highlight=False)
    rows = [
        (_folder_of(check, base), check, [*_figures(check), "pass" if check.ok else "FAIL"]) for check in result.files
    ]
    figure_widths = [
        max([len(name), *(len(figures[i]) for _, _, figures in rows)]) for i, name in enumerate(_FIGURE_COLUMNS)
    ]
    # Every folder's table has the same columns, so the figures line up down the whole report; the name column
    # takes what the figures leave (" │ " between columns), and a name breaks only between its words.
    name_width = max(_NARROWEST_NAME, console.width - sum(figure_widths) - 3 * len(figure_widths))
    longest_name = max((len(Path(check.path).name) for _, check, _ in rows), default=len("file"))
    name_width = min(name_width, max(longest_name, len("file")))
    failures: list[tuple[str, Sequence[str]]] = []
    for folder, group in groupby(rows, key=lambda row: row[0]):
        table = Table(
            title=None if folder == "." else f"[bold]{folder}/[/bold]",
            title_justify="left",
            expand=False,
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("file", width=name_width, no_wrap=True)
        for column, width in zip(_FIGURE_COLUMNS, figure_widths, strict=True):
            table.add_column(column, justify="left" if column == "verdict" else "right", width=width, no_wrap=True)
        for _, check, figures in group:
            verdict = "pass" if check.ok else "[bold]FAIL[/bold]"
            table.add_row("\n".join(name_lines(Path(check.path).name, name_width)), *figures[:-1], verdict)
            if not check.ok:
                failures.append((relative_name(Path(check.path), base), check.problems))
        console.print(table)
    for name, problems in failures:
        console.print(f"FAIL {name}: {'; '.join(problems)}")
    for finding in result.paragraphs:
        console.print(f"suspicious paragraph in {finding.file} at {hours(finding.start_ms / 1000)}: "
                      f"{finding.reason}: “{finding.text}”")  # fmt: skip
    for problem in result.markers:
        console.print(f"chapter markers: {problem}")
    failed = len(failures)
    console.print(
        f"{counted(len(result.files), 'file')} checked: {len(result.files) - failed} pass, {failed} fail; "
        f"{counted(len(result.paragraphs), 'suspicious paragraph')}; {counted(len(result.markers), 'marker problem')}"
    )


def _folder_of(check: CheckedFile, base: Path) -> str:
    return str(Path(relative_name(Path(check.path), base)).parent)


def _figures(check: CheckedFile) -> list[str]:
    """An audio file's measured figures; a book has none."""
    m = check.measure if isinstance(check, FileCheck) else None
    if m is None:
        return ["", "", "", ""]
    level = f"{m.loudness_lufs:.1f} LUFS" if m.loudness_lufs is not None else f"{m.rms_db:.1f} dB"
    return [level, f"{m.judged_peak_db:.1f} dB", f"{m.noise_floor_db:.0f} dB", hours(m.duration_s)]
