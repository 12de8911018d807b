"""How the narration reads what is not running text: notes and tables. Pure.

Notes are not read in the middle of a chapter's flow: by default they are gathered into a last file, "Notes",
chapter by chapter ("Notes to Chapter III. Note one: ..."), so nothing is lost and a listener can skip them.
`skip` leaves them out; `inline` reads each note right after the paragraph that first marks it.
Tables are announced with their caption and read row by row, or only announced (`skip`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from pressroom.model import Block, BlockKind, Chapter

# How notes and tables are read is part of a work's record (`records.narration`), so its values live in the model.
from pressroom.model import NotesReading as NotesReading
from pressroom.model import ReadingAloud as ReadingAloud
from pressroom.model import TablesReading as TablesReading
from pressroom.text.announcements import ENGLISH, Wording
from pressroom.text.patterns import NOTE_LABEL
from pressroom.text.tables import read_table, spoken_table

_MARK = re.compile(rf"\[({NOTE_LABEL})\]")
_NOTE_KINDS = frozenset({BlockKind.NOTE, BlockKind.NOTES_HEADING})
_UNSPOKEN = frozenset({BlockKind.HEADING, BlockKind.SCENE_BREAK, BlockKind.FIGURE})
"""What a page prints without an id in the narration's order: the heading lines, scene breaks, figures."""


DEFAULT_READING_ALOUD = ReadingAloud()


def is_notes_chapter(chapter: Chapter) -> bool:
    """A chapter of notes alone (`Notes`, `Footnotes`): back matter that answers marks elsewhere."""
    blocks = chapter.all_blocks()
    kinds = {block.kind for block in blocks}
    return BlockKind.NOTE in kinds and kinds <= _NOTE_KINDS | {BlockKind.HEADING}


def spoken_order(chapter: Chapter) -> Iterator[Chapter | Block]:
    """What takes an element id on the chapter's page, in page order: each heading, then each block but the
    printed heading lines, scene breaks and figures (the same order the EPUB page gives ids in)."""
    yield chapter
    for block in chapter.blocks:
        if block.kind not in _UNSPOKEN:
            yield block
    for child in chapter.children:
        yield from spoken_order(child)


Place = tuple[int, tuple[int, ...], int | None]
"""Where a heading or block is in the work: its page (top-level chapter), the path of child indices to its
chapter, and its index among that chapter's blocks (None: the chapter's heading). Two blocks of the same text
are two places."""


def placed_order(page: int, chapter: Chapter, path: tuple[int, ...] = ()) -> Iterator[Place]:
    """The places of `spoken_order(chapter)`, in the same order."""
    yield (page, path, None)
    for index, block in enumerate(chapter.blocks):
        if block.kind not in _UNSPOKEN:
            yield (page, path, index)
    for number, child in enumerate(chapter.children):
        yield from placed_order(page, child, (*path, number))


def place_map(page: int, chapter: Chapter, ids: Sequence[str]) -> dict[Place, str]:
    """The page id of each heading and block of a chapter, by its place."""
    return dict(zip(placed_order(page, chapter), ids, strict=False))


def note_text(block: Block, wording: Wording = ENGLISH) -> str:
    """A note as said: `Note 12. The text...`, its printed mark left out."""
    if block.kind is BlockKind.NOTE and block.label:
        body = re.sub(rf"^\[?{re.escape(block.label)}[\].]?\s*", "", block.text)
        return f"{wording.note.format(label=block.label)}. {body}"
    return block.text


def marks_in(text: str) -> list[str]:
    return _MARK.findall(text)


def table_text(block: Block, reading: ReadingAloud, wording: Wording = ENGLISH) -> str:
    """A table as said: announced with its caption, then row by row; or only announced."""
    table = read_table(block.text.split("\n"))
    caption = table.caption if table else None
    if reading.tables is TablesReading.SKIP:
        return f"{wording.table_left_out}: {caption}." if caption else f"{wording.table_left_out}."
    if table is None:
        # Columns set with spaces: each line, its columns parted by commas.
        rows = (re.sub(r"\s{2,}", ", ", line.strip()) for line in block.text.split("\n") if line.strip())
        return f"{wording.table}. " + ". ".join(rows)
    return " ".join(spoken_table(table, wording))


@dataclass
class NoteIndex:
    """For `inline`: where each mark's note is (the chapter's own notes first, then a notes chapter's), and
    which notes have been read already."""

    own: Mapping[int, Mapping[str, tuple[Block, Place]]]
    shared: Mapping[str, tuple[Block, Place]]
    read: set[Place]

    @classmethod
    def of(cls, chapters: Sequence[Chapter]) -> NoteIndex:
        own: dict[int, dict[str, tuple[Block, Place]]] = {}
        shared: dict[str, tuple[Block, Place]] = {}
        ambiguous: set[str] = set()
        for page, chapter in enumerate(chapters):
            is_shared = is_notes_chapter(chapter) and len(chapters) > 1
            target = shared if is_shared else own.setdefault(page, {})
            for block, place in placed_blocks(page, chapter):
                if block.kind is not BlockKind.NOTE or not block.label:
                    continue
                if is_shared and block.label in shared:
                    ambiguous.add(block.label)  # numbered afresh per chapter: which one a mark means is unknown
                target.setdefault(block.label, (block, place))
        for label in ambiguous:
            del shared[label]
        return cls(own, shared, set())

    def notes_for(self, text: str, page: int) -> list[tuple[Block, Place]]:
        """The unread notes the marks in `text` point to, in mark order; each is then counted as read."""
        found = []
        for label in marks_in(text):
            note = self.own.get(page, {}).get(label) or self.shared.get(label)
            if note is not None and note[1] not in self.read:
                self.read.add(note[1])
                found.append(note)
        return found


def placed_blocks(page: int, chapter: Chapter, path: tuple[int, ...] = ()) -> Iterator[tuple[Block, Place]]:
    """Every block of a chapter and its sections, in order, with its place (as `Chapter.all_blocks`)."""
    for index, block in enumerate(chapter.blocks):
        yield block, (page, path, index)
    for number, child in enumerate(chapter.children):
        yield from placed_blocks(page, child, (*path, number))
