"""What a Project Gutenberg text carries besides the book's text: the transcriber's notes, uncaptioned
illustrations, the printed title page, a printed table of contents with its page numbers, and the publisher's
imprint at the end.
None of it is read aloud or made a chapter: the lines are blanked (so every other line keeps its number), the
title page gives the title and author where the header is lost, and the transcriber's notes are kept for the
colophon. Pure: lines in, values out.

Gutenberg sets displayed matter indented (title pages, imprints, notes) and the text's paragraphs flush left,
which is what tells them apart here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TRANSCRIBERS_NOTE = re.compile(r"TRANSCRIBER[’']?S[’']? NOTES?[.:]?", re.IGNORECASE)
_ILLUSTRATION = re.compile(r"\[Illustration\b", re.IGNORECASE)
_CAPTIONED = re.compile(r"\[Illustration:\s*[^\s(\]][^\]]*\]", re.IGNORECASE)
_CONTENTS = re.compile(r"(?:TABLE OF )?CONTENTS\.?", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:\s\d{1,4}|\bPAGE)\s*$")
_BY = re.compile(r"BY(?:\s+(?P<name>.+))?", re.IGNORECASE)
_GAP = 3
"""Blank lines in a row that end a displayed section (a transcriber's note runs to the next such gap)."""


@dataclass(frozen=True)
class Matter:
    lines: tuple[str, ...]
    """The text's lines with the matter blanked."""
    title: str | None
    author: str | None
    """From the printed title page (`... BY P. KROPOTKIN`), for a download whose header is lost."""
    transcriber_notes: tuple[str, ...]
    """The transcriber's notes, a paragraph each, for the colophon."""


def separate_matter(lines: list[str]) -> Matter:
    kept = list(lines)
    notes = _transcriber_notes(kept)
    _blank_illustrations(kept)
    title, author = _title_page(kept)
    _blank_contents(kept)
    _blank_imprint(kept)
    return Matter(tuple(kept), title, author, tuple(notes))


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t")


def _transcriber_notes(lines: list[str]) -> list[str]:
    """Every `TRANSCRIBER'S NOTE` section, blanked: its paragraphs, to the next gap of blank lines."""
    notes: list[str] = []
    index = 0
    while index < len(lines):
        if not _TRANSCRIBERS_NOTE.fullmatch(lines[index].strip()):
            index += 1
            continue
        lines[index] = ""
        end, blanks, paragraph = index + 1, 0, []
        while end < len(lines) and blanks < _GAP:
            text = lines[end].strip()
            blanks = 0 if text else blanks + 1
            if text:
                paragraph.append(text)
            elif paragraph:
                notes.append(" ".join(paragraph))
                paragraph = []
            lines[end] = ""
            end += 1
        if paragraph:
            notes.append(" ".join(paragraph))
        index = end
    return notes


def _blank_illustrations(lines: list[str]) -> None:
    """`[Illustration]` and a transcriber's description of an ornament (`[Illustration: (decorative icon)]`);
    an illustration with a caption (`[Illustration: FIG. 1.--...]`) stays, for the book to print as a figure."""
    index = 0
    while index < len(lines):
        if _ILLUSTRATION.match(lines[index].strip()):
            end = index
            while end < len(lines) - 1 and "]" not in lines[end]:
                end += 1
            caption = " ".join(line.strip() for line in lines[index : end + 1])
            if not _CAPTIONED.fullmatch(caption):
                lines[index : end + 1] = [""] * (end + 1 - index)
            index = end
        index += 1


def _paragraphs(lines: list[str], start: int = 0) -> list[tuple[int, int]]:
    """(first, end) line ranges of the paragraphs from `start` on."""
    spans, index = [], start
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        first = index
        while index < len(lines) and lines[index].strip():
            index += 1
        spans.append((first, index))
    return spans


def _title_page(lines: list[str]) -> tuple[str | None, str | None]:
    """The indented paragraphs before the text's first flush-left one, when they name an author (`BY ...`):
    blanked, and read for the title and the author."""
    page: list[tuple[int, int]] = []
    for first, end in _paragraphs(lines):
        if not all(_indented(line) for line in lines[first:end]):
            break
        page.append((first, end))
    words = [lines[i].strip() for first, end in page for i in range(first, end)]
    by = next((i for i, word in enumerate(words) if _BY.fullmatch(word)), None)
    if by is None:
        return None, None
    named = _BY.fullmatch(words[by])
    author = named.group("name") if named and named.group("name") else (words[by + 1] if by + 1 < len(words) else "")
    before = words[:by]
    title_words = before[: next((i for i, w in enumerate(before) if w.upper() == "OR"), len(before))]
    for first, end in page:
        lines[first:end] = [""] * (end - first)
    return _cased(" ".join(title_words)) or None, _cased(author.rstrip(".")) or None


def _cased(text: str) -> str:
    """A line set in capitals as a name is written (`P. KROPOTKIN`: `P. Kropotkin`); mixed case is kept."""
    if text != text.upper():
        return text
    return " ".join(word.capitalize() for word in text.split())


def _blank_contents(lines: list[str]) -> None:
    """A printed table of contents (`CONTENTS.`, then entries ending in page numbers and their summaries, all
    indented): the book makes its own, and page numbers mean nothing read aloud."""
    for index, line in enumerate(lines):
        if not _CONTENTS.fullmatch(line.strip()):
            continue
        spans = _paragraphs(lines, index + 1)
        entries = [span for span in spans if not all(_indented(lines[i]) for i in range(*span))]
        end = entries[0][0] if entries else len(lines)
        listed = [lines[i] for i in range(index + 1, end) if lines[i].strip()]
        if not listed or not any(_PAGE_NUMBER.search(entry) for entry in listed):
            continue
        lines[index:end] = [""] * (end - index)
        return


def _blank_imprint(lines: list[str]) -> None:
    """The publisher's imprint after the text (`T. NELSON AND SONS / PRINTERS AND PUBLISHERS`): the indented
    paragraphs in capitals after the last flush-left one."""
    for first, end in reversed(_paragraphs(lines)):
        block = lines[first:end]
        letters = "".join(ch for line in block for ch in line if ch.isalpha())
        if not all(_indented(line) for line in block) or not letters or letters != letters.upper():
            return
        lines[first:end] = [""] * (end - first)
