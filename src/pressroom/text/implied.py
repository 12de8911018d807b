"""Headings the text implies but does not print: a chapter or a part whose heading line the source lost.

`## 1.` .. `## 4.` before the first heading `Chapter 7` are the parts of Chapter 6; `Part A`, `Part B` before
`Chapter 2` are the sections of Chapter 1; chapters before the first `Part 2` form Part 1. The supplied heading
has the label the numbering gives and no title (the text gives none). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pressroom.model import Block
from pressroom.text.headings import Heading, HeadingItem, Rank
from pressroom.text.patterns import ROMAN_NUMERAL, roman_numeral, roman_value

_LABEL = re.compile(r"(?P<word>\w+) (?P<number>\d{1,3}|[IVXLC]{1,7})")

Item = HeadingItem | Block


def supply_missing_headings(items: Sequence[Item]) -> list[Item]:
    """The items with a chapter heading supplied before sections that no chapter holds, and a part heading
    before chapters that no part holds, where the numbering that follows says one is missing."""
    with_chapter = _supply(list(items), Rank.CHAPTER, "Chapter", lambda rank: rank > Rank.CHAPTER)
    return _supply(with_chapter, Rank.PART, "Part", lambda rank: rank == Rank.CHAPTER)


def _supply(items: list[Item], rank: Rank, word: str, is_member: Callable[[Rank], bool]) -> list[Item]:
    headed = [(index, item.heading) for index, item in enumerate(items) if isinstance(item, HeadingItem)]
    first_numbered = next(
        ((index, heading) for index, heading in headed if heading.rank == rank and heading.label), None
    )
    if first_numbered is None:
        return items
    at, heading = first_numbered
    before = [(index, h) for index, h in headed if index < at and not h.synthetic]
    if any(h.rank <= rank for _, h in before):
        return items  # a heading of that rank or above already opens the text (`Introduction`, `Part I`)
    number = _previous_number(heading.label or "", word)
    members = [index for index, h in before if is_member(h.rank) and _counts(h, rank)]
    if number is None or not members:
        return items
    supplied = HeadingItem(Heading(rank, None, label=f"{word} {number}"), ())
    return [*items[: members[0]], supplied, *items[members[0] :]]


def _counts(heading: Heading, rank: Rank) -> bool:
    """Only numbered headings are gathered: `1.`, `II`, `Part A`, `Chapter 3`; a named one (`Introduction`,
    `Preface`) stands before them on its own."""
    return heading.label is not None or heading.numeral_only


def _previous_number(label: str, word: str) -> str | None:
    """`Chapter 7` -> `6`, `Part II` -> `I`; None when the label is not numbered or starts at one."""
    match = _LABEL.fullmatch(label)
    if match is None or match.group("word") != word:
        return None
    number = match.group("number")
    if number.isdigit():
        return str(int(number) - 1) if int(number) > 1 else None
    if ROMAN_NUMERAL.fullmatch(number) is None:
        return None
    value = roman_value(number)
    return roman_numeral(value - 1) if value > 1 else None
