"""From a path on disk to works with their recovered structure: the steps every command starts with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from pressroom.errors import Notice, UsageError
from pressroom.model import Work
from pressroom.sources.overrides import NO_OVERRIDES, MetaOverrides
from pressroom.sources.raw import RawRead, check_raw_dir, read_from_raw
from pressroom.sources.read import MANIFEST, Failure, read_sources
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


def load_works(
    path: Path, selected: Sequence[str] = (), overrides: MetaOverrides = NO_OVERRIDES, raw_dir: Path | None = None
) -> Loaded:
    """The works at `path`; with `raw_dir`, a corpus's works are read from their raw downloads where found."""
    if raw_dir is not None:
        check_raw_dir(raw_dir)
    reading = read_sources(path, selected, overrides)
    swaps: tuple[RawRead, ...] = ()
    if raw_dir is not None:
        if not (path / MANIFEST).is_file():
            raise UsageError("--from-raw reads a corpus's works from their downloads", hint="give a corpus folder")
        reading, swaps = read_from_raw(reading, raw_dir)
    works = distinct_slugs([build_work(source.meta, source.units) for source in reading.works])
    return Loaded(works, reading.failures, reading.notices + _gains(works, swaps))


def _gains(works: Sequence[Work], swaps: Sequence[RawRead]) -> tuple[Notice, ...]:
    """What reading each download instead of its cleaned units gained or lost, in words."""
    by_slug = {work.meta.slug: work for work in works}
    notices = []
    for swap in swaps:
        work = by_slug.get(swap.slug)
        if work is None:
            continue
        cleaned = build_work(work.meta, swap.cleaned).words
        change = work.words - cleaned
        said = "the same words as" if change == 0 else f"{abs(change):,} words {'more' if change > 0 else 'fewer'} than"
        notices.append(Notice(str(swap.raw), f"read for {swap.slug}: {said} its cleaned units ({cleaned:,})"))
    return tuple(notices)


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
