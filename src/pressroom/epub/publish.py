"""`publish epub`: each work (or a collection of works) planned, packaged and written to the output folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pressroom.epub.book import plan_book
from pressroom.epub.metadata import BookMeta, collection_book_meta, work_book_meta
from pressroom.epub.package import write_epub
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.outputs import remove_leftovers


@dataclass(frozen=True)
class MadeBook:
    path: Path
    title: str
    chapters: int
    words: int


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
    return MadeBook(path, meta.title, len(plan.chapters), sum(work.words for work in works))
