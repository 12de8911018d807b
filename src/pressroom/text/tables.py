"""Tables in Anarchist Library (Amusewiki) markup, read into rows and cells for print and speech. Pure.

    |+ Courts Martial +|
     Year || Sentences || Executions
     1905 | 220 | 90
     Total ||| 220 ||| 90

A caption between `|+` and `+|`; cells parted by `||` in header rows, `|` in body rows, `|||` in footer rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pressroom.text.announcements import ENGLISH, Wording
from pressroom.text.spaced_tables import DITTO, is_empty, spaced_table
from pressroom.text.table_header import said_header
from pressroom.text.table_model import Table, plain_head

_CAPTION = re.compile(r"\|\+\s*(?P<caption>.*?)\s*\+\|")
_SEPARATOR = re.compile(r"\s(\|{1,3})(?=\s|$)")
_KINDS = {"|": "body", "||": "head", "|||": "foot"}


def is_markup_table_line(text: str) -> bool:
    """A caption line, or a row whose cells are parted by bars with spaces about them."""
    stripped = text.strip()
    return _CAPTION.fullmatch(stripped) is not None or _row(stripped) is not None


def markup_table(lines: Sequence[str]) -> Table | None:
    """The table the lines set out, or None when they are not all caption and rows (a box drawn with `+---+`,
    columns set with spaces)."""
    caption = None
    rows: dict[str, list[tuple[str, ...]]] = {"head": [], "body": [], "foot": []}
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        captioned = _CAPTION.fullmatch(stripped)
        if captioned:
            caption = captioned.group("caption") or caption
            continue
        row = _row(stripped)
        if row is None:
            return None
        kind, cells = row
        rows[kind].append(cells)
    if not any(rows.values()):
        return None
    names = rows["head"][-1] if rows["head"] else ()
    width = max(len(row) for row in (*rows["body"], *rows["foot"], names))
    return Table(
        caption,
        plain_head(tuple(rows["head"])),
        tuple(rows["body"]),
        tuple(rows["foot"]),
        names=tuple(said_header(name) for name in names),
        groups=("",) * len(names),
        units=("",) * len(names),
        row_headers=width >= 2,
        said=_dittos_resolved((*rows["body"], *rows["foot"])),
    )


def read_table(lines: Sequence[str]) -> Table | None:
    """A table in Amusewiki markup, drawn with `+---+` boxes, or set in columns with spaces; None when the
    lines are none of these (the book prints them as they are, and the narration reads them line by line)."""
    return markup_table(lines) or box_table(lines) or spaced_table(lines)


_BOX_RULE = re.compile(r"\s*\+[-=+:\s]*\+\s*")


def box_table(lines: Sequence[str]) -> Table | None:
    """A table drawn with `+----+` rules and `|` between cells. A row may run over several lines (between two
    rules); the rows above a rule of `=`, or above the second rule of three or more, are the header."""
    stripped = [line.strip() for line in lines if line.strip()]
    if len(stripped) < 2 or not all(line[0] in "+|" and line[-1] in "+|" for line in stripped):
        return None
    rows: list[tuple[str, ...]] = []
    pending: list[list[str]] = []
    head_end = None
    rules = 0
    for line in stripped:
        if _BOX_RULE.fullmatch(line):
            rules += 1
            if pending:
                rows.append(tuple(" ".join(part for part in parts if part) for parts in zip(*pending, strict=False)))
                pending = []
            if head_end is None and rows and ("=" in line or rules == 2):
                head_end = len(rows)
            continue
        pending.append([cell.strip() for cell in line.strip("|").split("|")])
    if pending:
        rows.append(tuple(" ".join(part for part in parts if part) for parts in zip(*pending, strict=False)))
    if not rows or rules < 2:
        return None
    head_end = head_end if head_end is not None and rules >= 3 and head_end < len(rows) else 0
    head, body = tuple(rows[:head_end]), tuple(rows[head_end:])
    names = head[-1] if head else ()
    return Table(
        None,
        plain_head(head),
        body,
        names=tuple(said_header(name) for name in names),
        groups=("",) * len(names),
        units=("",) * len(names),
        row_headers=max(len(row) for row in body) >= 2,
        said=_dittos_resolved(body),
    )


def _dittos_resolved(rows: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    said: list[tuple[str, ...]] = []
    for row in rows:
        above = said[-1] if said else ()
        said.append(tuple(above[i] if DITTO.fullmatch(cell) and i < len(above) else cell for i, cell in enumerate(row)))
    return tuple(said)


def _row(text: str) -> tuple[str, tuple[str, ...]] | None:
    bars = {match.group(1) for match in _SEPARATOR.finditer(f" {text}")}
    if len(bars) != 1:
        return None  # no bars, or a row that mixes `|` and `||` is not a Muse row
    (bar,) = bars
    cells = tuple(cell.strip() for cell in re.split(rf"(?:^|\s){re.escape(bar)}(?=\s|$)", f" {text}"))
    # A row may open and close with its bar.
    cells = cells[1:] if cells and not cells[0] else cells
    cells = cells[:-1] if cells and not cells[-1] else cells
    return _KINDS[bar], cells


def spoken_table(table: Table, wording: Wording = ENGLISH) -> list[str]:
    """What a listener hears: the table announced with its caption, then each row, every value after its
    column's name (and its group's, said once for the columns under it) with its unit (`1905: Sentences, 220;
    Executions, 90.`), the totals, and the notes under the table last."""
    caption = said_header(table.caption) if table.caption else ""
    said = [f"{wording.table}: {caption}." if caption else f"{wording.table}."]
    rows = table.said or (*table.body, *table.foot)
    said.extend(_spoken_row(cells, table, wording) for cells in rows)
    said.extend(table.notes)
    return [text for text in said if text]


def _spoken_row(cells: tuple[str, ...], table: Table, wording: Wording) -> str:
    names = table.names if len(table.names) == len(cells) else ()
    if not names:
        return ", ".join(_value(cell, "", wording) for cell in cells if not is_empty(cell)) + "."
    label, start = (cells[0], 1) if table.row_headers else ("", 0)
    groups = table.groups if len(table.groups) == len(cells) else ("",) * len(cells)
    units = table.units if len(table.units) == len(cells) else ("",) * len(cells)
    runs: list[tuple[str, list[str]]] = []
    for index in range(start, len(cells)):
        if is_empty(cells[index]):
            continue
        value = _value(cells[index], units[index], wording)
        piece = f"{names[index]}, {value}" if names[index] else value
        if runs and runs[-1][0] == groups[index]:
            runs[-1][1].append(piece)
        else:
            runs.append((groups[index], [piece]))
    spoken = [f"{group}: " + "; ".join(pieces) if group else "; ".join(pieces) for group, pieces in runs]
    if not spoken:
        return f"{label}." if label else ""
    if not label:
        return _stopped(". ".join(spoken))
    return _stopped(f"{label}{'. ' if any(group for group, _ in runs) else ': '}" + ". ".join(spoken))


def _stopped(text: str) -> str:
    """A row as a sentence: one full stop at its end, even after a value that ends in one (`119s.`)."""
    return text if text.endswith(".") else f"{text}."


_BOLD_OR_ITALIC = re.compile(r"([=_])(.+)\1")  # Gutenberg's `=121s.=` and `_112s._`
_MORE = re.compile(r"(?<=\d)\+")
_MARKS = re.compile(r"(?<=[\d)])[*†‡§]+")


def _value(cell: str, unit: str, wording: Wording) -> str:
    """A value as said: `72+` is "72 and more", a star or dagger pointing to a note under the table is not
    said, the unit follows the number."""
    marked = _BOLD_OR_ITALIC.fullmatch(cell)
    cell = marked.group(2) if marked else cell
    more = wording.more if _MORE.search(cell) else ""
    text = _MARKS.sub("", _MORE.sub("", cell)).strip()
    return " ".join(part for part in (text, unit, more) if part)
