"""The names of the chapter files `publish audio` writes in a work's folder (the folder itself: `layout`)."""

from __future__ import annotations

import re

_LONGEST = 80


def chapter_file_name(number: int, title: str) -> str:
    """`01 - Chapter I - Our Riches.mp3`."""
    return f"{number:02d} - {file_title(title)}.mp3"


def file_title(title: str) -> str:
    """A chapter title as a file name any system accepts."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title.replace(": ", " - "))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    if len(cleaned) > _LONGEST:
        # Cut between words (`... and the Anarchist Movemen` read as a typo), unless one word is most of it.
        head = cleaned[: _LONGEST + 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else ""
        cleaned = cut if len(cut) >= _LONGEST // 2 else cleaned[:_LONGEST]
    return cleaned.rstrip(" .,;-") or "Chapter"
