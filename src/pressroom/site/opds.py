"""The library as OPDS catalogs for e-reader apps: OPDS 1.2 (Atom; KOReader, Thorium, Moon+...) and OPDS 2.0
(JSON; Thorium, Readium apps), with an OpenSearch description. Pure: values in, documents out.

All links are relative to the catalog folder (`opds/`), so the catalog works wherever the site is served.
"""

from __future__ import annotations

import json
import re
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
_NSMAP = {None: ATOM, "dc": DC, "opds": OPDS}


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
    files["all.xml"] = _acquisition_feed("all", f"{title}: all books", works, updated)
    files["new.xml"] = _acquisition_feed("new", f"{title}: new", newest, updated)
    for prefix, groups in (("genre", genres), ("author", authors)):
        for name, group in groups.items():
            feed_id = f"{prefix}-{_slug(name)}"
            files[f"{feed_id}.xml"] = _acquisition_feed(feed_id, f"{title}: {name}", group, updated)
    files["genres.xml"] = _navigation_feed("genres", f"{title}: by genre", "genre", genres, updated)
    files["authors.xml"] = _navigation_feed("authors", f"{title}: by author", "author", authors, updated)
    files["root.xml"] = _root(title, updated, len(works))
    files["opensearch.xml"] = _opensearch(title)
    files["catalog.json"] = _opds2(works, title, updated)
    return Catalog(files)


def _grouped(works: Sequence[SiteWork], key: Any) -> dict[str, list[SiteWork]]:
    groups: dict[str, list[SiteWork]] = {}
    for work in works:
        groups.setdefault(key(work), []).append(work)
    return dict(sorted(groups.items()))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "other"


def _feed(feed_id: str, title: str, updated: str, kind: str) -> etree._Element:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=_NSMAP)
    _el(feed, "id", f"urn:pressroom:catalog:{feed_id}")
    _el(feed, "title", title)
    _el(feed, "updated", updated)
    author = _el(feed, "author")
    _el(author, "name", "Pressroom")
    name = "root.xml" if feed_id == "root" else f"{feed_id}.xml"
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
    for rel, href, kind in _book_links(work):
        _link(entry, rel, href, kind)


def _book_links(work: SiteWork) -> list[tuple[str, str, str]]:
    links = []
    for download in (work.epub, work.narrated, work.m4b):
        if download is not None:
            links.append((OPEN_ACCESS, _href(work, download.name), download.media_type))
    if work.cover is not None:
        links.append((IMAGE, _href(work, "cover.jpg"), "image/jpeg"))
        links.append((THUMBNAIL, _href(work, "thumbnail.jpg"), "image/jpeg"))
    links.append(("alternate", _href(work, "index.html"), "text/html"))
    return links


def _summary(work: SiteWork) -> str:
    narrated = f" Narrated: {hours(work.narration_ms)}." if work.is_narrated else ""
    return f"{work.description}{narrated}".strip()


def _href(work: SiteWork, name: str) -> str:
    return f"../{quote(work.slug)}/{quote(name)}"


def _opensearch(title: str) -> bytes:
    root = etree.Element(f"{{{OPENSEARCH}}}OpenSearchDescription", nsmap={None: OPENSEARCH})
    _el(root, f"{{{OPENSEARCH}}}ShortName", title[:16])
    _el(root, f"{{{OPENSEARCH}}}Description", f"Search {title} by title or author")
    _el(root, f"{{{OPENSEARCH}}}InputEncoding", "UTF-8")
    _el(root, f"{{{OPENSEARCH}}}OutputEncoding", "UTF-8")
    # A static site has no search service: the library page filters itself from the query in its address.
    _el(root, f"{{{OPENSEARCH}}}Url", type="text/html", template="../index.html?q={searchTerms}")
    return _bytes(root)


def _opds2(works: Sequence[SiteWork], title: str, updated: str) -> bytes:
    document = {
        "metadata": {"title": title, "modified": updated, "numberOfItems": len(works)},
        "links": [
            {"rel": "self", "href": "catalog.json", "type": "application/opds+json"},
            {"rel": "alternate", "href": "root.xml", "type": NAVIGATION},
            {"rel": "search", "href": "opensearch.xml", "type": SEARCH_TYPE},
        ],
        "publications": [_publication(work) for work in works],
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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
        {"rel": OPEN_ACCESS, "href": _href(work, d.name), "type": d.media_type}
        for d in (work.epub, work.narrated, work.m4b)
        if d is not None
    ]
    links.append({"rel": "alternate", "href": _href(work, "index.html"), "type": "text/html"})
    images = (
        [
            {"href": _href(work, "cover.jpg"), "type": "image/jpeg", "width": 1400, "height": 1400},
            {"href": _href(work, "thumbnail.jpg"), "type": "image/jpeg"},
        ]
        if work.cover is not None
        else []
    )
    return {"metadata": metadata, "links": links, "images": images}


def _el(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    qualified = tag if tag.startswith("{") else f"{{{ATOM}}}{tag}"
    element = etree.SubElement(parent, qualified, attributes)
    if text is not None:
        element.text = text
    return element


def _link(parent: etree._Element, rel: str, href: str, kind: str) -> None:
    _el(parent, "link", rel=rel, href=href, type=kind)


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
