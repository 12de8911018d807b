"""What the package document says about a book: identifier, names, dates, rights, accessibility. Pure."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pressroom import __version__
from pressroom.model import Work, WorkMeta

PUBLISHER = "Pressroom"
# Fixed so that identifiers never change between releases: the same SOURCE_ID always names the same book.
_NAMESPACE = uuid.UUID("5b0c6c1e-7d3f-5a8e-9a51-6f1c2d7e4b90")
# A book with no retrieval time and no SOURCE_DATE_EPOCH still needs a fixed modification time to be reproducible.
_FALLBACK_MODIFIED = datetime(2000, 1, 1, tzinfo=UTC)
_GENRE_SUBJECTS = {
    "essays": "Essays",
    "letters": "Letters",
    "memoir": "Memoirs",
    "science": "Science",
    "theory": "Political theory",
}


@dataclass(frozen=True)
class BookMeta:
    identifier: str
    title: str
    authors: tuple[str, ...]
    language: str
    modified: datetime
    """Aware, in UTC, to the second: `dcterms:modified`, and the time stamped on every ZIP entry."""
    description: str
    year: int | None = None
    source_urls: tuple[str, ...] = ()
    rights: str = ""
    """Empty when the source states no rights: the book then claims none."""
    subjects: tuple[str, ...] = ()
    collection: str | None = None
    """The collection's own title when this book binds several works."""
    generator: str = f"Pressroom {__version__}"
    publisher: str = "Pressroom"
    date: str = ""
    """`dc:date`; by default the day of `modified`."""
    cover: bytes | None = field(default=None, repr=False)
    """The user's cover image (PNG); by default the cover is set in type."""
    words: int | None = None
    """The words of the text as `publish info` counts them (`schema:wordCount`), so the site says the same."""

    @property
    def publication_date(self) -> str:
        return self.date or f"{self.modified:%Y-%m-%d}"


def book_identifier(source_ids: Sequence[str]) -> str:
    """`urn:uuid:` derived from the works' SOURCE_IDs, so a rebuilt book keeps its identity in readers' libraries."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(31).join(source_ids))}"


def file_as(author: str) -> str:
    """`Peter Kropotkin` -> `Kropotkin, Peter`, the form a library sorts by."""
    names = author.split()
    if len(names) < 2 or "," in author:
        return author
    return f"{names[-1]}, {' '.join(names[:-1])}"


def modified_time(metas: Sequence[WorkMeta], modified: datetime | None = None) -> datetime:
    """`modified` when given (SOURCE_DATE_EPOCH, for reproducible builds), else the latest retrieval time of the
    sources."""
    if modified is not None:
        return modified
    times = [t for t in (_parse_utc(meta.retrieved_utc or meta.date) for meta in metas) if t is not None]
    return max(times, default=_FALLBACK_MODIFIED).replace(microsecond=0)


def _parse_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def work_book_meta(work: Work, modified: datetime | None = None) -> BookMeta:
    meta = work.meta
    return BookMeta(
        identifier=book_identifier([meta.source_id]),
        title=meta.title,
        authors=(meta.author,),
        language=meta.language,
        modified=modified_time([meta], modified),
        description=meta.description or describe_work(work),
        year=meta.year,
        source_urls=(meta.source_url,) if meta.source_url else (),
        rights=_rights(meta.license_note),
        subjects=_subjects([meta]),
        publisher=meta.publisher or PUBLISHER,
        date=meta.date or "",
        cover=meta.cover,
        words=work.words,
    )


def collection_book_meta(title: str, works: Sequence[Work], modified: datetime | None = None) -> BookMeta:
    metas = [work.meta for work in works]
    languages = {meta.language for meta in metas}
    years = [meta.year for meta in metas if meta.year is not None]
    titles = "; ".join(meta.title for meta in metas)
    return BookMeta(
        identifier=book_identifier([title, *(meta.source_id for meta in metas)]),
        title=title,
        authors=tuple(dict.fromkeys(meta.author for meta in metas)),
        language=metas[0].language if len(languages) == 1 else "en",
        modified=modified_time(metas, modified),
        description=f"A collection of {len(metas)} works: {titles}.",
        year=max(years) if years else None,
        source_urls=tuple(dict.fromkeys(meta.source_url for meta in metas if meta.source_url)),
        rights=_rights(next((m.license_note for m in metas if m.license_note), None)),
        subjects=_subjects(metas),
        collection=title,
        words=sum(work.words for work in works),
    )


def describe_work(work: Work) -> str:
    """What a catalog shows under the title and author (which it shows already): when it was written, how
    long it is, its parts (`Written in 1920. 747 words.`)."""
    meta = work.meta
    written = f"Written in {meta.year}. " if meta.year else ""
    chapters = [chapter.title for chapter in work.chapters]
    if len(chapters) > 1:
        listed = "; ".join(chapters[:12]) + ("; …" if len(chapters) > 12 else "")
        contents = f" In {len(chapters)} parts: {listed}."
    else:
        contents = ""
    return f"{written}{work.words:,} words.{contents}"


def _rights(license_note: str | None) -> str:
    """The rights statement as the source gives it, or nothing: a user's own text is not declared public domain.
    A pointer to a file of the curator's own (`(see metadata/manifest.csv)`) means nothing to a reader: left out."""
    return _FILE_POINTER.sub("", (license_note or "")).strip()


_FILE_POINTER = re.compile(r"\s*\((?:see|cf\.?)\s+[\w./-]+\.\w{2,5}\)", re.IGNORECASE)


def _subjects(metas: Sequence[WorkMeta]) -> tuple[str, ...]:
    found = (_GENRE_SUBJECTS.get((meta.genre or "").lower()) for meta in metas)
    return tuple(dict.fromkeys(subject for subject in found if subject))


ACCESSIBILITY_SUMMARY = (
    "This publication is text with a table of contents, headings for every chapter and section, and a reading "
    "order that follows the printed book. It has no images other than the cover, which has a text alternative. "
    "Text can be resized and recoloured."
)
