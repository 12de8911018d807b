"""From unit bodies to chunks: runs of non-blank lines, each line knowing the file and line it came from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import dropwhile

from pressroom.model import SourceRef, Unit
from pressroom.text.names import is_in_capitals
from pressroom.text.patterns import MARKUP_HEADING

_ENDS_SENTENCE = re.compile(r"""[.!?:;…][\]\)"”’'_*]*$|[—*]$|^\W*$""")
# Control characters other than tab and newline have no place in a book; they are read as spaces.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_SCENE_BREAK = re.compile(r"(?:[*⁂•·]\s*){3,}|\*(?:\s+\*)+|[-—–_=~]{3,}")


def is_scene_break(text: str) -> bool:
    """`*       *       *`, `* * *`, `⁂`-like ornaments, a rule of dashes."""
    return _SCENE_BREAK.fullmatch(text.strip()) is not None


@dataclass(frozen=True)
class Line:
    text: str
    """The line without its line end or trailing spaces; leading spaces are kept (they carry meaning)."""
    ref: SourceRef

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Chunk:
    """Consecutive non-blank lines: a paragraph, a heading, a verse, a table row..."""

    lines: tuple[Line, ...]

    @property
    def ref(self) -> SourceRef:
        return self.lines[0].ref

    @property
    def indent(self) -> int:
        return min(line.indent for line in self.lines)

    @property
    def is_single_line(self) -> bool:
        return len(self.lines) == 1

    @property
    def first(self) -> str:
        return self.lines[0].stripped


def unit_lines(units: Sequence[Unit]) -> list[Line | None]:
    """All lines of a work's units in order; None stands for a blank line.

    The corpus builder sometimes split a unit in the middle of a paragraph, so a unit that ends
    mid-sentence runs straight on into the next one instead of being closed by a blank line.
    """
    out: list[Line | None] = []
    for unit in units:
        numbered = enumerate(unit.body.split("\n"), start=unit.first_line)
        present = list(dropwhile(lambda line: line is None, (_line(raw, unit.path, n) for n, raw in numbered)))
        first = present[0] if present else None
        _drop_trailing_blanks(out)
        if first is not None and out and not _runs_on(out[-1], first):
            out.append(None)
        out.extend(present)
    _drop_trailing_blanks(out)
    return out


def chunks(lines: Iterable[Line | None]) -> list[Chunk]:
    """Group lines into chunks at blank lines; a markup heading (`## Title`) is always a chunk of its own."""
    out: list[Chunk] = []
    current: list[Line] = []
    for line in lines:
        if line is not None and MARKUP_HEADING.match(line.text) and current:
            out.append(Chunk(tuple(current)))
            current = []
        if line is None:
            if current:
                out.append(Chunk(tuple(current)))
            current = []
            continue
        current.append(line)
        if MARKUP_HEADING.match(line.text):
            out.append(Chunk(tuple(current)))
            current = []
    if current:
        out.append(Chunk(tuple(current)))
    return out


def _line(raw: str, path: str, number: int) -> Line | None:
    text = _CONTROLS.sub(" ", raw.expandtabs(8)).rstrip()
    return Line(text, SourceRef(path, number)) if text.strip() else None


def _drop_trailing_blanks(lines: list[Line | None]) -> None:
    while lines and lines[-1] is None:
        lines.pop()


# `57. In the prison of ...`: a numbered item opens a line of its own, whatever the line before it.
_LIST_ITEM = re.compile(r"\d{1,3}\.\s+[A-Z“\"]")


def _runs_on(last: Line | None, first: Line) -> bool:
    """Whether a unit's first line continues the paragraph on the previous unit's last line."""
    if last is None:
        return False
    previous = last.stripped
    if _ENDS_SENTENCE.search(previous) or MARKUP_HEADING.match(last.text) or is_in_capitals(previous):
        return False
    return not (MARKUP_HEADING.match(first.text) or is_in_capitals(first.stripped) or _LIST_ITEM.match(first.stripped))
