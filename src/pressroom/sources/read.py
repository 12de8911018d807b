"""Reading input from disk: one document, a work folder, a corpus with its manifest, or a plain text file.

This is the only module that opens input files. It turns what it finds into `SourceWork` values
(metadata and unit bodies); recovering structure from those bodies is pure code in `pressroom.text`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pressroom.errors import InputError, Notice, PressroomError, UsageError
from pressroom.model import Unit, WorkMeta
from pressroom.sources.choose import chosen_names, suggested_names
from pressroom.sources.clean import clean_meta, is_language_tag
from pressroom.sources.cover_image import cover_from_bytes
from pressroom.sources.decode import decode_text
from pressroom.sources.document import Document
from pressroom.sources.epub_reader import is_epub, read_epub
from pressroom.sources.formats import read_text_document
from pressroom.sources.manifest import ManifestRow, parse_manifest
from pressroom.sources.overrides import NO_OVERRIDES, MetaOverrides, apply_overrides, check_overrides, is_date
from pressroom.text.names import slugify, title_case, title_from_file_name

MANIFEST = Path("metadata") / "manifest.csv"
UNKNOWN_AUTHOR = "Unknown Author"
_UNIT_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class SourceWork:
    meta: WorkMeta
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Failure:
    """A work that could not be read, and why; the other works of a corpus still go through."""

    work: str
    error: PressroomError


@dataclass(frozen=True)
class Reading:
    works: tuple[SourceWork, ...]
    failures: tuple[Failure, ...] = ()
    notices: tuple[Notice, ...] = field(default=())


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    document: Document
    notices: tuple[Notice, ...]


def read_sources(path: Path, selected: Sequence[str] = (), overrides: MetaOverrides = NO_OVERRIDES) -> Reading:
    """Everything at `path`, by what it is: a document or plain text file, a work folder, or a corpus."""
    check_overrides(overrides)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path), hint="give a document, a work folder or a corpus")
    if path.is_file():
        loaded = load_file(path)
        # A plain text named on the command line is filed under that name, not its file's; so is a download
        # whose file name is only a number (Gutenberg's `4341.txt`) under the title it gives.
        named = overrides.title if overrides.title and not loaded.document.field("TITLE") else None
        if not any(c.isalpha() for c in path.stem):
            named = named or loaded.document.field("TITLE")
        work = _work_from_files([loaded], [], fallback_slug=slugify(named or title_from_file_name(path.name)))
        reading = Reading(works=(work,), notices=loaded.notices)
    elif (path / MANIFEST).is_file():
        reading = _read_corpus(path)
    elif any(path.glob("*.txt")):
        loaded_units = [load_file(unit) for unit in _unit_files(path)]
        work = _work_from_files(loaded_units, _manifest_rows_near(path), fallback_slug=path.name)
        notices = tuple(n for unit in loaded_units for n in unit.notices)
        reading = Reading(works=(work,), notices=notices)
    elif any(path.rglob("*.txt")):
        reading = _read_corpus(path)
    else:
        raise InputError("no .txt files here", path=str(path), hint="give a document, a work folder or a corpus")
    one_work = path.is_file() or not ((path / MANIFEST).is_file() or not any(path.glob("*.txt")))
    if selected and one_work:
        raise UsageError(
            f"--work {selected[0]}: {path} holds one work, not a corpus to choose from",
            hint="leave --work out, or give a corpus folder (one with metadata/manifest.csv) or a folder of works",
        )
    reading = _select(reading, selected) if selected else reading
    reading = _apply_overrides(reading, overrides) if overrides.any else reading
    return _identified(_cleaned(reading))


def _identified(reading: Reading) -> Reading:
    """A work with no SOURCE_ID (a plain text, a header without one) is identified by its title, author,
    language, year and words: two different texts never share an identifier, and a rebuild keeps it."""
    works = []
    for work in reading.works:
        if work.meta.source_id:
            works.append(work)
            continue
        meta = work.meta
        digest = hashlib.sha256()
        for part in (meta.title, meta.author, meta.language, str(meta.year), *(unit.body for unit in work.units)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
        works.append(replace(work, meta=replace(meta, source_id=f"{meta.slug}-{digest.hexdigest()[:12]}")))
    return replace(reading, works=tuple(works))


def _cleaned(reading: Reading) -> Reading:
    """Every work's metadata as safe as its body: header fields, manifest values and command-line values alike."""
    works: list[SourceWork] = []
    notices = list(reading.notices)
    for work in reading.works:
        meta, found = clean_meta(work.meta, work.units[0].path if work.units else work.meta.source_id)
        works.append(replace(work, meta=meta) if found else work)
        notices.extend(found)
    return replace(reading, works=tuple(works), notices=tuple(notices))


