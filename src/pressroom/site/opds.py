"""The library as OPDS catalogs for e-reader apps: OPDS 1.2 (Atom; KOReader, Thorium, Moon+...) and OPDS 2.0
(JSON; Thorium, Readium apps), with an OpenSearch description. Pure: values in, documents out.

All links are relative to the catalog folder (`opds/`), so the catalog works wherever the site is served.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from lxml import etree

from pressroom.site.library import SiteWork
from pressroom.site.pages import hours

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
NEW = "http://opds-spec.org/sort/new"
SEARCH_TYPE = "application/opensearchdescription+xml"
OPDS2 = "application/opds+json"
BOOK_COVER = "book-cover.jpg"
"""Each book's upright cover in its site folder: what a reader app's catalog shows (the square `cover.jpg` is
the podcast apps')."""
SEARCH_FEED = "search.xml"
"""The catalog's search address: `publish serve` answers `search.xml?q=...` with the books found; a plain web
server, with the file itself (every book: a static site cannot search)."""
_SHORT_NAME = 16
"""OpenSearch's limit on a catalog's short name."""
_DOWNLOAD_TITLES = {"epub": "EPUB", "narrated": "EPUB with read-along narration", "m4b": "Audiobook (M4B)"}
_NSMAP = {None: ATOM, "dc": DC, "opds": OPDS, "opensearch": OPENSEARCH}
PAGE_SIZE = 25
"""Books in one page of an acquisition feed (Project Gutenberg's catalog pages by 25 too): a reader app on a phone
shows the first page at once and follows `next` for more."""


@dataclass(frozen=True)
class Catalog:
    """Every document of the catalog, by its name in `opds/`."""

    files: dict[str, bytes]


def catalog(works: Sequence[SiteWork], title: str) -> Catalog:
    files: dict[str, bytes] = {}
    updated = max((work.modified for work in works), default="1970-01-01T00:00:00Z")
    genres = _grouped(works, lambda work: work.genre or "Other")
    authors = _grouped(works, lambda work: work.author)
    newest = sorted(works, key=lambda work: (work.modified, work.slug), reverse=True)
    files |= _acquisition_pages("all", f"{title}: all books", works, updated)
    files |= _acquisition_pages("new", f"{title}: new", newest, updated)
    for prefix, groups in (("genre", genres), ("author", authors)):
        for name, group in groups.items():
            feed_id = f"{prefix}-{_slug(name)}"
            files |= _acquisition_pages(feed_id, f"{title}: {name}", group, updated)
    files["genres.xml"] = _navigation_feed("genres", f"{title}: by genre", "genre", genres, updated)
    files["authors.xml"] = _navigation_feed("authors", f"{title}: by author", "author", authors, updated)
    files["root.xml"] = _root(title, updated, len(works))
    files["opensearch.xml"] = _opensearch(title)
    # Not paged: `publish serve` finds the books in it, and a search's answer is short.
    files[SEARCH_FEED] = _acquisition_feed("search", f"{title}: all books", works, updated)
    files |= _opds2_pages(works, title, updated)
    return Catalog(files)


def _grouped(works: Sequence[SiteWork], key: Any) -> dict[str, list[SiteWork]]:
    groups: dict[str, list[SiteWork]] = {}
    for work in works:
        groups.setdefault(key(work), []).append(work)
    return dict(sorted(groups.items()))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "other"


def page_name(feed_id: str, page: int, suffix: str = "xml") -> str:
    """A page's file: the first keeps the feed's own name (`all.xml`), the next are `all.2.xml`... (a slug has no
    dot, so no feed's name is another's page)."""
    return f"{feed_id}.{suffix}" if page == 1 else f"{feed_id}.{page}.{suffix}"


def _pages(works: Sequence[SiteWork]) -> list[Sequence[SiteWork]]:
    return [works[start : start + PAGE_SIZE] for start in range(0, len(works), PAGE_SIZE)] or [works]


def _feed(feed_id: str, title: str, updated: str, kind: str, page: int = 1) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=_NSMAP)
    _el(feed, "id", f"urn:pressroom:catalog:{feed_id}" + (f":{page}" if page > 1 else ""))
    _el(feed, "title", title)
    _el(feed, "updated", updated)
    author = _el(feed, "author")
    _el(author, "name", "Pressroom")
    name = "root.xml" if feed_id == "root" else page_name(feed_id, page)
    _link(feed, "self", name, kind)
    _link(feed, "start", "root.xml", NAVIGATION)
    if feed_id != "root":
        _link(feed, "up", "root.xml", NAVIGATION)
    _link(feed, "search", "opensearch.xml", SEARCH_TYPE)
    return feed


