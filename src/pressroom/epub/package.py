"""The planned book as an EPUB 3 package (with ebooklib), and its ZIP made reproducible to the byte."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ebooklib import epub
from lxml import etree

from pressroom.epub.book import BookPlan
from pressroom.epub.matter import COVER_IMAGE, TocEntry
from pressroom.epub.metadata import ACCESSIBILITY_SUMMARY, PUBLISHER, BookMeta, file_as
from pressroom.epub.xhtml import XML_LANG
from pressroom.outputs import atomic_write_bytes
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
_OPF_PATH = "EPUB/content.opf"
# Options that sidestep ebooklib 0.20's defects (see shared/notes/epub.md): we write our own nav and landmarks.
_WRITE_OPTIONS = {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": False, "play_order": {"enabled": True}}


def write_epub(plan: BookPlan, target: Path) -> None:
    """Write the book to `target` under a temporary name first; a reader never sees half a book."""
    atomic_write_bytes(target, epub_bytes(plan))


def epub_bytes(plan: BookPlan) -> bytes:
    book = _ebooklib_book(plan)
    raw = io.BytesIO()
    epub.write_epub(raw, book, {**_WRITE_OPTIONS, "mtime": plan.meta.modified})
    edits = {_OPF_PATH: lambda opf: _declare_language(opf, plan.meta.language)}
    return reproducible_zip(raw.getvalue(), plan.meta.modified.timetuple()[:6], edits)


def _declare_language(opf: bytes, language: str) -> bytes:
    """Give the package element `xml:lang`, which ebooklib cannot write and assistive technology needs."""
    root = etree.fromstring(opf)
    root.set(XML_LANG, language)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _ebooklib_book(plan: BookPlan) -> Any:
    book = epub.EpubBook()
    _describe(book, plan.meta)
    style = epub.EpubItem(uid="style", file_name="css/book.css", media_type="text/css", content=plan.stylesheet)
    cover = epub.EpubItem(uid="cover-image", file_name=COVER_IMAGE, media_type="image/png", content=plan.cover)
    cover.properties = ["cover-image"]
    book.add_item(style)
    book.add_item(cover)
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    spine: list[tuple[str, str]] = []
    for page in plan.pages:
        item = epub.EpubItem(
            uid=page.item_id, file_name=page.name, media_type="application/xhtml+xml", content=page.xhtml
        )
        item.properties = list(page.properties)
        book.add_item(item)
        spine.append((page.item_id, "yes" if page.linear else "no"))
    book.add_item(epub.EpubNcx())
    book.toc = _ncx_entries(plan.toc, counter=[0])
    book.spine = spine
    return book


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
    book.add_metadata("DC", "publisher", PUBLISHER)
    book.add_metadata("DC", "date", f"{meta.modified:%Y-%m-%d}")
    book.add_metadata("DC", "description", xml_safe(meta.description))
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
    data: bytes, date_time: tuple[int, ...], edits: Mapping[str, Callable[[bytes], bytes]] | None = None
) -> bytes:
    """The same archive with `mimetype` first and stored, every entry stamped with one fixed time, and the
    entries named in `edits` passed through their edit."""
    edits = edits or {}
    stamp = (max(date_time[0], 1980), *date_time[1:6])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        ordered = ["mimetype", *(name for name in names if name != "mimetype")]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.create_system = 3
            info.external_attr = 0o644 << 16
            content = source.read(name)
            if name in edits:
                content = edits[name](content)
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, content)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content, compresslevel=9)
    return out.getvalue()
