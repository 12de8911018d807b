"""From a path on disk to works with their recovered structure: the steps every command starts with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from pressroom.errors import Notice
from pressroom.model import Work
from pressroom.sources.overrides import NO_OVERRIDES, MetaOverrides
from pressroom.sources.read import Failure, read_sources
from pressroom.text.names import slugify
from pressroom.text.structure import build_work

SAMPLE_NAME = "letter_to_lenin.txt"


@dataclass(frozen=True)
class Loaded:
    works: tuple[Work, ...]
    failures: tuple[Failure, ...]
    notices: tuple[Notice, ...]


def sample_path() -> Path:
    """The bundled sample, the Letter to Lenin, used when no path is given."""
    return Path(str(resources.files("pressroom") / "data" / SAMPLE_NAME))


def load_works(path: Path, selected: Sequence[str] = (), overrides: MetaOverrides = NO_OVERRIDES) -> Loaded:
    reading = read_sources(path, selected, overrides)
    works = distinct_slugs([build_work(source.meta, source.units) for source in reading.works])
    return Loaded(works, reading.failures, reading.notices)


def distinct_slugs(works: Sequence[Work]) -> tuple[Work, ...]:
    """Works whose names would make the same output folder get `_2`, `_3`... in reading order, so that no work
    of a run ever overwrites another's files."""
    seen: set[str] = set()
    out = []
    for work in works:
        base = slugify(work.meta.slug)
        slug = base
        number = 1
        while slug in seen:
            number += 1
            slug = f"{base}_{number}"
        seen.add(slug)
        out.append(work if slug == work.meta.slug else replace(work, meta=replace(work.meta, slug=slug)))
    return tuple(out)
