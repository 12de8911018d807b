"""Metadata given on the command line: checked before anything is read, then laid over each work's own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace

from pressroom.errors import UsageError
from pressroom.model import WorkMeta
from pressroom.sources.clean import clean_field, is_language_tag
from pressroom.text.names import title_case


@dataclass(frozen=True)
class MetaOverrides:
    """Metadata given on the command line; it wins over the file's own and is all a plain text file has."""

    title: str | None = None
    author: str | None = None
    year: int | None = None
    language: str | None = None
    rights: str | None = None
    """The licence or rights statement (`dc:rights`, the copyright tags); without one, nothing is claimed."""
    publisher: str | None = None
    description: str | None = None
    date: str | None = None
    """The publication date, `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`)."""
    cover: bytes | None = field(default=None, repr=False)
    """A cover image, already read and set as PNG (`sources.cover_image`)."""

    @property
    def any(self) -> bool:
        return any(getattr(self, given.name) is not None for given in fields(self))


NO_OVERRIDES = MetaOverrides()


def check_overrides(overrides: MetaOverrides) -> None:
    """Metadata that would make an invalid book is refused before anything is read."""
    for name in ("title", "author"):
        value = getattr(overrides, name)
        if value is not None and not clean_field(value).strip():
            raise UsageError(f"--{name} is empty", hint=f"give the work's {name}, or leave --{name} out")
    if overrides.language is not None and not is_language_tag(overrides.language):
        raise UsageError(
            f"--language {overrides.language!r} is not a BCP 47 language tag", hint="such as en, fr, de or en-GB"
        )
    if overrides.date is not None and not is_date(overrides.date):
        raise UsageError(f"--date {overrides.date!r} is not a date", hint="give YYYY-MM-DD, YYYY-MM or YYYY")


def is_date(text: str) -> bool:
    """`2024`, `2024-05` or `2024-05-17`: the forms `dc:date` takes."""
    for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            dt.datetime.strptime(text, form)
        except ValueError:
            continue
        return True
    return False


def apply_overrides(meta: WorkMeta, overrides: MetaOverrides) -> WorkMeta:
    given = {name.name: getattr(overrides, name.name) for name in fields(overrides)}
    changes = {name: value for name, value in given.items() if value is not None}
    if "title" in changes:
        changes["title"] = title_case(changes["title"])
    if "rights" in changes:
        changes["license_note"] = changes.pop("rights")
    return replace(meta, **changes)
