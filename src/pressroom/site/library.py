"""What `publish site` publishes, as values: each work's metadata, downloads, narration and pages, read from
the folders `publish epub|audio|book` made. Reading them (`read_library`) is the only I/O here."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pressroom.errors import InputError
from pressroom.layout import WorkFolder, library_folders
from pressroom.records.narration import FileRecord

_OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
_XHTML = "{http://www.w3.org/1999/xhtml}"
_CHAPTER_PAGE = re.compile(r"(?:.*/)?text/chapter-\d{3}\.xhtml")


@dataclass(frozen=True)
class Download:
    name: str
    """The file's name in the work's folder."""
    size: int
    media_type: str
    label: str


@dataclass(frozen=True)
class Episode:
    """One chapter file of the narration, as a podcast episode and a stop of the player."""

    number: int
    download: Download
    record: FileRecord

    @property
    def title(self) -> str:
        return self.record.title or self.download.name.removesuffix(".mp3")


@dataclass(frozen=True)
class SiteWork:
    slug: str
    """The work's folder name under the output folder."""
    identifier: str
    title: str
    author: str
    language: str
    year: int | None
    genre: str | None
    description: str
    source: str | None
    rights: str | None
    modified: str
    """When the book was made from its source (`dcterms:modified`), ISO 8601: every date the site gives."""
    words: int
    contents: tuple[str, ...]
    """The chapters as the book's contents list them."""
    cover: bytes | None
    """The book's cover (PNG or JPEG)."""
    pages: tuple[bytes, ...]
    """Each chapter page of the book (XHTML), for the text read along."""
    epub: Download | None
    narrated: Download | None
    m4b: Download | None
    episodes: tuple[Episode, ...]
    narrator: str | None
    narration_ms: int
    book_chapters: tuple[tuple[str, int, int], ...] = ()
    """The M4B's chapters: title, start and end in ms."""

    @property
    def is_narrated(self) -> bool:
        return bool(self.episodes)


def read_library(outdir: Path) -> tuple[SiteWork, ...]:
    """Every work folder under `outdir` that holds a book Pressroom made, in name order."""
    if not outdir.is_dir():
        raise InputError(f"{outdir} is not a folder", hint="give the folder publish book (or epub) wrote into")
    works = [_work(folder) for folder in library_folders(outdir) if folder.book() is not None]
    if not works:
        raise InputError(
            f"{outdir} holds no books",
            hint=f"make some first, for example: publish book PATH -o {outdir}",
        )
    return tuple(works)


def _download(path: Path, media_type: str, label: str) -> Download | None:
    return Download(path.name, path.stat().st_size, media_type, label) if path.is_file() else None


def _work(work_folder: WorkFolder) -> SiteWork:
    folder = work_folder.path
    book = work_folder.book()
    assert book is not None
    try:
        with zipfile.ZipFile(book) as archive:
            opf_name = next(n for n in archive.namelist() if n.endswith(".opf"))
            opf = etree.fromstring(archive.read(opf_name))
            pages = tuple(archive.read(n) for n in sorted(archive.namelist()) if _CHAPTER_PAGE.fullmatch(n))
            cover = _cover(archive, opf, opf_name)
            contents = _contents(archive, opf, opf_name)
    except (OSError, zipfile.BadZipFile, StopIteration, etree.XMLSyntaxError) as error:
        hint = "make it again with publish epub"
        raise InputError(f"cannot read the book: {error}", path=str(book), hint=hint) from None
    narration = WorkFolder(folder).load_narration()
    episodes: tuple[Episode, ...] = ()
    m4b = None
    if narration is not None:
        episodes = tuple(
            Episode(number, download, record)
            for number, record in enumerate(narration.files, start=1)
            if (download := _download(folder / record.name, "audio/mpeg", record.name)) is not None
        )
        m4b = _download(folder / narration.m4b_name, "audio/mp4", "Audiobook (M4B, with chapters)")
    slug = folder.name
    return SiteWork(
        slug=slug,
        identifier=_text(opf, "dc:identifier") or f"urn:pressroom:{slug}",
        title=_text(opf, "dc:title") or slug,
        author=_text(opf, "dc:creator") or "Unknown",
        language=_text(opf, "dc:language") or "en",
        year=_year(_meta(opf, "dcterms:created")),
        genre=_text(opf, "dc:subject"),
        description=_text(opf, "dc:description") or "",
        source=_text(opf, "dc:source"),
        rights=_text(opf, "dc:rights"),
        modified=_meta(opf, "dcterms:modified") or "1970-01-01T00:00:00Z",
        words=_word_count(opf, pages),
        contents=contents,
        cover=cover,
        pages=pages,
        epub=_download(book, "application/epub+zip", "EPUB"),
        narrated=_download(work_folder.narrated_epub, "application/epub+zip", "Read-along EPUB (text with narration)"),
        m4b=m4b,
        episodes=episodes,
        narrator=(narration.voice or None) if narration else None,
        narration_ms=sum(episode.record.duration_ms for episode in episodes),
        book_chapters=narration.m4b_chapters if narration and m4b else (),
    )


def _text(opf: etree._Element, tag: str) -> str | None:
    found = opf.find(f".//{tag}", _OPF)
    text = " ".join("".join(found.itertext()).split()) if found is not None else ""
    return text or None


def _meta(opf: etree._Element, prop: str) -> str | None:
    found = opf.find(f".//opf:meta[@property='{prop}']", _OPF)
    return (found.text or "").strip() or None if found is not None else None


def _year(text: str | None) -> int | None:
    match = re.match(r"-?\d{1,4}", text or "")
    return int(match.group(0)) if match else None


def _word_count(opf: etree._Element, pages: tuple[bytes, ...]) -> int:
    """The count the book states (the one `publish info` and its description give); counted from its pages for
    a book made before it stated one."""
    stated = _meta(opf, "schema:wordCount")
    return int(stated) if stated and stated.isdigit() else sum(_words(page) for page in pages)


def _words(page: bytes) -> int:
    body = etree.fromstring(page).find(f"{_XHTML}body")
    return len(" ".join(body.itertext()).split()) if body is not None else 0


def _cover(archive: zipfile.ZipFile, opf: etree._Element, opf_name: str) -> bytes | None:
    item = opf.find(".//opf:item[@properties='cover-image']", _OPF)
    if item is None:
        return None
    return archive.read(_join(opf_name, item.get("href", "")))


def _contents(archive: zipfile.ZipFile, opf: etree._Element, opf_name: str) -> tuple[str, ...]:
    """The titles of the top level of the book's contents (its nav), less the colophon."""
    item = opf.find(".//opf:item[@properties='nav']", _OPF)
    if item is None:
        return ()
    nav = etree.fromstring(archive.read(_join(opf_name, item.get("href", ""))))
    toc = nav.find(f".//{_XHTML}nav")
    first = toc.find(f"{_XHTML}ol") if toc is not None else None
    entries = first.findall(f"{_XHTML}li/{_XHTML}a") if first is not None else []
    titles = [" ".join("".join(a.itertext()).split()) for a in entries]
    return tuple(title for title in titles if title != "Colophon")


def _join(opf_name: str, href: str) -> str:
    base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
    return base + href
