"""The pages around the text: cover, title page, part titles, table of contents, colophon."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from posixpath import relpath
from urllib.parse import quote, urlsplit, urlunsplit

from pressroom.epub.metadata import BookMeta
from pressroom.epub.xhtml import Element, document, element, serialize
from pressroom.model import WorkMeta
from pressroom.text.typography import typographic

TEXT_DIR = "text"
COVER_IMAGE = "images/cover.png"


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str
    """Relative to the package root (`text/chapter-001.xhtml#sec-2`)."""
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Landmark:
    epub_type: str
    title: str
    href: str


def cover_page(meta: BookMeta) -> bytes:
    root, body = document("Cover", meta.language)
    section = element("section", body, epub_type="cover", class_="cover")
    element("img", section, src=_href(COVER_IMAGE), alt=cover_alt_text(meta), role="doc-cover")
    return serialize(root)


def cover_alt_text(meta: BookMeta) -> str:
    cover = f"Cover of {typographic(meta.title)}, by {_names(meta.authors)}"
    # The user's own image is described only as what it is for; what it shows is theirs to say.
    return f"{cover}." if meta.cover else f"{cover}: the title and author set in type."


def title_page(meta: BookMeta) -> bytes:
    root, body = document(typographic(meta.title), meta.language)
    section = element("section", body, epub_type="titlepage", class_="titlepage")
    element("h1", section, epub_type="fulltitle", text=typographic(meta.title))
    element("p", section, class_="author", text=_names(meta.authors))
    if meta.year is not None and meta.collection is None:
        element("p", section, class_="year", text=str(meta.year))
    element("p", section, class_="imprint", text=meta.publisher)
    return serialize(root)


def part_page(work: WorkMeta, language: str) -> bytes:
    """The part title that opens a work bound in a collection."""
    root, body = document(typographic(work.title), language)
    section = element("section", body, epub_type="part", role="doc-part", class_="part")
    element("h1", section, text=typographic(work.title))
    byline = work.author + (f", {work.year}" if work.year is not None else "")
    element("p", section, class_="byline", text=byline)
    return serialize(root)


def colophon_page(meta: BookMeta, works: Sequence[WorkMeta]) -> bytes:
    root, body = document("Colophon", meta.language)
    section = element("section", body, epub_type="colophon", role="doc-colophon", class_="colophon")
    element("h1", section, text="Colophon")
    for work in works:
        _provenance(section, work)
    element(
        "p",
        section,
        text=f"Set as an EPUB 3 book by {meta.generator} from the cleaned transcription, "
        f"with its chapters recovered from the text and its typography set for print.",
    )
    element("p", section, text=f"Identifier: {meta.identifier}. Last modified {_utc(meta.modified)}.")
    return serialize(root)


def web_link(url: str) -> str | None:
    """A link target for a source URL: an http(s) address with the characters a URL cannot carry
    percent-encoded (as a browser would), or None when it is no web address at all."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]+)?", parts.netloc):
        return None
    if any(character.isspace() for character in url):
        return None

    def encoded(component: str, safe: str) -> str:
        return quote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", component), safe=safe + "!$&'()*+,;=:@%~")

    path, query, fragment = encoded(parts.path, "/"), encoded(parts.query, "/?"), encoded(parts.fragment, "/?")
    return urlunsplit((parts.scheme, parts.netloc, path, query, fragment))


def _provenance(section: Element, work: WorkMeta) -> None:
    title = element("i", element("p", section), text=typographic(work.title))
    title.tail = f", by {work.author}" + (f" ({work.year})" if work.year is not None else "") + "."
    if work.source_url:
        line = element("p", section, text="Source: ")
        href = web_link(work.source_url)
        if href is None:
            line.text = f"Source: {work.source_url}"
        else:
            element("a", line, href=href, text=work.source_url)
    facts = []
    if work.retrieved_utc:
        facts.append(f"Retrieved {work.retrieved_utc.replace('T', ' ').replace('Z', ' UTC')}.")
    if work.corpus:
        facts.append(f"From the corpus {work.corpus} ({work.source_id}).")
    else:
        facts.append(f"Source identifier {work.source_id}.")
    if work.license_note:
        facts.append(f"Licence: {work.license_note}.".replace("..", "."))
    element("p", section, text=" ".join(facts))
    if work.transcriber_note:
        element("p", section, text="The transcriber of the source edition noted:")
        for paragraph in work.transcriber_note:
            element("p", section, text=typographic(paragraph), class_="transcriber-note")


def nav_page(meta: BookMeta, toc: Sequence[TocEntry], landmarks: Sequence[Landmark]) -> bytes:
    root, body = document("Contents", meta.language)
    nav = element("nav", body, epub_type="toc", role="doc-toc", id="toc")
    element("h1", nav, text="Contents")
    _toc_list(nav, toc)
    marks = element("nav", body, epub_type="landmarks", id="landmarks", hidden="hidden", aria_label="Landmarks")
    items = element("ol", marks)
    for landmark in landmarks:
        link = element("a", element("li", items), epub_type=landmark.epub_type, href=_href(landmark.href))
        link.text = landmark.title
    return serialize(root)


def _toc_list(parent: Element, entries: Sequence[TocEntry]) -> None:
    items = element("ol", parent)
    for entry in entries:
        item = element("li", items)
        element("a", item, href=_href(entry.href), text=typographic(entry.title))
        if entry.children:
            _toc_list(item, entry.children)


def _href(target: str) -> str:
    """A package-relative path as seen from a page in `text/`."""
    path, _, fragment = target.partition("#")
    relative = relpath(path, TEXT_DIR)
    return f"{relative}#{fragment}" if fragment else relative


def _names(authors: Sequence[str]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + f" and {authors[-1]}"


def _utc(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"