def _root(title: str, updated: str, count: int) -> bytes:
    feed = _feed("root", title, updated, NAVIGATION)
    for entry_id, name, href, kind, summary, rel in (
        ("new", "New", "new.xml", ACQUISITION, "The books most recently made", NEW),
        ("all", "All books", "all.xml", ACQUISITION, f"All {count} books", "subsection"),
        ("genres", "By genre", "genres.xml", NAVIGATION, "The books by genre", "subsection"),
        ("authors", "By author", "authors.xml", NAVIGATION, "The books by author", "subsection"),
    ):
        _navigation_entry(feed, entry_id, name, href, kind, summary, updated, rel)
    return _bytes(feed)


def _navigation_feed(feed_id: str, title: str, prefix: str, groups: dict[str, list[SiteWork]], updated: str) -> bytes:
    feed = _feed(feed_id, title, updated, NAVIGATION)
    for name, group in groups.items():
        href = f"{prefix}-{_slug(name)}.xml"
        summary = f"{len(group)} book" + ("s" if len(group) != 1 else "")
        _navigation_entry(feed, f"{prefix}-{_slug(name)}", name, href, ACQUISITION, summary, updated, "subsection")
    return _bytes(feed)


def _navigation_entry(
    feed: etree._Element, entry_id: str, title: str, href: str, kind: str, summary: str, updated: str, rel: str
) -> None:
    entry = _el(feed, "entry")
    _el(entry, "title", title)
    _el(entry, "id", f"urn:pressroom:catalog:{entry_id}")
    _el(entry, "updated", updated)
    _el(entry, "content", summary, type="text")
    _link(entry, rel, href, kind)


def _acquisition_pages(feed_id: str, title: str, works: Sequence[SiteWork], updated: str) -> dict[str, bytes]:
    """The feed in pages of `PAGE_SIZE` books, linked first/previous/next/last, each saying the whole count
    (OpenSearch's totalResults, itemsPerPage and startIndex, as OPDS 1.2 asks of a paged feed)."""
    pages = _pages(works)
    files = {}
    for number, books in enumerate(pages, start=1):
        feed = _feed(feed_id, title, updated, ACQUISITION, number)
        if len(pages) > 1:
            _el(feed, f"{{{OPENSEARCH}}}totalResults", str(len(works)))
            _el(feed, f"{{{OPENSEARCH}}}itemsPerPage", str(PAGE_SIZE))
            _el(feed, f"{{{OPENSEARCH}}}startIndex", str((number - 1) * PAGE_SIZE + 1))
            for rel, target in (("first", 1), ("previous", number - 1), ("next", number + 1), ("last", len(pages))):
                if 1 <= target <= len(pages) and target != number:
                    _link(feed, rel, page_name(feed_id, target), ACQUISITION)
        for work in books:
            _book_entry(feed, work)
        files[page_name(feed_id, number)] = _bytes(feed)
    return files


def _acquisition_feed(feed_id: str, title: str, works: Sequence[SiteWork], updated: str) -> bytes:
    feed = _feed(feed_id, title, updated, ACQUISITION)
    for work in works:
        _book_entry(feed, work)
    return _bytes(feed)


def _book_entry(feed: etree._Element, work: SiteWork) -> None:
    entry = _el(feed, "entry")
    _el(entry, "title", work.title)
    _el(entry, "id", work.identifier)
    _el(entry, "updated", work.modified)
    author = _el(entry, "author")
    _el(author, "name", work.author)
    _el(entry, f"{{{DC}}}language", work.language)
    if work.year is not None:
        _el(entry, f"{{{DC}}}issued", f"{work.year:04d}")
    if work.genre:
        _el(entry, "category", term=work.genre, label=work.genre)
    _el(entry, "summary", _summary(work), type="text")
    for rel, href, kind, title in _book_links(work):
        _link(entry, rel, href, kind, title)


def _book_links(work: SiteWork) -> list[tuple[str, str, str, str]]:
    """Each download with a title that tells it from the others (the two EPUBs share a rel and a type), the
    book's upright cover and its thumbnail, its page."""
    links = [
        (OPEN_ACCESS, _href(work, download.name), download.media_type, _DOWNLOAD_TITLES[kind])
        for kind, download in (("epub", work.epub), ("narrated", work.narrated), ("m4b", work.m4b))
        if download is not None
    ]
    if work.cover is not None:
        links.append((IMAGE, _href(work, BOOK_COVER), "image/jpeg", "Cover"))
        links.append((THUMBNAIL, _href(work, "thumbnail.jpg"), "image/jpeg", "Cover"))
    links.append(("alternate", _href(work, "index.html"), "text/html", "The book's page"))
    return links


def _summary(work: SiteWork) -> str:
    narrated = f" Narrated: {hours(work.narration_ms)}." if work.is_narrated else ""
    return f"{work.description}{narrated}".strip()


def _href(work: SiteWork, name: str) -> str:
    return f"../{quote(work.slug)}/{quote(name)}"


