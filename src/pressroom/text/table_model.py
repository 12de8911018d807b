"""A table as the book prints it and as a listener hears it, whatever markup or spacing set it. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeadCell:
    """A header cell as printed: its text and how many columns it stands over (a group over two columns)."""

    text: str
    span: int = 1


@dataclass(frozen=True)
class Table:
    """Rows of cells. `head` is printed; `names`, `groups` and `units` are what a listener needs to place a value:
    each column's name, the group over it ("" when none) and the unit said after its values ("tons"), the first
    column's entries naming their rows when `row_headers` is set."""

    caption: str | None
    head: tuple[tuple[HeadCell, ...], ...]
    body: tuple[tuple[str, ...], ...]
    foot: tuple[tuple[str, ...], ...] = ()
    names: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    row_headers: bool = False
    said: tuple[tuple[str, ...], ...] = ()
    """The body and footer rows as said, when not as printed: a ditto mark is what it repeats."""

    @property
    def width(self) -> int:
        return max((len(row) for row in (*self.body, *self.foot)), default=len(self.names))


def plain_head(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[HeadCell, ...], ...]:
    return tuple(tuple(HeadCell(text) for text in row) for row in rows)
