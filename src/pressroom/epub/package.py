"""The planned book as an EPUB 3 package (with ebooklib), and its ZIP made reproducible to the byte."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ebooklib import epub
from lxml import etree

from pressroom.epub.book import BookPlan
from pressroom.epub.matter import COVER_IMAGE, TocEntry
from pressroom.epub.metadata import ACCESSIBILITY_SUMMARY, BookMeta, file_as
from pressroom.epub.overlays import ACTIVE_CLASS, Narration, clock, smil_document, total_ms
from pressroom.epub.xhtml import XML_LANG
from pressroom.outputs import atomic_output
from pressroom.text.typography import typographic, xml_safe

_ACCESSIBILITY = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityHazard", "none"),
    ("schema:accessibilitySummary", ACCESSIBILITY_SUMMARY),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
)
_NARRATED_ACCESSIBILITY = (
    ("schema:accessMode", "auditory"),
    ("schema:accessModeSufficient", "auditory"),
    ("schema:accessibilityFeature", "synchronizedAudioText"),
)
_OPF_PATH = "EPUB/content.opf"
# Options that sidestep ebooklib 0.20's defects (see shared/notes/epub.md): we write our own nav and landmarks.
_WRITE_OPTIONS = {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": False, "play_order": {"enabled": True}}


def write_epub(plan: BookPlan, target: Path) -> None:
    """Write the book to `target` under a temporary name first; a reader never sees half a book. A narrated
    book's audio is streamed from its files into the package."""
    overlays = plan.narration.overlays if plan.narration else ()
    streamed = {f"EPUB/{audio.name}": Path(audio.source) for overlay in overlays for audio in overlay.audio}
    with atomic_output(target) as stream:
        _write_package(plan, stream, streamed)


def _write_package(plan: BookPlan, out: IO[bytes], streamed: Mapping[str, Path]) -> None:
    book = _ebooklib_book(plan)
    raw = io.BytesIO()
    epub.write_epub(raw, book, {**_WRITE_OPTIONS, "mtime": plan.meta.modified})
    edits = {_OPF_PATH: lambda opf: _declare_language(opf, plan.meta.language)}
    reproducible_zip(raw.getvalue(), plan.meta.modified.timetuple()[:6], out, edits, streamed)


def _declare_language(opf: bytes, language: str) -> bytes:
    """Give the package element `xml:lang`, which ebooklib cannot write and assistive technology needs."""
    root = etree.fromstring(opf)
    root.set(XML_LANG, language)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _ebooklib_book(plan: BookPlan) -> Any:
    book = epub.EpubBook()
    _describe(book, plan.meta)
    if plan.narration is not None:
        _describe_narration(book, plan.narration)
    style = epub.EpubItem(uid="style", file_name="css/book.css", media_type="text/css", content=plan.stylesheet)
    cover = epub.EpubItem(uid="cover-image", file_name=COVER_IMAGE, media_type="image/png", content=plan.cover)
    cover.properties = ["cover-image"]
    book.add_item(style)
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    overlays = {overlay.page_id: overlay for overlay in plan.narration.overlays} if plan.narration else {}
    added: set[str] = set()
    for overlay in overlays.values():
        # The audio is a placeholder here: the ZIP writer streams the file from disk into the package. A file
        # several pages play (the Notes file) is one item.
        for audio in overlay.audio:
            if audio.name not in added:
                added.add(audio.name)
                book.add_item(epub.EpubItem(uid=audio.item_id, file_name=audio.name, media_type="audio/mpeg"))
        smil = epub.EpubItem(
            uid=overlay.smil_id, file_name=overlay.smil_name, media_type="application/smil+xml",
            content=smil_document(overlay),
        )  # fmt: skip
        book.add_item(smil)
    spine: list[tuple[str, str]] = []
    for page in plan.pages:
        item = epub.EpubItem(
            uid=page.item_id, file_name=page.name, media_type="application/xhtml+xml", content=page.xhtml
        )
        item.properties = list(page.properties)
        if page.item_id in overlays:
            item.media_overlay = overlays[page.item_id].smil_id
        book.add_item(item)
        spine.append((page.item_id, "yes" if page.linear else "no"))
    book.add_item(epub.EpubNcx())
    book.toc = _ncx_entries(plan.toc, counter=[0])
    book.spine = spine
    return book


