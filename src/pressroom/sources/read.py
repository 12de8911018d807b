"""Reading input from disk: one document, a work folder, a corpus with its manifest, or a plain text file.

This is the only module that opens input files. It turns what it finds into `SourceWork` values
(metadata and unit bodies); recovering structure from those bodies is pure code in `pressroom.text`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pressroom.errors import InputError, Notice, PressroomError, UsageError
from pressroom.model import Unit, WorkMeta
from pressroom.sources.choose import chosen_names, suggested_names
from pressroom.sources.clean import clean_meta
from pressroom.sources.decode import decode_text
from pressroom.sources.loaded import UNKNOWN_AUTHOR, LoadedFile, load_file, work_meta
from pressroom.sources.manifest import ManifestRow, parse_manifest
from pressroom.sources.overrides import NO_OVERRIDES, MetaOverrides, apply_overrides, check_overrides
from pressroom.text.names import slugify, title_from_file_name

MANIFEST = Path("metadata") / "manifest.csv"
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
class SourcesRead:
    works: tuple[SourceWork, ...]
    failures: tuple[Failure, ...] = ()
    notices: tuple[Notice, ...] = field(default=())


def read_sources(path: Path, selected: Sequence[str] = (), overrides: MetaOverrides = NO_OVERRIDES) -> SourcesRead:
    """Everything at `path`, by what it is: a document or plain text file, a work folder, or a corpus."""
    check_overrides(overrides)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path), hint="give a document, a work folder or a corpus")
    one_work = path.is_file()
    if path.is_file():
        loaded = load_file(path)
        reading = SourcesRead(works=(_single_file_work(loaded, overrides),), notices=loaded.notices)
    elif (path / MANIFEST).is_file():
        reading = _read_corpus(path)
    elif files := _folder_files(path):
        read = [load_file(file) for file in files]  # each file once, whether it is a unit or a work of its own
        notices = tuple(n for file in read for n in file.notices) + _passed_over(path)
        if _separate_works(read):
            reading = SourcesRead(works=tuple(_single_file_work(file, overrides) for file in read), notices=notices)
        else:
            units = sorted(read, key=lambda file: _unit_order(file.path))
            work = _work_from_files(units, _manifest_rows_near(path), fallback_slug=path.name)
            reading, one_work = SourcesRead(works=(work,), notices=notices), True
    elif any(path.rglob("*.txt")):
        reading = _read_corpus(path)
    else:
        raise InputError("no .txt files here", path=str(path), hint="give a document, a work folder or a corpus")
    if selected and one_work:
        raise UsageError(
            f"--work {selected[0]}: {path} holds one work, not a corpus to choose from",
            hint="leave --work out, or give a corpus folder (one with metadata/manifest.csv) or a folder of works",
        )
    reading = _select(reading, selected) if selected else reading
    reading = _apply_overrides(reading, overrides) if overrides.any else reading
    return _identified(_cleaned(reading))


def _identified(reading: SourcesRead) -> SourcesRead:
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


def _cleaned(reading: SourcesRead) -> SourcesRead:
    """Every work's metadata as safe as its body: header fields, manifest values and command-line values alike."""
    works: list[SourceWork] = []
    notices = list(reading.notices)
    for work in reading.works:
        meta, found = clean_meta(work.meta, work.units[0].path if work.units else work.meta.source_id)
        works.append(replace(work, meta=meta) if found else work)
        notices.extend(found)
    return replace(reading, works=tuple(works), notices=tuple(notices))


def _single_file_work(loaded: LoadedFile, overrides: MetaOverrides) -> SourceWork:
    """A work of one file. A plain text named on the command line is filed under that name, not its file's; so
    is a download whose file name is only a number (Gutenberg's `4341.txt`) under the title it gives."""
    path = loaded.path
    named = overrides.title if overrides.title and not loaded.document.field("TITLE") else None
    if not any(c.isalpha() for c in path.stem):
        named = named or loaded.document.field("TITLE")
    return _work_from_files([loaded], [], fallback_slug=slugify(named or title_from_file_name(path.name)))


_WORK_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".xhtml", ".epub", ".pdf")


def _passed_over(folder: Path) -> tuple[Notice, ...]:
    """A folder read for the files in it leaves its subfolders: said, so a work there is not lost unseen."""
    skipped = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not skipped:
        return ()
    named = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
    return (
        Notice(
            str(folder),
            f"its subfolders are not read ({named}): give each folder, or make the whole a corpus "
            "(metadata/manifest.csv)",
        ),
    )


def _folder_files(folder: Path) -> list[Path]:
    """The texts and books directly in a folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".txt", *_WORK_SUFFIXES))


def _separate_works(files: Sequence[LoadedFile]) -> bool:
    """Whether a folder's files are separate works, each its own, rather than one work's units (which share its
    title): a book in another format than text (Markdown, HTML, EPUB), or downloads of different titles (an
    Appeal beside Law and Authority was read as one book of 17,070 words, and the .md and .html beside them
    were passed over)."""
    if any(file.path.suffix.lower() in _WORK_SUFFIXES for file in files):
        return True
    titles = {title.casefold() for file in files if (title := file.document.field("TITLE"))}
    return len(titles) > 1


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
    meta = work_meta(first, row, fallback_slug)
    # The edition's transcriber notes are at the end of its last unit, not in the first unit's header.
    notes = tuple(note for f in files for note in (f.document.field("TRANSCRIBER_NOTE") or "").split("\n") if note)
    meta = replace(meta, transcriber_note=notes)
    units = tuple(
        Unit(str(f.path), f.document.body, f.document.body_first_line, f.document.explicit_headings) for f in files
    )
    return SourceWork(meta, units)


def _manifest_rows_near(folder: Path) -> list[ManifestRow]:
    """A work folder inside a corpus (`corpus/<genre>/<work>/`) still gets the manifest's metadata."""
    for root in (folder.parent.parent, folder.parent):
        manifest = root / MANIFEST
        if manifest.is_file():
            return [row for row in _read_manifest(manifest) if row.work_slug == folder.name]
    return []


def _read_manifest(manifest: Path) -> list[ManifestRow]:
    return parse_manifest(decode_text(manifest.read_bytes(), str(manifest)).text, str(manifest))


def _read_corpus(root: Path) -> SourcesRead:
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
    return SourcesRead(
        tuple(all_works), tuple(failures + extra_failures), tuple(notices + extra_notices + author_notices)
    )


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


def _select(reading: SourcesRead, selected: Sequence[str]) -> SourcesRead:
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
    return SourcesRead(tuple(chosen), failures, notices)


def _apply_overrides(reading: SourcesRead, overrides: MetaOverrides) -> SourcesRead:
    if len(reading.works) != 1:
        raise UsageError(
            f"--title, --author and the other metadata options describe one work, but this input has "
            f"{len(reading.works)}",
            hint="pick one with --work",
        )
    work = reading.works[0]
    return replace(reading, works=(SourceWork(apply_overrides(work.meta, overrides), work.units),))