def _opensearch(title: str) -> bytes:
    root = etree.Element(f"{{{OPENSEARCH}}}OpenSearchDescription", nsmap={None: OPENSEARCH})
    _el(root, f"{{{OPENSEARCH}}}ShortName", short_name(title))
    _el(root, f"{{{OPENSEARCH}}}Description", f"Search {title} by title or author")
    _el(root, f"{{{OPENSEARCH}}}InputEncoding", "UTF-8")
    _el(root, f"{{{OPENSEARCH}}}OutputEncoding", "UTF-8")
    # Reader apps ask for a feed; a browser, for the library page, which filters itself from its address.
    _el(root, f"{{{OPENSEARCH}}}Url", type=ACQUISITION, template=f"{SEARCH_FEED}?q={{searchTerms}}")
    _el(root, f"{{{OPENSEARCH}}}Url", type="text/html", template="../index.html?q={searchTerms}")
    return _bytes(root)


def _opds2_pages(works: Sequence[SiteWork], title: str, updated: str) -> dict[str, bytes]:
    """OPDS 2.0 in the same pages: `catalog.json`, `catalog.2.json`..., linked first/previous/next/last."""
    pages = _pages(works)
    files = {}
    for number, books in enumerate(pages, start=1):
        metadata: dict[str, Any] = {"title": title, "modified": updated, "numberOfItems": len(works)}
        links = [
            {"rel": "self", "href": page_name("catalog", number, "json"), "type": OPDS2},
            {"rel": "alternate", "href": "root.xml", "type": NAVIGATION},
            {"rel": "search", "href": "opensearch.xml", "type": SEARCH_TYPE},
        ]
        if len(pages) > 1:
            metadata |= {"itemsPerPage": PAGE_SIZE, "currentPage": number}
            for rel, target in (("first", 1), ("previous", number - 1), ("next", number + 1), ("last", len(pages))):
                if 1 <= target <= len(pages) and target != number:
                    links.append({"rel": rel, "href": page_name("catalog", target, "json"), "type": OPDS2})
        document = {"metadata": metadata, "links": links, "publications": [_publication(work) for work in books]}
        files[page_name("catalog", number, "json")] = (
            json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        ).encode()
    return files


def _publication(work: SiteWork) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "@type": "http://schema.org/Book",
        "identifier": work.identifier,
        "title": work.title,
        "author": {"name": work.author},
        "language": work.language,
        "modified": work.modified,
        "description": _summary(work),
    }
    if work.year is not None:
        metadata["published"] = f"{work.year:04d}"
    if work.genre:
        metadata["subject"] = [{"name": work.genre}]
    if work.is_narrated:
        metadata["duration"] = round(work.narration_ms / 1000)
    links = [
        {"rel": rel, "href": href, "type": kind, "title": title}
        for rel, href, kind, title in _book_links(work)
        if rel not in (IMAGE, THUMBNAIL)
    ]
    images = (
        [
            {"href": _href(work, BOOK_COVER), "type": "image/jpeg"},
            {"href": _href(work, "thumbnail.jpg"), "type": "image/jpeg"},
        ]
        if work.cover is not None
        else []
    )
    return {"metadata": metadata, "links": links, "images": images}


def short_name(title: str) -> str:
    """The catalog's name in at most 16 characters, cut between words (`Pressroom Library` is `Pressroom`)."""
    if len(title) <= _SHORT_NAME:
        return title
    words = title.split()
    kept = ""
    for word in words:
        if len(f"{kept} {word}".strip()) > _SHORT_NAME:
            break
        kept = f"{kept} {word}".strip()
    return kept or title[:_SHORT_NAME]


def search_feed(all_books: bytes, query: str) -> bytes:
    """The catalog's feed of every book cut to those whose title, author or summary holds every word of the
    query (case and accents aside): what `publish serve` answers to `search.xml?q=...`."""
    words = [_folded(word) for word in query.split()]
    feed = etree.fromstring(all_books)
    for entry in feed.findall(f"{{{ATOM}}}entry"):
        text = _folded(" ".join(entry.itertext()))
        if not all(word in text for word in words):
            feed.remove(entry)
    title = feed.find(f"{{{ATOM}}}title")
    if title is not None and title.text:
        title.text = f"{title.text.split(':')[0]}: search for {query}"
    return _bytes(feed)


def _folded(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))


def _el(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    qualified = tag if tag.startswith("{") else f"{{{ATOM}}}{tag}"
    element = etree.SubElement(parent, qualified, attributes)
    if text is not None:
        element.text = text
    return element


def _link(parent: etree._Element, rel: str, href: str, kind: str, title: str = "") -> None:
    attributes = {"rel": rel, "href": href, "type": kind} | ({"title": title} if title else {})
    _el(parent, "link", **attributes)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
