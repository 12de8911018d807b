"""`--from-raw RAW_DIR`: a corpus's works read from the raw downloads they were cleaned from, where there are any.

The manifest's `source_path` (`data/raw/4341.txt`) names each work's download; found in RAW_DIR (or a folder
inside it), non-empty and readable, it replaces the work's cleaned units while the work keeps its identity (slug,
source id, metadata). Which works gained or lost words against their cleaned units is said.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from pressroom.errors import Notice, PressroomError, UsageError
from pressroom.model import Unit
from pressroom.sources.loaded import load_file
from pressroom.sources.read import SourcesRead, SourceWork


@dataclass(frozen=True)
class RawRead:
    """A work read from its download, with the cleaned units it was read instead of."""

    slug: str
    raw: Path
    cleaned: tuple[Unit, ...]


def check_raw_dir(raw_dir: Path) -> None:
    if not raw_dir.is_dir():
        raise UsageError(f"--from-raw {raw_dir}: there is no such folder", hint="give the folder of raw downloads")


def raw_file(raw_dir: Path, source_path: str) -> Path | None:
    """The download a manifest's `source_path` names, in RAW_DIR or a folder inside it; an empty one is not it."""
    name = PurePosixPath(source_path.replace("\\", "/")).name
    for candidate in [raw_dir / name, *sorted(raw_dir.rglob(name))]:
        if candidate.is_file() and candidate.stat().st_size > 0:
            return candidate
    return None


def read_from_raw(reading: SourcesRead, raw_dir: Path) -> tuple[SourcesRead, tuple[RawRead, ...]]:
    works: list[SourceWork] = []
    swaps: list[RawRead] = []
    notices = list(reading.notices)
    for work in reading.works:
        path = raw_file(raw_dir, work.meta.source_path) if work.meta.source_path else None
        if path is None:
            works.append(work)
            continue
        try:
            loaded = load_file(path)
        except PressroomError as error:
            notices.append(Notice(str(path), f"cannot be read ({error}); {work.meta.slug} is read from its units"))
            works.append(work)
            continue
        document = loaded.document
        unit = Unit(str(path), document.body, document.body_first_line, document.explicit_headings)
        works.append(SourceWork(work.meta, (unit,)))
        swaps.append(RawRead(work.meta.slug, path, work.units))
        notices.extend(loaded.notices)
    return replace(reading, works=tuple(works), notices=tuple(notices)), tuple(swaps)
