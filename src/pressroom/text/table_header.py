"""The header of a table set with spaces: its caption, the names over its columns (words broken over lines
mended), groups over several columns, a line of units. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pressroom.text.names import is_in_capitals, title_case
from pressroom.text.table_columns import Cell, zone_of, zones_of
from pressroom.text.table_model import HeadCell

_GROUP_OVERLAP = 0.5
_GROUP_SHARE = 0.25
_MEND_REACH = 2


def read_header(
    rows: Sequence[Sequence[Cell]], zones: Sequence[tuple[float, float]], labelled: bool, label_start: int
) -> tuple[str | None, tuple[tuple[HeadCell, ...], ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The caption, the header rows as printed, and each column's name, group and unit as said."""
    count = len(zones)
    rows = list(rows)
    caption_lines: list[str] = []
    while rows and len(rows[0]) == 1 and count >= 2 and zone_of(rows[0][0], zones) is not None:
        caption_lines.append(rows.pop(0)[0].text)
    zones = _namezones_of(rows, zones, labelled, label_start)
    stub: list[str] = []
    names: list[list[str]] = [[] for _ in zones]
    units = [""] * count
    levels: list[tuple[tuple[tuple[int, int], ...], list[list[str]]]] = []
    broken: dict[int, Cell] = {}  # the columns whose name so far ends in a word broken at a hyphen
    for cells in rows:
        placed = []
        for cell, covered in _line_columns(cells, zones, labelled, label_start):
            mended = _mends(cell, broken)
            if mended is not None:
                covered = (mended, mended)
            if covered is None:
                stub.append(cell.text)
            else:
                placed.append((covered, cell.text))
                if covered[0] == covered[1]:
                    broken.pop(covered[0], None)
                    if cell.text.endswith("-"):
                        broken[covered[0]] = cell
        if any(first != last for (first, last), _ in placed):
            shape = tuple(span for span, _ in placed)
            if levels and levels[-1][0] == shape:
                for parts, (_, text) in zip(levels[-1][1], placed, strict=True):
                    parts.append(text)
            else:
                levels.append((shape, [[text] for _, text in placed]))
        elif count >= 2 and len(placed) == count and len({_plain(text) for _, text in placed}) == 1:
            for (first, _), text in placed:
                units[first] = text
        else:
            for (first, _), text in placed:
                names[first].append(text)
    if not any(names) and any(units):
        # A line of one word over every column is their unit only below their names; alone, it names them.
        names = [[unit] if unit else [] for unit in units]
        units = [""] * count
    head: list[tuple[HeadCell, ...]] = []
    groups = [""] * count
    for shape, cell_texts in levels:
        row: list[HeadCell] = [HeadCell("")] if labelled else []
        column = 0
        for (first, last), texts in zip(shape, cell_texts, strict=True):
            row.extend(HeadCell("") for _ in range(first - column))
            text = _joined(texts)
            row.append(HeadCell(text, last - first + 1))
            for index in range(first, last + 1):
                groups[index] = ", ".join(part for part in (groups[index], said_header(text)) if part)
            column = last + 1
        row.extend(HeadCell("") for _ in range(count - column))
        head.append(tuple(row))
    printed_names = [_joined(parts) for parts in names]
    if any(printed_names) or stub:
        head.append(((HeadCell(_joined(stub)),) if labelled else ()) + tuple(HeadCell(name) for name in printed_names))
    if any(units):
        head.append(((HeadCell(""),) if labelled else ()) + tuple(HeadCell(unit) for unit in units))
    lead = (said_header(_joined(stub)),) if labelled else ()
    caption = re.sub(r"[\s.,:;—–-]+$", "", _joined(caption_lines)) or None
    return (
        caption,
        tuple(head),
        lead + tuple(said_header(name) for name in printed_names),
        (("",) if labelled else ()) + tuple(groups),
        (("",) if labelled else ()) + tuple(_plain(unit) for unit in units),
    )


def _namezones_of(
    rows: Sequence[Sequence[Cell]], zones: Sequence[tuple[float, float]], labelled: bool, label_start: int
) -> Sequence[tuple[float, float]]:
    """The columns' stretches for their header: where a line that names every column sets its names, since a
    group's title is centred over its columns' names more often than over their values."""
    for cells in rows:
        named = {column for _, column in _line_columns(cells, zones, labelled, label_start) if column}
        if named == {(index, index) for index in range(len(zones))}:
            spans = [(cell.start, cell.end) for cell in cells[len(cells) - len(zones) :]]
            return zones_of(spans, min(zones[0][0], spans[0][0] - 1), max(int(zones[-1][1]), spans[-1][1]))
    return zones


def _line_columns(
    cells: Sequence[Cell], zones: Sequence[tuple[float, float]], labelled: bool, label_start: int
) -> list[tuple[Cell, tuple[int, int] | None]]:
    """The columns each cell of a header line stands over. A line with a cell for every column (and one over
    the rows' names) names them in order, however far a printer set its words from their values."""
    count = len(zones)
    if labelled and len(cells) == count + 1:
        return [(cells[0], None), *((cell, (index, index)) for index, cell in enumerate(cells[1:]))]
    stub_first = labelled and cells[0].start <= label_start + 1 and zone_of(cells[0], zones) is None
    if len(cells) == count and not stub_first:
        return [(cell, (index, index)) for index, cell in enumerate(cells)]
    return [(cell, _covered(cell, zones)) for cell in cells]


def _mends(cell: Cell, broken: dict[int, Cell]) -> int | None:
    """The column whose broken word a cell ends (`Establish-` over `ments.`): it opens in small letters and
    stands beside or under that word, wherever the columns' stretches lie."""
    if not cell.text[:1].islower():
        return None
    for column, word in broken.items():
        if cell.start <= word.end + _MEND_REACH and cell.end >= word.start - _MEND_REACH:
            return column
    return None


def _covered(cell: Cell, zones: Sequence[tuple[float, float]]) -> tuple[int, int] | None:
    """The first and last column a header cell stands over; None for the cell over the rows' names."""
    zone = zone_of(cell, zones)
    if zone is None:
        return None
    width = cell.end - cell.start
    # A group's title is centred over its columns: it reaches well into each (a quarter of its width, or half
    # the column's); a name that runs a letter or two into the next column's stretch is no group.
    over = [
        index
        for index, (low, high) in enumerate(zones)
        if (reach := min(cell.end, high) - max(cell.start, low)) >= _GROUP_SHARE * width
        or reach >= _GROUP_OVERLAP * (high - low)
    ]
    return (over[0], over[-1]) if len(over) >= 2 else (zone, zone)


def _joined(parts: Sequence[str]) -> str:
    """Header words set over several lines, as one: a word broken at a hyphen is mended (`Establish-` `ments.`)."""
    text = ""
    for part in parts:
        text = text[:-1] + part if text.endswith("-") and part[:1].islower() else f"{text} {part}".strip()
    return text


def _plain(text: str) -> str:
    return text.strip(" .:,").lower()


def said_header(text: str) -> str:
    """A header as said: without its closing stop, words set in capitals in small letters (`Official FIGURES.`
    is `Official figures`, `COURTS MARTIAL` is `Courts Martial`)."""
    text = re.sub(r"[\s.,:;—–-]+$", "", text.strip())
    if is_in_capitals(text):
        return title_case(text)
    return re.sub(r"\b[A-Z]{4,}\b", lambda match: match.group().lower(), text)