def load_file(path: Path) -> LoadedFile:
    data = path.read_bytes()
    if is_epub(data):
        return LoadedFile(path, read_epub(data, str(path)), ())
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


def _unit_files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.txt") if p.is_file()), key=_unit_order)


def _unit_order(path: Path) -> tuple[int, str]:
    """`chapter_002_...` before `chapter_010_...`: by the unit's number, then by name."""
    return (_number_in(path.name), path.name)


def _work_from_files(files: Sequence[LoadedFile], rows: Sequence[ManifestRow], fallback_slug: str) -> SourceWork:
    """One work from its unit files, in order, with the manifest's rows for it when there are any."""
    first = files[0]
    source_id = first.document.field("SOURCE_ID")
    for loaded in files[1:]:
        other = loaded.document.field("SOURCE_ID")
        if other and source_id and other != source_id:
            raise InputError(
                f"this unit belongs to work {other!r}, but the folder's first unit to {source_id!r}",
                path=str(loaded.path),
                line=1,
                hint="keep one work's units in one folder",
            )
    row = next((r for r in rows if r.work_id == source_id), rows[0] if rows else None)
    meta = _meta(first, row, fallback_slug)
    units = tuple(
        Unit(str(f.path), f.document.body, f.document.body_first_line, f.document.explicit_headings) for f in files
    )
    return SourceWork(meta, units)


def _meta(loaded: LoadedFile, row: ManifestRow | None, fallback_slug: str) -> WorkMeta:
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


def _manifest_rows_near(folder: Path) -> list[ManifestRow]:
    """A work folder inside a corpus (`corpus/<genre>/<work>/`) still gets the manifest's metadata."""
    for root in (folder.parent.parent, folder.parent):
        manifest = root / MANIFEST
        if manifest.is_file():
            return [row for row in _read_manifest(manifest) if row.work_slug == folder.name]
    return []


def _read_manifest(manifest: Path) -> list[ManifestRow]:
    return parse_manifest(decode_text(manifest.read_bytes(), str(manifest)).text, str(manifest))


def _read_corpus(root: Path) -> Reading:
    manifest = root / MANIFEST
    rows = _read_manifest(manifest) if manifest.is_file() else []
    works: list[SourceWork] = []
    failures: list[Failure] = []
    notices: list[Notice] = []
    listed: set[Path] = set()
    for work_id, work_rows in _group(rows).items():
        try:
            paths = [_resolve_unit(root, row, manifest) for row in work_rows]
            listed.update(p.resolve() for p in paths)
            files = [load_file(p) for p in paths]
            notices.extend(n for f in files for n in f.notices)
            works.append(_work_from_files(files, work_rows, fallback_slug=work_rows[0].work_slug))
        except PressroomError as error:
            failures.append(Failure(work_id, error))
    unlisted = [p for p in _text_files(root) if p.resolve() not in listed]
    extra, extra_failures, extra_notices = _read_unlisted(unlisted, works, bool(rows))
    all_works, author_notices = _fill_unknown_authors(works + extra)
    return Reading(tuple(all_works), tuple(failures + extra_failures), tuple(notices + extra_notices + author_notices))


def _fill_unknown_authors(works: list[SourceWork]) -> tuple[list[SourceWork], list[Notice]]:
    """A corpus of one author's writings: a work whose header and manifest say `Unknown` is theirs too."""
    authors = {work.meta.author for work in works if work.meta.author != UNKNOWN_AUTHOR}
    if len(authors) != 1:
        return works, []
    (author,) = authors
    filled: list[SourceWork] = []
    notices: list[Notice] = []
    for work in works:
        if work.meta.author == UNKNOWN_AUTHOR:
            work = SourceWork(replace(work.meta, author=author), work.units)
            notices.append(
                Notice(
                    work.units[0].path,
                    f"no author given; every other work here is by {author}, so this one is too",
                )
            )
        filled.append(work)
    return filled, notices


