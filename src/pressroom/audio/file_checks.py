"""The audio checks: what `publish audio` made in a work's folder, judged as a platform would judge it.

`publish audio` runs them on every folder it makes; `publish check` adds EPUBCheck's verdicts (checks.output).
For each audio file, its measured levels and format against the preset it was mastered to. For each chapter,
paragraphs whose narration runs far shorter or longer than their words predict (a cut-off, or a stuck
engine). And the chapter markers of the MP3s and the M4B against the plan
written beside them in `narration.json`.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mutagen.id3 import ID3, ID3NoHeaderError
from mutagen.mp4 import MP4

from pressroom.audio.master import PRESETS, Preset
from pressroom.audio.measure import AudioMeasure, judge, measure_audio
from pressroom.errors import InputError, PressroomError
from pressroom.layout import NARRATION_NAME, REPORT_NAME, WorkFolder, save_report, work_folders
from pressroom.records.check import CheckRecord
from pressroom.records.narration import NarrationRecord
from pressroom.run.cores import usable_cores

SHORT_RATIO = 0.4
LONG_RATIO = 2.5
MIN_WORDS = 4


@dataclass(frozen=True)
class FileCheck:
    path: str
    kind: str
    """mp3 or m4b."""
    problems: tuple[str, ...]
    measure: AudioMeasure | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "ok": self.ok,
            "problems": list(self.problems),
            "measure": self.measure.as_dict() if self.measure else None,
        }


@dataclass(frozen=True)
class ParagraphFinding:
    file: str
    start_ms: int
    length_ms: int
    words: int
    reason: str
    text: str


@dataclass(frozen=True)
class CheckResult:
    files: tuple[FileCheck, ...]
    paragraphs: tuple[ParagraphFinding, ...] = ()
    markers: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files) and not self.paragraphs and not self.markers

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [f.as_dict() for f in self.files],
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "markers": list(self.markers),
        }


def output_folders(path: Path) -> list[Path]:
    """The work folders under `path` (or `path` itself) that hold something `publish` made (`layout`)."""
    if not path.is_dir():
        raise InputError("not a folder", path=str(path), hint="give an output folder, such as output/letter_to_lenin")
    folders = [folder.path for folder in work_folders(path)]
    if not folders:
        raise InputError("nothing made by publish here", path=str(path), hint="run publish epub, audio or book first")
    return folders


def check_audio(
    folder: Path, preset: Preset | None = None, measuring: Callable[[Path], None] | None = None
) -> CheckResult:
    """The audio of one work's folder against `preset` (by default, the one it was made to); nothing to check
    where no narration was made. `measuring` hears of each file before it is measured (for a progress bar)."""
    narration = WorkFolder(folder).load_narration()
    if narration is None:
        return CheckResult(())
    if narration.preset not in PRESETS:
        raise InputError(
            f"the narration plan names the preset {narration.preset!r}, which Pressroom does not know",
            path=str(folder / NARRATION_NAME),
            hint=f"give one with --preset ({', '.join(PRESETS)})",
        )
    chosen = preset or PRESETS[narration.preset]
    loudness = chosen.measure == "lufs"
    files: list[FileCheck] = []
    markers: list[str] = []
    m4b = folder / narration.m4b_name
    present = [path for path in [*(folder / entry.name for entry in narration.files), m4b] if path.is_file()]
    measures = _measured(present, loudness, measuring)
    for entry in narration.files:
        path = folder / entry.name
        if not path.is_file():
            files.append(FileCheck(str(path), "mp3", ("missing",)))
            continue
        measure = next(measures)
        if isinstance(measure, PressroomError):
            files.append(FileCheck(str(path), "mp3", (f"cannot be read: {measure.message}",)))
            continue
        files.append(FileCheck(str(path), "mp3", tuple(judge(measure, chosen, entry.duration_ms)), measure))
        markers += _mp3_marker_problems(path, list(entry.markers))
    if m4b.is_file():
        expected = sum(entry.duration_ms for entry in narration.files)
        measure = next(measures)
        if isinstance(measure, PressroomError):
            raise measure
        problems = judge(measure, chosen, expected, whole_book=True)
        files.append(FileCheck(str(m4b), "m4b", tuple(problems), measure))
        markers += _m4b_chapter_problems(m4b, list(narration.m4b_chapters))
    else:
        files.append(FileCheck(str(m4b), "m4b", ("missing",)))
    return CheckResult(tuple(files), tuple(suspicious_paragraphs(narration)), tuple(markers))


def _measured(
    paths: list[Path], loudness: bool, measuring: Callable[[Path], None] | None
) -> Iterator[AudioMeasure | PressroomError]:
    """Each file measured (or why it could not be), in order; as many at once as this process has cores, since
    each is a decoder and a meter of its own (a run's last minutes are these checks, with nothing beside them)."""

    def measure(path: Path) -> AudioMeasure | PressroomError:
        try:
            return measure_audio(path, loudness=loudness)
        except PressroomError as error:
            return error

    with ThreadPoolExecutor(max_workers=max(1, min(len(paths), usable_cores()))) as pool:
        futures = [pool.submit(measure, path) for path in paths]
        for path, future in zip(paths, futures, strict=True):
            if measuring is not None:
                measuring(path)
            yield future.result()


def combined(results: list[CheckResult]) -> CheckResult:
    return CheckResult(
        tuple(f for r in results for f in r.files),
        tuple(p for r in results for p in r.paragraphs),
        tuple(m for r in results for m in r.markers),
    )


def suspicious_paragraphs(narration: NarrationRecord) -> list[ParagraphFinding]:
    """Utterances whose audio runs far faster or slower than the work's own pace predicts for their words."""
    spoken = [(entry.name, u) for entry in narration.files for u in entry.utterances if u.words >= MIN_WORDS]
    if len(spoken) < 3:
        return []
    pace = statistics.median(u.length_ms / u.words for _, u in spoken)
    findings = []
    for name, u in spoken:
        expected = pace * u.words
        ratio = u.length_ms / expected
        if ratio < SHORT_RATIO or ratio > LONG_RATIO:
            kind = "short (cut off?)" if ratio < SHORT_RATIO else "long (a stuck engine?)"
            reason = f"{u.length_ms / 1000:.1f} s for {u.words} words, {expected / 1000:.1f} s expected: too {kind}"
            findings.append(ParagraphFinding(name, u.start_ms, u.length_ms, u.words, reason, u.text[:120]))
    return findings


class Reportable(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


def write_report(path: Path, result: Reportable) -> Path:
    """`check.json` beside what was checked, with paths relative to it (the same report wherever it is)."""
    folder = path if path.is_dir() else path.parent
    report = result.as_dict()
    for entry in report["files"]:
        entry["path"] = relative_name(Path(entry["path"]), folder)
        if entry["measure"]:
            entry["measure"]["path"] = entry["path"]
    # The listener's verdicts there are kept, those of clips made again since dropped (`records.merge`).
    save_report(folder, CheckRecord(report))
    return folder / REPORT_NAME


def relative_name(path: Path, folder: Path) -> str:
    """The path as seen from `folder` when it is inside it (as the report and the table show it)."""
    try:
        return str(path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path)


def _mp3_marker_problems(path: Path, planned: list[tuple[Any, ...]]) -> list[str]:
    try:
        chaps = ID3(path).getall("CHAP")  # type: ignore[no-untyped-call]
    except ID3NoHeaderError:
        return [f"{path.name}: no ID3 tag, so no chapter markers"]
    found = sorted((str(c.sub_frames["TIT2"]), c.start_time, c.end_time) for c in chaps)
    if found != sorted(planned):
        return [f"{path.name}: chapter markers {found} are not the planned {sorted(planned)}"]
    return []


def _m4b_chapter_problems(path: Path, planned: list[tuple[Any, ...]]) -> list[str]:
    chapters = MP4(path).chapters  # type: ignore[no-untyped-call]
    found = [(c.title, round(c.start * 1000)) for c in chapters or []]
    expected = [(title, start) for title, start, _ in planned]
    if len(found) != len(expected) or any(
        a[0] != b[0] or abs(a[1] - b[1]) > 1 for a, b in zip(found, expected, strict=False)
    ):
        return [f"{path.name}: chapters {found} are not the planned {expected}"]
    return []
