"""An EPUB 2 or 3 book: its spine in order, its chapters from the table of contents (nav, else NCX), its
metadata from the package document, its own cover.

The table of contents says where each chapter and section starts (a file, or an element in it); those become
markup headings in the text (`* Part`, `** Chapter`, `*** Section`) and the pages' own headings are left out,
so the structure reader recovers exactly the tree the book declares. The pages that frame a book (cover, title
pages, imprint, colophon, contents) are left out; endnotes and noterefs become `[1] text` notes and `[1]` marks;
page breaks are dropped. A book that Pressroom made, read back, gives the same chapters and words. Pure: the
file's bytes in, a `Document` out.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.sources.html_text import (
    HEADING_LINE,
    NOTES_TYPES,
    SAID,
    HeadingMarks,
    epub_types,
    html_to_text,
    inline_text,
    local_name,
)

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# Pages that frame the book rather than belong to its text.
_FRAME_TYPES = frozenset(
    {"cover", "titlepage", "halftitlepage", "imprint", "colophon", "copyright-page", "toc", "landmarks", "loi",
     "lot", "index"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hgroup"})
_NUMBERED = re.compile(r"(?P<number>[IVXLCDM]+|\d+)\s*:\s*(?P<title>.+)")
_XML = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)


def is_epub(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and b"application/epub+zip" in data[:100]


@dataclass(frozen=True)
class _Entry:
    title: str
    page: str
    fragment: str
    children: tuple[_Entry, ...] = field(default=())


def read_epub(data: bytes, path: str) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        _refuse_encrypted(archive, names, path)
        opf_name = _package_name(archive, path)
        opf = _parse(archive.read(opf_name), path, opf_name)
        base = posixpath.dirname(opf_name)
        manifest = _manifest(opf, base)
        spine = _spine(opf, manifest, names, path)
        entries = _table_of_contents(archive, opf, manifest, path)
        body = _text(archive, spine, entries, _book_title(opf))
    except zipfile.BadZipFile as error:
        raise InputError(
            f"not a readable EPUB: {error}", path=path, hint="the file is damaged; download it again"
        ) from None
    except KeyError as missing:
        named = re.search(r"named '([^']+)'", str(missing.args[0]))
        what = named.group(1) if named else str(missing.args[0])
        raise InputError(
            f"the EPUB has no {what}", path=path, hint="the book is incomplete; download it again"
        ) from None
    if not body.strip():
        raise InputError("this EPUB has no text in its spine", path=path)
    return Document(_metadata(opf), body, 1, explicit_headings=True, image=_cover(archive, opf, manifest))


def _refuse_encrypted(archive: zipfile.ZipFile, names: set[str], path: str) -> None:
    """Fonts may be obfuscated; anything else encrypted is DRM, which cannot be read."""
    if "META-INF/encryption.xml" not in names:
        return
    encryption = etree.fromstring(archive.read("META-INF/encryption.xml"), _XML)
    for reference in encryption.iter("{*}CipherReference"):
        uri = reference.get("URI", "")
        if not uri.lower().endswith((".otf", ".ttf", ".woff", ".woff2")):
            raise InputError(
                "this EPUB is encrypted (DRM): its text cannot be read",
                path=path,
                hint="use a DRM-free copy of the book",
            )


def _package_name(archive: zipfile.ZipFile, path: str) -> str:
    container = _parse(archive.read("META-INF/container.xml"), path, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", _NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise InputError("the EPUB's container names no package document", path=path)
    return str(rootfile.get("full-path"))


def _parse(data: bytes, path: str, name: str) -> etree._Element:
    root = etree.fromstring(data, _XML)
    if root is None:
        raise InputError(f"{name} in the EPUB is not XML", path=path)
    return root


def _manifest(opf: etree._Element, base: str) -> dict[str, tuple[str, str, str]]:
    """Item id -> (path in the archive, media type, properties)."""
    items = {}
    for item in opf.iterfind("opf:manifest/opf:item", _NS):
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        items[item.get("id", "")] = (href, item.get("media-type", ""), item.get("properties", ""))
    return items


def _spine(opf: etree._Element, manifest: dict[str, tuple[str, str, str]], names: set[str], path: str) -> list[str]:
    pages = []
    for itemref in opf.iterfind("opf:spine/opf:itemref", _NS):
        idref = itemref.get("idref", "")
        if idref not in manifest or manifest[idref][0] not in names:
            raise InputError(f"the spine names {idref!r}, which the EPUB does not hold", path=path)
        pages.append(manifest[idref][0])
    return pages


def _table_of_contents(
    archive: zipfile.ZipFile, opf: etree._Element, manifest: dict[str, tuple[str, str, str]], path: str
) -> tuple[_Entry, ...]:
    nav = next((href for href, _, properties in manifest.values() if "nav" in properties.split()), None)
    if nav:
        root = _parse(archive.read(nav), path, nav)
        for element in root.iter("{*}nav"):
            if "toc" in epub_types(element) or element.get(_EPUB_TYPE) == "toc":
                ol = element.find("x:ol", _NS)
                return _nav_entries(ol, posixpath.dirname(nav)) if ol is not None else ()
    spine = opf.find("opf:spine", _NS)
    ncx_id = spine.get("toc") if spine is not None else None
    if ncx_id and ncx_id in manifest:
        ncx = _parse(archive.read(manifest[ncx_id][0]), path, manifest[ncx_id][0])
        nav_map = ncx.find("ncx:navMap", _NS)
        return _ncx_entries(nav_map, posixpath.dirname(manifest[ncx_id][0])) if nav_map is not None else ()
    return ()


def _nav_entries(ol: etree._Element, base: str) -> tuple[_Entry, ...]:
    entries: list[_Entry] = []
    for li in ol.iterfind("x:li", _NS):
        link = li.find("x:a", _NS)
        children = li.find("x:ol", _NS)
        nested = _nav_entries(children, base) if children is not None else ()
        if link is None or not link.get("href"):
            entries.extend(nested)
            continue
        page, _, fragment = link.get("href", "").partition("#")
        entries.append(_Entry(" ".join(inline_text(link).split()), _join(base, page), fragment, nested))
    return tuple(entries)


def _ncx_entries(parent: etree._Element, base: str) -> tuple[_Entry, ...]:
    entries: list[_Entry] = []
    for point in parent.iterfind("ncx:navPoint", _NS):
        label = " ".join("".join(point.find("ncx:navLabel", _NS).itertext()).split())  # type: ignore[union-attr]
        content = point.find("ncx:content", _NS)
        page, _, fragment = (content.get("src", "") if content is not None else "").partition("#")
        entries.append(_Entry(label, _join(base, page), fragment, _ncx_entries(point, base)))
    return tuple(entries)


def _join(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href)))


_PART_ENTRY = re.compile(r"(?:Part|Book)\s+[\w]+\b", re.IGNORECASE)
"""`Part II: The Second Part` over chapters set on its own page."""


def _marks(entries: tuple[_Entry, ...]) -> Iterator[tuple[_Entry, str]]:
    """Each entry with its heading markup: an entry whose children are other pages is a part (`*`) over
    chapters; otherwise an entry at the top is a chapter (`**`) and anything under one a section (`***`)."""

    def walk(entry: _Entry, mark: str) -> Iterator[tuple[_Entry, str]]:
        yield entry, mark
        child_mark = "**" if mark == "*" else "***"
        for child in entry.children:
            yield from walk(child, child_mark)

    def depth(entry: _Entry) -> int:
        return 1 + max((depth(child) for child in entry.children), default=0)

    for entry in entries:
        is_part = (
            depth(entry) >= 3
            or any(child.page != entry.page for child in entry.children)
            or (bool(entry.children) and _PART_ENTRY.match(entry.title) is not None)
        )
        yield from walk(entry, "*" if is_part else "**")


def _text(archive: zipfile.ZipFile, spine: list[str], entries: tuple[_Entry, ...], title: str) -> str:
    by_page: dict[str, list[tuple[_Entry, str]]] = {}
    for entry, mark in _marks(entries):
        by_page.setdefault(entry.page, []).append((entry, mark))
    # An opening chapter named after the book is how the structure reader names text before any heading: its
    # heading is the book's title, not a line of the text, so it is left for the reader to supply again.
    opening = entries[0] if entries and _same_title(entries[0].title, title) else None
    parts = []
    for page in spine:
        root = etree.fromstring(archive.read(page), _XML)
        body = next(root.iter("{*}body"), None) if root is not None else None
        if body is None or _is_frame(body):
            continue
        here = by_page.get(page, [])
        _place_headings(body, here, silent=opening)
        # Headings the contents do not list are kept: sections under the listed ones, or a page's own chapter.
        parts.append(html_to_text(body, _relative_marks(body, top="***" if here else "**")))
    return "\n".join(parts)


def _is_frame(body: etree._Element) -> bool:
    """A page that frames the book: its body, or the one section that fills it, is a cover, title page..."""
    types = epub_types(body)
    sections = [child for child in body if local_name(child) in ("section", "nav", "div")]
    if len(sections) == 1:
        types |= epub_types(sections[0])
    return bool(types & _FRAME_TYPES) or next(body.iter("{*}nav"), None) is not None


def _place_headings(body: etree._Element, entries: list[tuple[_Entry, str]], silent: _Entry | None) -> None:
    """Put each entry's heading where it points: the page's start, or just before the element it names. The
    page's own headings are left out by `_no_page_headings`, so that each is said once."""
    ids = {element.get("id"): element for element in body.iter() if element.get("id")}
    for entry, mark in reversed(entries):
        heading = etree.Element(HEADING_LINE)
        heading.text = f"{mark} {_heading_text(entry.title)}"
        target = ids.get(entry.fragment) if entry.fragment else None
        own = _own_heading(target if target is not None else body)
        if own is not None:
            own.set(SAID, "")
        if entry is silent or (target is not None and epub_types(target) & NOTES_TYPES):
            continue  # a chapter's own notes are its notes, not a section of it
        parent = target.getparent() if target is not None and target is not body else None
        if parent is None or target is None:
            body.insert(0, heading)
        else:
            parent.insert(parent.index(target), heading)