def _group(rows: Iterable[ManifestRow]) -> dict[str, list[ManifestRow]]:
    """Rows by work, in manifest order; a unit listed twice (the same work in two genres) counts once."""
    groups: dict[str, list[ManifestRow]] = {}
    for row in rows:
        group = groups.setdefault(row.work_id, [])
        if all(other.unit_id != row.unit_id for other in group):
            group.append(row)
    for group in groups.values():
        group.sort(key=lambda r: (_number_in(r.unit_id), _number_in(Path(r.out_path).name), r.out_path))
    return groups


def _number_in(text: str) -> int:
    match = _UNIT_NUMBER.search(text)
    return int(match.group(1)) if match else 0


def _resolve_unit(root: Path, row: ManifestRow, manifest: Path) -> Path:
    """The unit's file. `out_path` starts with the corpus folder's own name, not a path inside it."""
    relative = Path(row.out_path)
    candidates = [
        root.parent / relative,
        root / Path(*relative.parts[1:]) if len(relative.parts) > 1 else root,
    ]
    candidates.append(root / row.genre / row.work_slug / relative.name)
    for candidate in candidates:
        if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
            return candidate
    raise InputError(
        f"the manifest lists {row.out_path}, which is not in the corpus",
        path=str(manifest),
        line=row.line,
        hint="restore the file or remove its row",
    )


def _text_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.is_file() and MANIFEST.parent.name not in p.parts)


def _read_unlisted(
    paths: Sequence[Path], works: Sequence[SourceWork], has_manifest: bool
) -> tuple[list[SourceWork], list[Failure], list[Notice]]:
    """Files the manifest does not list: a stale copy of a listed work is skipped; a new work is read."""
    known = {work.meta.source_id: work for work in works}
    by_work: dict[str, list[LoadedFile]] = {}
    failures: list[Failure] = []
    notices: list[Notice] = []
    for path in paths:
        try:
            loaded = load_file(path)
        except PressroomError as error:
            failures.append(Failure(str(path), error))
            continue
        notices.extend(loaded.notices)
        source_id = loaded.document.field("SOURCE_ID") or f"{path.parent.name}"
        if source_id in known:
            first = known[source_id].units[0].path
            notices.append(
                Notice(str(path), f"not in the manifest; a copy of {source_id} (read from {first}), skipped")
            )
            continue
        if has_manifest:
            notices.append(Notice(str(path), f"not in the manifest; read as part of work {source_id}"))
        by_work.setdefault(source_id, []).append(loaded)
    extra: list[SourceWork] = []
    for source_id, files in by_work.items():
        files.sort(key=lambda f: (str(f.path.parent), _unit_order(f.path)))
        try:
            extra.append(_work_from_files(files, [], fallback_slug=slugify(files[0].path.parent.name)))
        except PressroomError as error:
            failures.append(Failure(source_id, error))
    return extra, failures, notices


def _select(reading: Reading, selected: Sequence[str]) -> Reading:
    """The works named with `--work` (a slug or a source id), in the order named."""
    chosen: list[SourceWork] = []
    for name in selected:
        slugs = chosen_names(name, [(w.meta.slug, w.meta.source_id) for w in reading.works])
        match = [w for w in reading.works if w.meta.slug in slugs]
        failed = [f for f in reading.failures if f.work == name]
        if not match and not failed:
            close = suggested_names(name, [w.meta.slug for w in reading.works])
            hint = f"did you mean {', '.join(close)}?" if close else "`publish info` on the corpus lists its works"
            raise UsageError(f"no work named {name!r} in this corpus", hint=hint)
        chosen.extend(w for w in match if w not in chosen)
    failures = tuple(f for f in reading.failures if f.work in selected)
    paths = {unit.path for work in chosen for unit in work.units}
    ids = {work.meta.source_id for work in chosen}
    notices = tuple(n for n in reading.notices if n.path in paths or any(i in n.message for i in ids))
    return Reading(tuple(chosen), failures, notices)


def _apply_overrides(reading: Reading, overrides: MetaOverrides) -> Reading:
    if len(reading.works) != 1:
        raise UsageError(
            f"--title, --author and the other metadata options describe one work, but this input has "
            f"{len(reading.works)}",
            hint="pick one with --work",
        )
    work = reading.works[0]
    return replace(reading, works=(SourceWork(apply_overrides(work.meta, overrides), work.units),))
