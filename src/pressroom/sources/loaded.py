"""A file read from disk as a `Document` (by what it holds: an EPUB, or a text in one of the formats), and the
work's metadata made from a file's header and the corpus manifest's row for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pressroom.errors import InputError, Notice
from pressroom.model import WorkMeta
from pressroom.sources.clean import is_language_tag
from pressroom.sources.cover_image import cover_from_bytes
from pressroom.sources.decode import decode_text
from pressroom.sources.document import Document
from pressroom.sources.epub_reader import is_epub, read_epub
from pressroom.sources.formats import read_text_document
from pressroom.sources.manifest import ManifestRow
from pressroom.sources.overrides import is_date
from pressroom.sources.pdf import is_pdf, read_pdf
from pressroom.text.names import slugify, title_case, title_from_file_name

UNKNOWN_AUTHOR = "Unknown Author"


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    document: Document
    notices: tuple[Notice, ...]


def load_file(path: Path) -> LoadedFile:
    data = path.read_bytes()
    if is_epub(data):
        return LoadedFile(path, read_epub(data, str(path)), ())
    if is_pdf(data):
        return LoadedFile(path, read_pdf(data, str(path)), ())
    if path.suffix.lower() == ".pdf":
        raise InputError("named .pdf, but it is not one (no %PDF- at its start)", path=str(path),
                         hint="download it again")  # fmt: skip
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            "a ZIP archive, not an EPUB (an EPUB's first entry is `mimetype`, saying application/epub+zip)",
            path=str(path),
            hint="give the book itself: an EPUB, or the text files unpacked from the archive",
        )
    if path.suffix.lower() == ".epub":
        raise InputError("named .epub, but it is not one (not a ZIP archive)", path=str(path), hint="download it again")
    decoded = decode_text(data, str(path))
    return LoadedFile(path, read_text_document(decoded.text, str(path)), decoded.notices)


def work_meta(loaded: LoadedFile, row: ManifestRow | None, fallback_slug: str) -> WorkMeta:
    doc = loaded.document
    title = doc.field("TITLE") or (row.title if row else None) or title_from_file_name(loaded.path.name)
    # A text that names no source gets its id from what it says (`_identified`), once its metadata is final.
    source_id = doc.field("SOURCE_ID") or (row.work_id if row else None) or ""
    return WorkMeta(
        title=title_case(title),
        author=_known(doc.field("AUTHOR")) or _known(row.author if row else None) or UNKNOWN_AUTHOR,
        source_id=source_id,
        slug=(row.work_slug if row and row.work_slug else None) or fallback_slug or slugify(title),
        year=_year(doc.field("YEAR") or (row.year if row else None)),
        language=_language(loaded),
        source_url=doc.field("SOURCE_URL") or (row.source_url if row else None) or None,
        source_path=doc.field("SOURCE_PATH") or (row.source_path if row else None) or None,
        retrieved_utc=doc.field("RETRIEVED_UTC") or (row.retrieved_utc if row else None) or None,
        license_note=doc.field("LICENSE_NOTE"),
        genre=(row.genre if row and row.genre else None) or doc.field("GENRE"),
        corpus=_corpus_name(row),
        publisher=doc.field("PUBLISHER"),
        description=doc.field("DESCRIPTION"),
        transcriber_note=tuple((doc.field("TRANSCRIBER_NOTE") or "").split("\n"))
        if doc.field("TRANSCRIBER_NOTE")
        else (),
        date=_date(loaded, retrieved=doc.field("RETRIEVED_UTC") or (row.retrieved_utc if row else None)),
        cover=_own_cover(loaded),
    )


def _own_cover(loaded: LoadedFile) -> bytes | None:
    """The cover a file carries (an EPUB's), when it can be shown; otherwise one is set in type."""
    if loaded.document.image is None:
        return None
    try:
        return cover_from_bytes(loaded.document.image, str(loaded.path))
    except InputError:
        return None


def _date(loaded: LoadedFile, retrieved: str | None) -> str | None:
    """The header's DATE; for a text that says neither when it was published nor when it was retrieved (a
    plain text), the file's own date."""
    given = loaded.document.field("DATE")
    if given is not None:
        if not is_date(given):
            raise InputError(f"DATE {given!r} is not a date", path=str(loaded.path), hint="give YYYY-MM-DD")
        return given
    if retrieved is not None:
        return None
    stamp = datetime.fromtimestamp(loaded.path.stat().st_mtime, tz=UTC)
    return f"{stamp:%Y-%m-%d}"


def _language(loaded: LoadedFile) -> str:
    language = loaded.document.field("LANGUAGE")
    if language is None:
        return "en"
    if not is_language_tag(language):
        raise InputError(
            f"LANGUAGE {language!r} is not a BCP 47 language tag", path=str(loaded.path), hint="such as en, fr or de"
        )
    return language


def _known(author: str | None) -> str | None:
    """An author field that says `Unknown` says nothing."""
    if author is None or author.strip().lower() in {"", "unknown", "anonymous", "anon", "n/a", "none"}:
        return None
    return author.strip()


def _year(value: str | None) -> int | None:
    match = re.search(r"-?\d{1,4}", value or "")
    return int(match.group(0)) if match else None


def _corpus_name(row: ManifestRow | None) -> str | None:
    if row is None or "/" not in row.out_path:
        return None
    return row.out_path.split("/", 1)[0] or None
