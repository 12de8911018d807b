"""The table `publish check` prints (rich), from a check's result: as wide as the terminal (80 columns in a pipe),
a section per work folder, lengths as h:mm:ss; what fails is said in full under the table, so the table
never wraps. Every figure is in `check.json` too."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Protocol, TextIO

from rich.console import Console
from rich.table import Table

from pressroom.audio.file_checks import FileCheck, ParagraphFinding, relative_name
from pressroom.text.wording import counted, hours


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


def print_report(result: Checked, out: TextIO, base: Path) -> None:
    console = Console(file=out, highlight=False)
    table = Table(title="publish check", expand=False, show_edge=False, pad_edge=False)
    table.add_column("file", overflow="fold", ratio=3)
    for column in ("level", "peak", "floor", "length"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)

    def folder_of(check: CheckedFile) -> str:
        return str(Path(relative_name(Path(check.path), base)).parent)

    failures: list[tuple[str, Sequence[str]]] = []
    for folder, checks in groupby(result.files, key=folder_of):
        if folder != ".":
            table.add_section()
            table.add_row(f"[bold]{folder}/[/bold]")
        for check in checks:
            name = Path(check.path).name
            table.add_row(name, *_figures(check), "pass" if check.ok else "[bold]FAIL[/bold]")
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


def _figures(check: CheckedFile) -> list[str]:
    """An audio file's measured figures; a book has none."""
    m = check.measure if isinstance(check, FileCheck) else None
    if m is None:
        return ["", "", "", ""]
    level = f"{m.loudness_lufs:.1f} LUFS" if m.loudness_lufs is not None else f"{m.rms_db:.1f} dB"
    return [level, f"{m.judged_peak_db:.1f} dB", f"{m.noise_floor_db:.0f} dB", hours(m.duration_s)]
