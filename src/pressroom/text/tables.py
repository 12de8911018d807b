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
from dataclasses import dataclass

_CAPTION = re.compile(r"\|\+\s*(?P<caption>.*?)\s*\+\|")
_SEPARATOR = re.compile(r"\s(\|{1,3})(?=\s|$)")
_KINDS = {"|": "body", "||": "head", "|||": "foot"}


@dataclass(frozen=True)
class Table:
    caption: str | None
    head: tuple[tuple[str, ...], ...]
    body: tuple[tuple[str, ...], ...]
    foot: tuple[tuple[str, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the columns: the last header row's cells, or none."""
        return self.head[-1] if self.head else ()


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
    return Table(caption, tuple(rows["head"]), tuple(rows["body"]), tuple(rows["foot"]))


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


def spoken_table(table: Table, announce: str) -> list[str]:
    """What a listener hears: the table announced with its caption, then each row, every cell after its column's
    name (`1905: Sentences, 220; Executions, 90.`), and the footer's rows last."""
    said = [f"{announce}: {table.caption}." if table.caption else f"{announce}."]
    names = table.columns
    for cells in (*table.body, *table.foot):
        said.append(_spoken_row(cells, names))
    return said


def _spoken_row(cells: tuple[str, ...], names: tuple[str, ...]) -> str:
    first, *rest = cells or ("",)
    if not names or len(names) != len(cells):
        return ", ".join(cell for cell in cells if cell) + "."
    parts = [f"{name}, {cell}" for name, cell in zip(names[1:], rest, strict=True) if cell]
    return f"{first}: " + "; ".join(parts) + "." if parts else f"{first}."
