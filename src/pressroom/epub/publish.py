"""`publish epub`: each work (or a collection of works) planned, packaged and written to the output folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pressroom.epub.book import plan_book
from pressroom.epub.metadata import BookMeta, collection_book_meta, work_book_meta
from pressroom.epub.package import write_epub
from pressroom.layout import WorkFolder
from pressroom.model import Chapter, Work
from pressroom.outputs import remove_leftovers
from pressroom.text.wording import counted


@dataclass(frozen=True)
class MadeBook:
    path: Path
    title: str
    chapters: int
    """The book's pages (a part with its chapters is one)."""
    words: int
    outline: str = ""
    """Its contents as a reader counts them: `3 parts, 10 chapters`, `12 chapters, 40 sections`."""


def publish_work(work: Work, outdir: Path, modified: datetime | None = None) -> MadeBook:
    folder = WorkFolder.of(outdir, work.meta.slug)
    folder.claim(work.meta.title, work.meta.author)
    return _publish(work_book_meta(work, modified), [work], folder.epub)


def publish_collection(title: str, works: Sequence[Work], outdir: Path, modified: datetime | None = None) -> MadeBook:
    return _publish(collection_book_meta(title, works, modified), works, WorkFolder.of(outdir, title).epub)


def _publish(meta: BookMeta, works: Sequence[Work], path: Path) -> MadeBook:
    if path.parent.is_dir():
        remove_leftovers(path.parent)
    plan = plan_book(meta, works)
    write_epub(plan, path)
    outline = contents_outline([chapter for work in works for chapter in work.chapters])
    return MadeBook(path, meta.title, len(plan.chapters), sum(work.words for work in works), outline)


_PART = re.compile(r"(part|book|volume)\b", re.IGNORECASE)


def contents_outline(chapters: Sequence[Chapter]) -> str:
    """How many parts, chapters and sections the contents list: a top-level entry labelled a part (`Part I`,
    `Book Second`, `Volume 2`) with entries under it is a part, and those its chapters."""
    parts = [c for c in chapters if c.children and _PART.match(c.label or c.title)]
    if parts:
        count = sum(len(part.children) for part in parts) + len(chapters) - len(parts)
        return f"{counted(len(parts), 'part')}, {counted(count, 'chapter')}"
    sections = sum(len(c.children) for c in chapters)
    return counted(len(chapters), "chapter") + (f", {counted(sections, 'section')}" if sections else "")
