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

from pressroom.text.headings import clean_title

_TRANSCRIBERS_NOTE = re.compile(r"TRANSCRIBER[’']?S[’']? NOTES?[.:]?", re.IGNORECASE)
_ILLUSTRATION = re.compile(r"\[Illustration\b", re.IGNORECASE)
_CAPTIONED = re.compile(r"\[Illustration:\s*[^\s(\]][^\]]*\]", re.IGNORECASE)
_CONTENTS = re.compile(r"(?:TABLE OF )?CONTENTS\.?|(?:LIST OF )?ILLUSTRATIONS\.?", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"(?:\s|\.)(?:\d{1,4}|[ivxlc]{1,7})\s*$|_?Frontispiece_?\s*$|\bto face p(?:age|\.)\s*\d+\s*$", re.IGNORECASE
)
"""An entry's page: a number (arabic, or roman for the front matter), or where a plate faces."""
_ENTRY = re.compile(
    _PAGE_NUMBER.pattern
    + r"|^\s*(?:CHAP(?:TER|\.)?|PART|BOOK|SECTION)?\s*PAGE\.?\s*$|^\s*(?:CHAP(?:TER)?|PART)\.?\s*$",
    re.IGNORECASE,
)
"""A line of a contents: an entry with its page, or a column's heading (`CHAPTER     PAGE`, `PART PAGE`)."""
_BY = re.compile(r"BY(?:\s+(?P<name>.+))?", re.IGNORECASE)
_DISPLAY_WIDTH = 72
_OPENS_TEXT = re.compile(
    r"(?:(?:CHAPTER|PART|BOOK)\s+\S+.*|PREFACE.*|INTRODUCTION.*|FOREWORD.*|CONTENTS\.?|TABLE OF CONTENTS\.?"
    r"|AUTHOR[’']?S NOTE\.?|[IVXLC]+\.?)",
    re.IGNORECASE,
)
"""A line that opens the text or its front matter proper: never a line of the title page."""
_IMPRINT_END = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d|(?=[MDCLXVI]{3,}\.?$)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))\.?$"
)
"""A year (arabic or roman) ends an imprint (`NEW YORK / VANGUARD PRESS / MCMXXVI`), never a heading."""
_IMPRINT = re.compile(
    r"\b(?:PRINTED|PUBLISHED|COPYRIGHT|ALL RIGHTS RESERVED|FIRST (?:PUBLISHED|EDITION|PRINTED)|ENTERED ACCORDING)\b|©",
    re.IGNORECASE,
)
"""A printer's or publisher's line (`PRINTED IN THE UNITED STATES OF AMERICA`): the imprint, never a heading."""
_LONGEST_NOTE = 12
"""Paragraphs an untitled note before the first heading may have (signature and date included)."""
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
    """The title page, by its kind wherever and however it is set (indented or flush, in capitals or not, over
    several lines, with a frontispiece, an edition line, a publisher, a city and a year): the display paragraphs
    before the text's first heading or prose, when they name an author (`BY ...`). Blanked, and read for the title
    and the author; an untitled note after it is given a heading (`Author's Note`)."""
    page = display_run(lines)
    words = [lines[i].strip() for first, end in page for i in range(first, end)]
    by = next((i for i, word in enumerate(words) if _BY.fullmatch(_unmarked(word))), None)
    if by is None:
        return None, None
    named = _BY.fullmatch(_unmarked(words[by]))
    after = words[by + 1] if by + 1 < len(words) else ""
    author = named.group("name") if named and named.group("name") else _unmarked(after)
    title = _title_lines(lines, page, by)
    for first, end in page:
        lines[first:end] = [""] * (end - first)
    _name_untitled_note(lines, page[-1][1])
    return clean_title(" ".join(title)) or None, _cased(author.rstrip(".,")) or None


def display_run(lines: list[str]) -> list[tuple[int, int]]:
    """The paragraphs that open the text and are set for display, not read: short lines that are no prose and no
    heading of the text, and illustrations (a frontispiece, its caption over several lines)."""
    spans = _paragraphs(lines)
    run: list[tuple[int, int]] = []
    for number, (first, end) in enumerate(spans):
        block = [lines[i].strip() for i in range(first, end)]
        if _ILLUSTRATION.match(block[0]):
            run.append((first, end))
            continue
        if not _display(block) or _OPENS_TEXT.fullmatch(_unmarked(block[0])):
            break
        following = spans[number + 1] if number + 1 < len(spans) else None
        prose_next = following is not None and _prose([lines[i] for i in range(*following)])
        if prose_next and len(block) <= 2 and not _IMPRINT_END.search(block[-1]) and not _IMPRINT.search(block[0]):
            break  # a heading over its text (`THE MAN (1842-1921):`), not a line of the title page
        run.append((first, end))
    return run


