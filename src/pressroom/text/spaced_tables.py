"""Tables set with spaces, as plain-text books print them. Pure.

                              Courts Martial.
                      Official figures.         Our figures.
                       Death                   Death
                     sentences. Executions.  sentences. Executions.
    1905 (2 1/2 months)   72+       10+         96         32
      ”   (year)         450       144       1,100        ”
                        -----     -----
    Total                522       154
    * Estimated.

The columns are where the values stand: each row's values are counted from its right, and the rows that have
them all say where each column lies. A header line's cells belong to the columns they stand over (a cell over
two columns is a group); header words broken over lines are joined; a line that says one unit over every column
("Tons.") gives the values' unit. What is left of the values names the row. Ditto marks are resolved by the row
above (by position in a row's name), rules set off the totals, marked lines under the table are its notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pressroom.text.table_columns import Cell, zone_of, zones_of
from pressroom.text.table_header import read_header
from pressroom.text.table_model import Table

_RULE = re.compile(r"[\s\-–—_=·.+]*[\-–—_=]{3,}[\s\-–—_=·.+]*")
_MARKS = r"(?:\[\w{1,4}\]|[*†‡§+]+)*"
_NUMBER = r"[£$]?[-−]?(?:\d[\d,.·]*(?: \d{1,2}/\d{1,2})?[½¼¾⅓⅔]?|\d{1,2}/\d{1,2}|[½¼¾⅓⅔])%?"
_UNIT = r"(?:\s?[sd]\.|\s[a-z]{1,12}\.?)"  # `121s.`, `16s. 3d.`, `706 yards`, `9 hours`
_VALUE = re.compile(rf"([=_]?)\(?{_NUMBER}\)?(?:{_UNIT}(?: {_NUMBER}{_UNIT})?)?{_MARKS}\)?\1")
_EMPTY = re.compile(r"(?:-{1,3}|[–—…]|\.{2,}|nil|none)\.?", re.IGNORECASE)
DITTO = re.compile(r"[\"”“″〃„]|''|(?:do|ditto)\.?", re.IGNORECASE)
_TOTAL = re.compile(r"\(?\s*(?:grand\s+)?(?:totals?|sum|in all|together)\b", re.IGNORECASE)
_NOTE_LINE = re.compile(r"(?:[*†‡§]+|\(\w\)|\[\w{1,3}\]|notes?\b|n\.\s?b\.)", re.IGNORECASE)
_LABEL_VALUE = re.compile(rf"(?P<label>.*\S) (?P<value>\(?{_NUMBER}\)?{_MARKS}\)?)")


def is_value(text: str) -> bool:
    """A number as a table prints it (`1,526,000`, `£2,450,000`, `2·5`, `(5)`, `72+`, `994,743[215]`), a mark
    for nothing (`--`, `...`) or a ditto mark."""
    return bool(_VALUE.fullmatch(text) or _EMPTY.fullmatch(text) or DITTO.fullmatch(text))


def is_empty(text: str) -> bool:
    return not text or _EMPTY.fullmatch(text) is not None


def spaced_table(lines: Sequence[str]) -> Table | None:
    """The table the lines set out in columns, or None when its columns cannot be told apart."""
    rows: list[list[Cell]] = []
    ruled: list[bool] = []  # whether a rule is set above each row
    rule = False
    for line in (line.expandtabs(8).rstrip() for line in lines):
        if not line.strip():
            continue
        if _RULE.fullmatch(line):
            rule = True
            continue
        rows.append(_cells(line))
        ruled.append(rule)
        rule = False
    valued = [i for i, cells in enumerate(rows) if is_value(cells[-1].text)]
    while len(valued) > 1 and _years_only(rows[valued[0]]) and not all(_years_only(rows[i]) for i in valued):
        valued.pop(0)  # a line of years over the columns, not a row of values
    if not valued:
        return None
    first, last = valued[0], valued[-1]
    body = [_split_label(cells, 0) for cells in rows[first : last + 1]]
    count = _value_count(body)
    body = [_split_label(cells, count) for cells in body]
    cores = _cores(body, count)
    if cores is None:
        return None
    label_end = max((cell.end for cells in body for cell in cells[: len(cells) - count]), default=None)
    left = cores[0][0] if label_end is None else (label_end + cores[0][0]) / 2
    zones = zones_of(cores, left, max(len(line) for line in lines))
    placed = [_place(cells, zones) for cells in body]
    labelled = any(label for label, _ in placed)
    label_start = min((cell.start for cells in body for cell in cells[: len(cells) - count]), default=0)
    caption, head, names, groups, units = read_header(rows[:first], zones, labelled, label_start)
    printed = [((label,) if labelled else ()) + values for label, values in placed]
    words = [_label_words(cells, zones) if labelled else [] for cells in body]
    foot = _foot_start(ruled[first : last + 1], printed, labelled)
    return Table(
        caption=caption,
        head=head,
        body=tuple(printed[:foot]),
        foot=tuple(printed[foot:]),
        names=names,
        groups=groups,
        units=units,
        notes=_notes(rows[last + 1 :]),
        row_headers=labelled,
        said=tuple(_resolve_dittos(list(zip(words, printed, strict=True)))),
    )


def _years_only(cells: Sequence[Cell]) -> bool:
    """Whether a line's values are all years (`1883.   1893.   1910.`, `Country   1890   1895`)."""
    values = cells[len(cells) - _trailing_values(cells) :]
    return len(values) >= 1 and all(re.fullmatch(r"1\d{3}\.?", cell.text) for cell in values)


