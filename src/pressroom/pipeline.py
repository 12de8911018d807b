"""From a path on disk to works with their recovered structure: the steps every command starts with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pressroom.errors import Notice
from pressroom.model import Work
from pressroom.sources.read import NO_OVERRIDES, Failure, MetaOverrides, read_sources
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
    works = tuple(build_work(source.meta, source.units) for source in reading.works)
    return Loaded(works, reading.failures, reading.notices)
