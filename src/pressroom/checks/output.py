"""`publish check`: everything `publish` made under an output folder: each EPUB's EPUBCheck verdict, and the
audio checks (`audio.file_checks`) of each work's narration, folder by folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pressroom.audio.file_checks import CheckResult, FileCheck, ParagraphFinding, check_audio, output_folders
from pressroom.audio.master import Preset
from pressroom.epub.epubcheck import run_epubcheck

_FAILING = ("FATAL", "ERROR", "WARNING")


Measuring = Callable[[Path], None]
"""Hears of each file before it is checked (for a progress bar)."""


@dataclass(frozen=True)
class EpubCheck:
    """One EPUB, as EPUBCheck judged it: what it found at the failing severities."""

    path: str
    problems: tuple[str, ...]
    kind: str = "epub"

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "ok": self.ok, "problems": list(self.problems), "measure": None}


@dataclass(frozen=True)
class FolderCheck:
    """One work's folder: its books, and its audio."""

    epubs: tuple[EpubCheck, ...]
    audio: CheckResult

    @property
    def files(self) -> tuple[EpubCheck | FileCheck, ...]:
        return (*self.epubs, *self.audio.files)

    @property
    def paragraphs(self) -> tuple[ParagraphFinding, ...]:
        return self.audio.paragraphs

    @property
    def markers(self) -> tuple[str, ...]:
        return self.audio.markers


@dataclass(frozen=True)
class OutputCheck:
    """Every work folder checked; `check.json` lists each folder's books, then its audio files."""

    folders: tuple[FolderCheck, ...]

    @property
    def files(self) -> tuple[EpubCheck | FileCheck, ...]:
        return tuple(file for folder in self.folders for file in folder.files)

    @property
    def paragraphs(self) -> tuple[ParagraphFinding, ...]:
        return tuple(finding for folder in self.folders for finding in folder.paragraphs)

    @property
    def markers(self) -> tuple[str, ...]:
        return tuple(problem for folder in self.folders for problem in folder.markers)

    @property
    def ok(self) -> bool:
        return all(file.ok for file in self.files) and not self.paragraphs and not self.markers

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [file.as_dict() for file in self.files],
            "paragraphs": [asdict(finding) for finding in self.paragraphs],
            "markers": list(self.markers),
        }


def check_epubs(folder: Path, measuring: Measuring | None = None) -> tuple[EpubCheck, ...]:
    checks = []
    for book in sorted(folder.glob("*.epub")):
        if measuring is not None:
            measuring(book)
        report = run_epubcheck(book)
        checks.append(EpubCheck(str(book), tuple(str(m) for m in report.messages if m.severity in _FAILING)))
    return tuple(checks)


def check_folder(
    folder: Path, preset: Preset | None = None, epubs: bool = True, measuring: Measuring | None = None
) -> FolderCheck:
    """One work's folder: its EPUBs (unless `epubs` is false) and its audio."""
    books = check_epubs(folder, measuring) if epubs else ()
    return FolderCheck(books, check_audio(folder, preset, measuring))


def check_output(
    path: Path, preset: Preset | None = None, epubs: bool = True, measuring: Measuring | None = None
) -> OutputCheck:
    """A work's folder, or every work's folder under an output tree."""
    return OutputCheck(tuple(check_folder(folder, preset, epubs, measuring) for folder in output_folders(path)))
