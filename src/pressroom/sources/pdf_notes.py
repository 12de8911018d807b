"""Footnotes at a page's foot, as a printed book sets them: smaller type below the text, each opening with its
mark; the same mark raised in the text above. They become the book's notes, numbered through the book (a
printed book numbers them afresh on each page), each mark a link to its note. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

MARK = re.compile(r"\d{1,3}|[*†‡§]{1,3}")
_RAISED = re.compile("\x01([^\x02]*)\x02")
_NOTE_START = re.compile(r"\s*(?:\x01(?P<raised>[^\x02]*)\x02|(?P<label>\d{1,3}|[*†‡§]{1,3})[.)]?(?=\s))\s*")
_SMALLER = 0.92
"""A footnote's type is at most this much of the running text's."""


@dataclass(frozen=True)
class Line:
    """A line of a PDF's text: its page, its block on the page (a paragraph, mostly), its type size and place."""

    page: int
    block: int
    text: str
    size: float
    top: float
    left: float
    in_margin: bool


def page_notes(lines: Sequence[Line], size: float) -> tuple[list[Line], list[tuple[str, list[str]]]]:
    """The lines less their pages' footnotes, their marks numbered through the book (`[3]`); and the notes,
    each as its number and its lines. A page whose small type below the text opens with no mark keeps it as
    text; a raised mark with no note on its page is left as it is printed."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    kept: list[Line] = []
    notes: list[tuple[str, list[str]]] = []
    for page in sorted(by_page):
        text_lines, foot = _split_foot(by_page[page], size)
        found = _notes_of(foot)
        numbers: dict[str, str] = {}
        for label, _ in found:
            numbers.setdefault(label, str(len(notes) + len(numbers) + 1))
        kept.extend(replace(line, text=_linked(line.text, numbers)) for line in text_lines)
        notes.extend((numbers[label], body) for label, body in found if numbers.get(label))
    return kept, notes


def _split_foot(lines: Sequence[Line], size: float) -> tuple[list[Line], list[Line]]:
    """A page's lines above its footnotes, and the footnotes' lines: the small type below the last line of
    running text, when its first line opens with a mark."""
    body_bottom = max((line.top for line in lines if line.size >= size * _SMALLER), default=-1.0)
    foot = [line for line in lines if line.size < size * _SMALLER and line.top > body_bottom]
    if not foot or not _NOTE_START.match(foot[0].text):
        return list(lines), []
    return [line for line in lines if line not in foot], foot


def _notes_of(foot: Sequence[Line]) -> list[tuple[str, list[str]]]:
    notes: list[tuple[str, list[str]]] = []
    for line in foot:
        start = _NOTE_START.match(line.text)
        if start:
            label = start.group("raised") or start.group("label")
            notes.append((label, [line.text[start.end() :]]))
        elif notes:
            notes[-1][1].append(_RAISED.sub(r"\1", line.text))
    return notes


def _linked(text: str, numbers: dict[str, str]) -> str:
    """Each raised mark as its note's number (`[3]`), or as printed when its page has no note of that mark."""

    def numbered(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        return f"[{number}]" if number else match.group(1)

    return _RAISED.sub(numbered, text)
