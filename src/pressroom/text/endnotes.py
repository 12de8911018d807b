"""Notes that follow a work's last chapter are the work's, not that chapter's: they become back matter of their
own, a last chapter "Notes", so the book's contents list them and the narration does not read them as the
conclusion. Notes a chapter keeps for itself (each chapter's own marks, as in Mutual Aid) stay with it. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pressroom.model import Block, BlockKind, Chapter

NOTES_TITLE = "Notes"
_MARK = re.compile(r"\[(\w{1,3})\]")
_MIN_NOTES = 1


def endnotes_apart(chapters: tuple[Chapter, ...]) -> tuple[Chapter, ...]:
    """The chapters with the notes that end the last one set apart, when earlier chapters mark some of them."""
    if len(chapters) < 2:
        return chapters
    last = chapters[-1]
    notes = _trailing_notes(_last_section(last))
    text = [block for block in last.all_blocks() if block.kind not in (BlockKind.NOTE, BlockKind.HEADING)]
    if len(notes) < _MIN_NOTES or not text:
        return chapters  # a last chapter of notes alone (`Footnotes`) is already back matter
    # The work's notes answer marks in earlier chapters that the last one does not make itself; a chapter's
    # own notes (numbered afresh in each chapter) answer its own marks.
    marked_elsewhere = _marks(chapters[:-1]) - _marks((last,))
    if not any(note.label in marked_elsewhere for note in notes):
        return chapters
    notes_chapter = Chapter(title=NOTES_TITLE, level=1, blocks=tuple(notes))
    return (*chapters[:-1], _without_trailing(last, len(notes)), notes_chapter)


def _marks(chapters: tuple[Chapter, ...]) -> set[str]:
    """The note marks (`[12]`) in the chapters' text, not in their notes."""
    return {
        mark
        for chapter in chapters
        for block in chapter.all_blocks()
        if block.kind is not BlockKind.NOTE
        for mark in _MARK.findall(block.text)
    }


def _last_section(chapter: Chapter) -> Chapter:
    """Where the chapter's text ends: its last section's last section, or itself."""
    return _last_section(chapter.children[-1]) if chapter.children else chapter


def _trailing_notes(chapter: Chapter) -> list[Block]:
    notes: list[Block] = []
    for block in reversed(chapter.blocks):
        if block.kind is not BlockKind.NOTE:
            break
        notes.insert(0, block)
    return notes


def _without_trailing(chapter: Chapter, count: int) -> Chapter:
    if chapter.children:
        return replace(chapter, children=(*chapter.children[:-1], _without_trailing(chapter.children[-1], count)))
    return replace(chapter, blocks=chapter.blocks[: len(chapter.blocks) - count])