def _own_heading(element: etree._Element) -> etree._Element | None:
    """The heading an entry points at: the element itself, or the first heading inside it."""
    if local_name(element) in _HEADINGS:
        return element
    for inner in element.iter():
        if local_name(inner) in _HEADINGS and inner.get(SAID) is None:
            return inner
    return None


def _heading_text(title: str) -> str:
    """`I: Mutual Aid Among Animals` (as a contents entry sets it) as `I. Mutual Aid Among Animals`, which the
    structure reader takes as label and title."""
    numbered = _NUMBERED.fullmatch(title)
    return f"{numbered.group('number')}. {numbered.group('title')}" if numbered else title


def _relative_marks(body: etree._Element, top: str) -> HeadingMarks:
    """The page's highest heading level as `top`, deeper ones as sections."""
    levels = [int(local_name(e)[1]) for e in body.iter() if local_name(e) in _HEADINGS and local_name(e) != "hgroup"]
    highest = min(levels, default=1)
    return lambda level: top if level <= highest else "***"


def _metadata(opf: etree._Element) -> tuple[tuple[str, str], ...]:
    metadata = opf.find("opf:metadata", _NS)
    if metadata is None:
        return ()

    def first(tag: str) -> str | None:
        for element in metadata.iterfind(f"dc:{tag}", _NS):
            text = " ".join("".join(element.itertext()).split())
            if text:
                return text
        return None

    header: list[tuple[str, str]] = []
    title = _full_title(metadata) or first("title")
    for key, value in (
        ("TITLE", title),
        ("AUTHOR", first("creator")),
        ("LANGUAGE", first("language")),
        ("DESCRIPTION", first("description")),
        ("LICENSE_NOTE", first("rights")),
    ):
        if value:
            header.append((key, value))
    source = first("source") or first("identifier")
    if source and source.startswith(("http://", "https://")):
        header.append(("SOURCE_URL", source))
    return tuple(header)