def _cells(line: str) -> list[Cell]:
    """A line's cells: its runs of text parted by two spaces or more."""
    return [Cell(match.start(), match.end(), match.group()) for match in re.finditer(r"\S+(?: \S+)*", line)]


def _trailing_values(cells: Sequence[Cell]) -> int:
    """How many values end the row. A ditto mark stops the count: it may repeat a word of the row's name."""
    count = 0
    for cell in reversed(cells):
        if not is_value(cell.text) or DITTO.fullmatch(cell.text):
            break
        count += 1
    return count


def _value_count(body: Sequence[Sequence[Cell]]) -> int:
    """How many value columns: the commonest count of values ending a row (of two alike, the larger)."""
    counts = Counter(count for count in (_trailing_values(cells) for cells in body) if count) or Counter([0])
    return max(counts, key=lambda count: (counts[count], count))


def _split_label(cells: list[Cell], count: int) -> list[Cell]:
    """A row's name set one space from its first value (`Mineral salts (chiefly potash) 1,526,000`) split off,
    while the row has fewer than `count` values (at least one)."""
    while _trailing_values(cells) < max(count, 1) and len(cells) > _trailing_values(cells):
        index = len(cells) - _trailing_values(cells) - 1
        joined = _LABEL_VALUE.fullmatch(cells[index].text)
        if joined is None:
            break
        cell = cells[index]
        cut = cell.start + joined.start("value")
        label = Cell(cell.start, cell.start + len(joined.group("label")), joined.group("label"))
        cells = [*cells[:index], label, Cell(cut, cell.end, joined.group("value")), *cells[index + 1 :]]
    return cells


def _cores(body: Sequence[Sequence[Cell]], count: int) -> list[tuple[int, int]] | None:
    """Where each value column's values stand, from the rows that have them all; None if two columns overlap."""
    full = [cells[len(cells) - count :] for cells in body if _trailing_values(cells) >= count]
    if count == 0 or not full:
        return None
    cores = [(min(row[j].start for row in full), max(row[j].end for row in full)) for j in range(count)]
    if any(cores[j][1] >= cores[j + 1][0] for j in range(count - 1)):
        return None
    return cores


def _place(cells: Sequence[Cell], zones: Sequence[tuple[float, float]]) -> tuple[str, tuple[str, ...]]:
    """A body row as its name and one value per column ("" where it prints none)."""
    label: list[str] = []
    values = [""] * len(zones)
    for cell in cells:
        zone = zone_of(cell, zones)
        if zone is None:
            label.append(cell.text)
        else:
            values[zone] = f"{values[zone]} {cell.text}".strip()
    return " ".join(label), tuple(values)


def _label_words(cells: Sequence[Cell], zones: Sequence[tuple[float, float]]) -> list[Cell]:
    """The words of a row's name with where each stands (a ditto mark under a word stands for it)."""
    words: list[Cell] = []
    for cell in cells:
        if zone_of(cell, zones) is None:
            words.extend(
                Cell(cell.start + m.start(), cell.start + m.end(), m.group()) for m in re.finditer(r"\S+", cell.text)
            )
    return words


def _resolve_dittos(rows: Sequence[tuple[list[Cell], tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Each row as said: a ditto mark in a value column is the value above it; in the row's name, the word of
    the name above that stands nearest it."""
    said: list[tuple[str, ...]] = []
    above_words: list[Cell] = []
    for words, cells in rows:
        resolved_words = [
            replace(word, text=min(above_words, key=lambda a: abs(a.centre - word.centre)).text)
            if DITTO.fullmatch(word.text) and above_words
            else word
            for word in words
        ]
        values = list(cells)
        if words:
            values[0] = " ".join(word.text for word in resolved_words)
            above_words = resolved_words
        for column, value in enumerate(values):
            if DITTO.fullmatch(value) and said:
                values[column] = said[-1][column]
        said.append(tuple(values))
    return said


def _foot_start(rules_before: Sequence[bool], rows: Sequence[tuple[str, ...]], labelled: bool) -> int:
    """Where the totals begin: at a row named `Total` (or `Sum`, `In all`), else after the last rule when at
    most two rows follow it."""
    if labelled:
        for index, row in enumerate(rows):
            if index and _TOTAL.match(row[0]):
                return index
    ruled = [index for index, ruled in enumerate(rules_before) if ruled]
    if ruled and ruled[-1] >= 2 and len(rows) - ruled[-1] <= 2:
        return ruled[-1]
    return len(rows)


def _notes(rows: Sequence[Sequence[Cell]]) -> tuple[str, ...]:
    """The lines under the table: each note opens with its mark (`*`, `(a)`, `Note`); other lines run on."""
    notes: list[str] = []
    for cells in rows:
        text = " ".join(cell.text for cell in cells)
        if notes and not _NOTE_LINE.match(text):
            notes[-1] = f"{notes[-1]} {text}"
        else:
            notes.append(text)
    return tuple(notes)
