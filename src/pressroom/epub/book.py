"""A book planned page by page from one work, or from several bound as a collection. Pure but for package data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pressroom.cover import CoverText, cover_png
from pressroom.epub.chapters import Anchor, chapter_page
from pressroom.epub.matter import (
    Landmark,
    TocEntry,
    colophon_page,
    cover_alt_text,
    cover_page,
    nav_page,
    part_page,
    title_page,
)
from pressroom.epub.metadata import BookMeta
from pressroom.epub.notes import link_notes
from pressroom.epub.overlays import Narration
from pressroom.model import Chapter, Work


@dataclass(frozen=True)
class Page:
    name: str
    """Path inside the package (`text/chapter-001.xhtml`)."""
    item_id: str
    xhtml: bytes
    linear: bool = True
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChapterPlacement:
    """Where a top-level chapter went: its page and the ids of what is read aloud on it."""

    chapter: Chapter
    page: str
    spoken_ids: tuple[str, ...]


@dataclass(frozen=True)
class BookPlan:
    meta: BookMeta
    pages: tuple[Page, ...]
    """In reading order; the cover is first and not linear, the nav is one of them."""
    toc: tuple[TocEntry, ...]
    cover: bytes
    cover_alt: str
    stylesheet: bytes
    chapters: tuple[ChapterPlacement, ...]
    narration: Narration | None = None


def plan_book(meta: BookMeta, works: Sequence[Work]) -> BookPlan:
    """The pages, contents and cover of a book: one work, or (when `meta.collection` is set) a part per work."""
    collection = meta.collection is not None
    body: list[Page] = []
    toc: list[TocEntry] = []
    placements: list[ChapterPlacement] = []
    for work_number, work in enumerate(works, start=1):
        prefix = f"w{work_number:02d}-" if collection else ""
        entries: list[TocEntry] = []
        if collection:
            part = Page(f"text/{prefix}part.xhtml", f"{prefix}part", part_page(work.meta, meta.language))
            body.append(part)
        names = [f"text/{prefix}chapter-{number:03d}.xhtml" for number in range(1, len(work.chapters) + 1)]
        notes = link_notes(work.chapters, names)
        for chapter_number, chapter in enumerate(work.chapters, start=1):
            name = names[chapter_number - 1]
            page = chapter_page(chapter, work.meta.language, notes[chapter_number - 1])
            body.append(Page(name, f"{prefix}chapter-{chapter_number:03d}", page.xhtml))
            placements.append(ChapterPlacement(chapter, name, page.spoken_ids))
            entries.append(_toc_entry(name, page.anchors))
        if collection:
            toc.append(TocEntry(work.meta.title, f"text/{prefix}part.xhtml", tuple(entries)))
        else:
            toc.extend(entries)
    landmarks = [
        Landmark("cover", "Cover", "text/cover.xhtml"),
        Landmark("titlepage", "Title Page", "text/titlepage.xhtml"),
        Landmark("toc", "Contents", "text/nav.xhtml"),
        Landmark("bodymatter", "Start of Text", body[0].name),
        Landmark("colophon", "Colophon", "text/colophon.xhtml"),
    ]
    colophon = Page("text/colophon.xhtml", "colophon", colophon_page(meta, [work.meta for work in works]))
    toc.append(TocEntry("Colophon", colophon.name))
    pages = (
        Page("text/cover.xhtml", "cover", cover_page(meta), linear=False),
        Page("text/titlepage.xhtml", "titlepage", title_page(meta)),
        Page("text/nav.xhtml", "nav", nav_page(meta, toc, landmarks), properties=("nav",)),
        *body,
        colophon,
    )
    return BookPlan(
        meta=meta,
        pages=pages,
        toc=tuple(toc),
        cover=meta.cover or cover_png(_cover_text(meta)),
        cover_alt=cover_alt_text(meta),
        stylesheet=stylesheet(),
        chapters=tuple(placements),
    )


def _toc_entry(page: str, anchors: Sequence[Anchor]) -> TocEntry:
    """Nest the page's sections under its chapter, by level, as the text nests them."""

    def build(anchor: Anchor, rest: list[Anchor]) -> TocEntry:
        children: list[TocEntry] = []
        while rest and rest[0].chapter.level > anchor.chapter.level:
            children.append(build(rest.pop(0), rest))
        href = f"{page}#{anchor.fragment}" if anchor.fragment else page
        return TocEntry(anchor.chapter.heading_line, href, tuple(children))

    return build(anchors[0], list(anchors[1:]))


def _cover_text(meta: BookMeta) -> CoverText:
    byline = " & ".join(meta.authors)
    if meta.collection is not None:
        return CoverText(meta.title, byline, "A collection")
    return CoverText(meta.title, byline, str(meta.year) if meta.year is not None else "")


@cache
def stylesheet(narrated: bool = False) -> bytes:
    """The book's stylesheet; a narrated book's adds the style of the block being read."""
    data = resources.files("pressroom") / "data"
    css = (data / "book.css").read_bytes()
    return css + b"\n" + (data / "overlay.css").read_bytes() if narrated else css
