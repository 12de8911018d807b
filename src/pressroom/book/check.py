"""`publish check`: everything `publish` made under an output folder: each EPUB's EPUBCheck verdict, and the
audio checks (`audio.check`) of each work's narration."""

from __future__ import annotations

from pathlib import Path

from pressroom.audio.check import CheckResult, FileCheck, check_audio, combined, output_folders
from pressroom.audio.master import Preset
from pressroom.epub.check import run_epubcheck

_FAILING = ("FATAL", "ERROR", "WARNING")


def check_epubs(folder: Path) -> CheckResult:
    files = []
    for book in sorted(folder.glob("*.epub")):
        report = run_epubcheck(book)
        files.append(FileCheck(str(book), "epub", tuple(str(m) for m in report.messages if m.severity in _FAILING)))
    return CheckResult(tuple(files))


def check_folder(folder: Path, preset: Preset | None = None, epubs: bool = True) -> CheckResult:
    """One work's folder: its EPUBs (unless `epubs` is false) and its audio."""
    return combined([check_epubs(folder) if epubs else CheckResult(()), check_audio(folder, preset)])


def check_output(path: Path, preset: Preset | None = None, epubs: bool = True) -> CheckResult:
    """A work's folder, or every work's folder under an output tree."""
    return combined([check_folder(folder, preset, epubs) for folder in output_folders(path)])
