"""`publish check`: everything `publish` made under an output folder: each EPUB's EPUBCheck verdict, and the
audio checks (`audio.check`) of each work's narration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pressroom.audio.check import CheckResult, FileCheck, check_audio, combined, output_folders
from pressroom.audio.master import Preset
from pressroom.epub.check import run_epubcheck

_FAILING = ("FATAL", "ERROR", "WARNING")


Measuring = Callable[[Path], None]
"""Hears of each file before it is checked (for a progress bar)."""


def check_epubs(folder: Path, measuring: Measuring | None = None) -> CheckResult:
    files = []
    for book in sorted(folder.glob("*.epub")):
        if measuring is not None:
            measuring(book)
        report = run_epubcheck(book)
        files.append(FileCheck(str(book), "epub", tuple(str(m) for m in report.messages if m.severity in _FAILING)))
    return CheckResult(tuple(files))


def check_folder(
    folder: Path, preset: Preset | None = None, epubs: bool = True, measuring: Measuring | None = None
) -> CheckResult:
    """One work's folder: its EPUBs (unless `epubs` is false) and its audio."""
    books = check_epubs(folder, measuring) if epubs else CheckResult(())
    return combined([books, check_audio(folder, preset, measuring)])


def check_output(
    path: Path, preset: Preset | None = None, epubs: bool = True, measuring: Measuring | None = None
) -> CheckResult:
    """A work's folder, or every work's folder under an output tree."""
    return combined([check_folder(folder, preset, epubs, measuring) for folder in output_folders(path)])
