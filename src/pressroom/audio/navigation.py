"""Which level of a work a listener navigates by: a file per top-level chapter, or, where a top-level entry is a
part that holds chapters of its own (the Memoirs' six parts of 5 to 17 chapters), a file per chapter of the
part. Chosen by what the entry is, not by depth: one the book calls a part or a book (`Part First`, `Book II`),
or one long enough that its children are chapters a listener looks for; a chapter with a few short sections
stays one file with markers. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from pressroom.model import WORDS_PER_MINUTE, Chapter

PART_MINUTES = 60
"""A top-level entry longer than this (at the usual pace) is worth navigating by its children..."""
CHILD_MINUTES = 5
"""...when they run this long on average: chapters a listener looks for, not a page's short sections."""


PART_WORDS = frozenset({"part", "book", "partie", "livre", "teil", "buch", "parte", "libro", "deel", "boek"})
"""What a label calls a part, in the languages the announcements know."""


def parts_read_by_chapter(chapters: Sequence[Chapter]) -> frozenset[int]:
    """The top-level entries whose children each get a file. Where one part of a book is read so, every entry
    the book calls a part is, even one of a single chapter: a listener finds the same kind of file throughout."""
    chosen = {index for index, chapter in enumerate(chapters) if navigated_by_children(chapter)}
    if any(_called_part(chapters[index]) for index in chosen):
        chosen |= {index for index, chapter in enumerate(chapters) if chapter.children and _called_part(chapter)}
    return frozenset(chosen)


def _called_part(chapter: Chapter) -> bool:
    return bool(chapter.label) and str(chapter.label).split()[0].lower() in PART_WORDS


def navigated_by_children(chapter: Chapter) -> bool:
    """Whether `chapter` is a part whose children each get a file of their own."""
    if len(chapter.children) < 2:
        return False
    if _called_part(chapter):
        return True
    minutes = chapter.words / WORDS_PER_MINUTE
    child_minutes = sum(child.words for child in chapter.children) / len(chapter.children) / WORDS_PER_MINUTE
    return minutes > PART_MINUTES and child_minutes >= CHILD_MINUTES


def part_name(chapter: Chapter) -> str:
    """What a part is called before its chapters' titles: its label (`Part First`), else its title."""
    return chapter.label or chapter.title