def _book_title(opf: etree._Element) -> str:
    metadata = opf.find("opf:metadata", _NS)
    if metadata is None:
        return ""
    title = metadata.find("dc:title", _NS)
    return _full_title(metadata) or (" ".join("".join(title.itertext()).split()) if title is not None else "")


def _same_title(first: str, second: str) -> bool:
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def _full_title(metadata: etree._Element) -> str | None:
    """An EPUB 3 title refined as `expanded` (`Mutual Aid: A Factor of Evolution`) is the whole title."""
    for meta in metadata.iterfind("opf:meta[@property='title-type']", _NS):
        if (meta.text or "").strip() == "expanded":
            title = metadata.find(f"dc:title[@id='{meta.get('refines', '').lstrip('#')}']", _NS)
            if title is not None and title.text:
                return " ".join(title.text.split())
    return None


def _cover(archive: zipfile.ZipFile, opf: etree._Element, manifest: dict[str, tuple[str, str, str]]) -> bytes | None:
    """The book's own cover image, as the bytes the cover reader takes (SVG covers are left to be set in type)."""
    href = next((h for h, media, props in manifest.values() if "cover-image" in props.split()), None)
    if href is None:
        meta = opf.find("opf:metadata/opf:meta[@name='cover']", _NS)
        item = manifest.get(meta.get("content", "")) if meta is not None else None
        href = item[0] if item else None
    if href is None or not href.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp")):
        return None
    try:
        return archive.read(href)
    except KeyError:
        return None