def _title_lines(lines: list[str], page: list[tuple[int, int]], by: int) -> list[str]:
    """The lines set before `BY`, back to an illustration or the page's start, once (a half-title repeated
    after a frontispiece counts once), cut before an alternative title (`..., OR, ...`)."""
    lines_before: list[str] = []
    for first, end in page:
        block = [lines[i].strip() for i in range(first, end)]
        if _ILLUSTRATION.match(block[0]):
            lines_before = []
            continue
        lines_before += block
        if len(lines_before) > by or any(_BY.fullmatch(_unmarked(line)) for line in block):
            break
    title = []
    for line in lines_before:
        if _BY.fullmatch(_unmarked(line)):
            break
        if line.strip(" ,;").upper() == "OR":
            break
        title.append(_unmarked(line))
    half = len(title) // 2
    if half and title[:half] == title[half:]:
        title = title[:half]
    return title


def _name_untitled_note(lines: list[str], after: int) -> None:
    """Prose right after the title page, before any heading, is the author's untitled note: it is read under a
    heading a listener can follow, set on a line the title page left blank."""
    spans = _paragraphs(lines, after)
    if not spans or not _prose([lines[i] for i in range(*spans[0])]) or after < 1:
        return
    # Only a note before a heading: a text with no heading after its title page is the work itself.
    note_ends = next((first for first, _ in spans if _OPENS_TEXT.fullmatch(_unmarked(lines[first].strip()))), None)
    if note_ends is None or len([span for span in spans if span[0] < note_ends]) > _LONGEST_NOTE:
        return
    lines[after - 1] = "AUTHOR'S NOTE"


def _unmarked(line: str) -> str:
    """A line without its italics marks (`_By_ PETER KROPOTKIN`, `_WITH PORTRAIT_`)."""
    return " ".join(line.replace("_", " ").split())


def _display(block: list[str]) -> bool:
    return all(len(line) <= _DISPLAY_WIDTH for line in block) and not _prose(block)


def _prose(block: list[str]) -> bool:
    """Running text: sentences of mostly small letters, at least a line of a paragraph's width."""
    text = " ".join(line.strip() for line in block)
    letters = [ch for ch in text if ch.isalpha()]
    small = sum(ch.islower() for ch in letters)
    return len(text.split()) >= 12 and small > len(letters) * 0.6 and any(len(line.strip()) > 50 for line in block)


def _cased(text: str) -> str:
    """A line set in capitals as a name is written (`P. KROPOTKIN`: `P. Kropotkin`); mixed case is kept."""
    if text != text.upper():
        return text
    return " ".join(word.capitalize() for word in text.split())


def _blank_contents(lines: list[str]) -> None:
    """A printed table of contents and a list of illustrations, in any layout (`CHAPTER ... PAGE` or `PART
    PAGE` columns, dotted leaders, roman or arabic numbers, indented or flush, summaries under the entries): its
    heading and the paragraphs of entries after it. The book makes its own, and page numbers mean nothing read
    aloud. A `CONTENTS` line with no page numbers after it is left (a heading of the text)."""
    index = 0
    while index < len(lines):
        if not _CONTENTS.fullmatch(lines[index].strip()):
            index += 1
            continue
        end, entries = index + 1, 0
        for first, stop in _paragraphs(lines, index + 1):
            block = [lines[i] for i in range(first, stop)]
            listed = [line for line in block if _ENTRY.search(line.rstrip())]
            if len(listed) == len(block) or (entries and all(_indented(line) for line in block)):
                entries += sum(1 for line in listed if _PAGE_NUMBER.search(line.rstrip()))
                end = stop
                continue
            break
        if entries:
            lines[index:end] = [""] * (end - index)
        index = end


def _blank_imprint(lines: list[str]) -> None:
    """The publisher's imprint after the text (`T. NELSON AND SONS / PRINTERS AND PUBLISHERS`): the indented
    paragraphs in capitals after the last flush-left one."""
    for first, end in reversed(_paragraphs(lines)):
        block = lines[first:end]
        letters = "".join(ch for line in block for ch in line if ch.isalpha())
        if not all(_indented(line) for line in block) or not letters or letters != letters.upper():
            return
        lines[first:end] = [""] * (end - first)
