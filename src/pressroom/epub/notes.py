"""Note marks as links: each `[12]` in the text points at its note, and each note points back at its first mark.

A mark points at a note of its own chapter with that label, or else at the work's notes (a last chapter that
holds only notes, as the structure reader sets notes that follow the last chapter apart). A mark whose note the
source lost stays text. Pure: chapters in, where each page's marks and notes point, out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pressroom.model import BlockKind, Chapter
from pressroom.text.patterns import NOTE_LABEL

MARK = re.compile(rf"\[(?P<label>{NOTE_LABEL})\]")
UNLINKED_KINDS = frozenset(
    {
        BlockKind.NOTE,
        BlockKind.HEADING,
        BlockKind.NOTES_HEADING,
        BlockKind.TABLE,
        BlockKind.VERSE,
        BlockKind.SCENE_BREAK,
    }
)
"""Blocks whose marks stay as printed: a note's own, a heading's, and those set line for line (tables, verse)."""
_ID_NAMES = {"*": "star", "†": "dagger", "‡": "double-dagger"}


def note_id(label: str) -> str:
    return f"note-{_ID_NAMES.get(label, label)}"


def noteref_id(label: str) -> str:
    return f"noteref-{_ID_NAMES.get(label, label)}"


@dataclass(frozen=True)
class PageNotes:
    """Where a page's marks point (label -> href) and where its notes point back (label -> href)."""

    marks: Mapping[str, str] = field(default_factory=dict)
    backlinks: Mapping[str, str] = field(default_factory=dict)


NO_NOTES = PageNotes()


def link_notes(chapters: Sequence[Chapter], pages: Sequence[str]) -> tuple[PageNotes, ...]:
    """For each chapter (its page named in `pages`), where its marks and its notes point."""
    labels = [_note_labels(chapter) for chapter in chapters]
    marks = [_mark_labels(chapter) for chapter in chapters]
    back = next((i for i, chapter in enumerate(chapters) if _only_notes(chapter)), None)
    first_mark: dict[str, int] = {}
    for index, found in enumerate(marks):
        for label in found:
            if back is not None and index != back and label not in labels[index]:
                first_mark.setdefault(label, index)
    linked = []
    for index in range(len(pages)):
        targets = {label: f"#{note_id(label)}" for label in labels[index] if label in marks[index]}
        if back is not None and index != back:
            for label in marks[index]:
                if label not in targets and label in labels[back]:
                    targets[label] = f"{_file_name(pages[back])}#{note_id(label)}"
        backlinks = {label: f"#{noteref_id(label)}" for label in labels[index] if label in marks[index]}
        if index == back:
            for label in labels[index]:
                if label in first_mark:
                    backlinks[label] = f"{_file_name(pages[first_mark[label]])}#{noteref_id(label)}"
        linked.append(PageNotes(targets, backlinks))
    return tuple(linked)


def _note_labels(chapter: Chapter) -> list[str]:
    return list(dict.fromkeys(b.label for b in chapter.all_blocks() if b.kind is BlockKind.NOTE and b.label))


def _mark_labels(chapter: Chapter) -> list[str]:
    """The labels marked in the chapter's text (not in its notes), in order of first appearance."""
    found: dict[str, None] = {}
    for block in chapter.all_blocks():
        if block.kind not in UNLINKED_KINDS:
            found.update((match.group("label"), None) for match in MARK.finditer(block.text))
    return list(found)


def _only_notes(chapter: Chapter) -> bool:
    kinds = {block.kind for block in chapter.all_blocks()} - {BlockKind.HEADING, BlockKind.NOTES_HEADING}
    return kinds == {BlockKind.NOTE}


def _file_name(page: str) -> str:
    """Pages sit in one folder: a link between them is the target's file name."""
    return page.rsplit("/", 1)[-1]