def _describe_narration(book: Any, narration: Narration) -> None:
    for overlay in narration.overlays:
        attributes = {"property": "media:duration", "refines": f"#{overlay.smil_id}"}
        book.add_metadata(None, "meta", clock(overlay.duration_ms), attributes)
    book.add_metadata(None, "meta", clock(total_ms(narration.overlays)), {"property": "media:duration"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
    book.add_metadata(None, "meta", xml_safe(narration.narrator), {"property": "media:narrator"})
    for prop, value in _NARRATED_ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": prop})


def _describe(book: Any, meta: BookMeta) -> None:
    book.set_identifier(meta.identifier)
    book.set_title(xml_safe(meta.title))
    book.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        # Written by hand: ebooklib's add_author puts the MARC relator scheme on `file-as` as well.
        uid = f"author-{number}"
        book.add_metadata("DC", "creator", xml_safe(author), {"id": uid})
        book.add_metadata(None, "meta", xml_safe(file_as(author)), {"refines": f"#{uid}", "property": "file-as"})
        book.add_metadata(None, "meta", "aut", {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"})
    book.add_metadata("DC", "publisher", xml_safe(meta.publisher))
    book.add_metadata("DC", "date", meta.publication_date)
    book.add_metadata("DC", "description", xml_safe(meta.description))
    if meta.words is not None:
        book.add_metadata(None, "meta", str(meta.words), {"property": "schema:wordCount"})
    if meta.rights:
        book.add_metadata("DC", "rights", xml_safe(meta.rights))
    for url in meta.source_urls:
        book.add_metadata("DC", "source", xml_safe(url))
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    if meta.year is not None:
        book.add_metadata(None, "meta", str(meta.year), {"property": "dcterms:created"})
    if meta.collection is not None:
        book.add_metadata(None, "meta", xml_safe(meta.collection), {"property": "belongs-to-collection", "id": "set"})
        book.add_metadata(None, "meta", "set", {"refines": "#set", "property": "collection-type"})
    book.set_unique_metadata("OPF", "generator", "", {"name": "generator", "content": meta.generator})
    for prop, value in _ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": prop})


def _ncx_entries(entries: Sequence[TocEntry], counter: list[int]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        counter[0] += 1
        link = epub.Link(entry.href, typographic(entry.title), f"navpoint-{counter[0]}")
        out.append((link, _ncx_entries(entry.children, counter)) if entry.children else link)
    return out


def reproducible_zip(
    data: bytes,
    date_time: tuple[int, ...],
    out: IO[bytes],
    edits: Mapping[str, Callable[[bytes], bytes]] | None = None,
    streamed: Mapping[str, Path] | None = None,
) -> None:
    """The same archive with `mimetype` first and stored, every entry stamped with one fixed time, the entries
    named in `edits` passed through their edit, and those in `streamed` copied from disk (stored: they are
    compressed audio)."""
    edits = edits or {}
    streamed = streamed or {}
    stamp = (max(date_time[0], 1980), *date_time[1:6])
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        ordered = ["mimetype", *(name for name in names if name != "mimetype")]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.create_system = 3
            info.external_attr = 0o644 << 16
            if name in streamed:
                info.compress_type = zipfile.ZIP_STORED
                with streamed[name].open("rb") as audio, target.open(info, "w", force_zip64=True) as entry:
                    shutil.copyfileobj(audio, entry, 1 << 20)
                continue
            content = source.read(name)
            if name in edits:
                content = edits[name](content)
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, content)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content, compresslevel=9)
