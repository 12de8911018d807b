"""Audiobookshelf folders: what its scanner reads for a book, so that pointing it at the output folder shows
every book once, with its chapters, cover, description and narrator. Pure.

Audiobookshelf makes one book of all the audio files in a folder, so a work's own folder (chapter MP3s and the
M4B) would read as the book twice over: that folder gets an `.ignore` file (which its scanner honours), and
`audiobookshelf/<work>/` holds the M4B (its chapters inside), the EPUB, and the files below.
"""

from __future__ import annotations

import json
from typing import Any

from pressroom.site.library import SiteWork

FOLDER = "audiobookshelf"
IGNORE = ".ignore"
IGNORE_NOTE = b"Audiobookshelf: this book is in ../audiobookshelf/, as its M4B with the chapters inside\n"


def metadata_json(work: SiteWork) -> str:
    """`metadata.json`, which overrides what Audiobookshelf takes from folder names and tags."""
    document: dict[str, Any] = {
        "title": work.title,
        "subtitle": None,
        "authors": [work.author],
        "narrators": [f"{work.narrator} (synthetic voice)"] if work.narrator else [],
        "series": [],
        "genres": [work.genre] if work.genre else [],
        "tags": [],
        "publishedYear": str(work.year) if work.year is not None else None,
        "publishedDate": None,
        "publisher": "Pressroom",
        "description": work.description,
        "isbn": None,
        "asin": None,
        "language": work.language,
        "explicit": False,
        "abridged": False,
        "chapters": [
            {"id": index, "start": start / 1000, "end": end / 1000, "title": title}
            for index, (title, start, end) in enumerate(work.book_chapters)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def description_text(work: SiteWork) -> str:
    source = f"\n\nSource: {work.source}" if work.source else ""
    return f"{work.description}{source}\n"


def reader_text(work: SiteWork) -> str:
    """`reader.txt`: the narrator, on its first line."""
    return f"{work.narrator} (synthetic voice)\n" if work.narrator else ""
