"""A work's real structure, recovered from its text: chapters from the text's own headings, never from units."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pressroom.model import Block, BlockKind, Chapter, DroppedLine, Unit, Work, WorkMeta
from pressroom.text import headings
from pressroom.text.blocks import classify, heading_text, merge_table_rows
from pressroom.text.endnotes import endnotes_apart
from pressroom.text.headings import Heading, HeadingItem, Rank
from pressroom.text.implied import supply_missing_headings
from pressroom.text.letters import is_salutation, is_signature, letter_parts, salutation_end
from pressroom.text.lines import Chunk, chunks, is_scene_break, unit_lines
from pressroom.text.names import is_in_capitals
from pressroom.text.patterns import MARKUP_HEADING, SEPARATOR

_TOC_LINE = re.compile(r"(?P<title>.*[^\W\d_].*?)\s{3,}(?:\d{1,4}|[ivxlc]{1,7}|_?Frontispiece_?)")
_TOC_LINE_MAX = 160
"""A line of a table of contents is short; a longer one is never tried (the pattern backtracks on long lines)."""
_CONTENTS_HEADING = re.compile(r"(?:TABLE OF )?CONTENTS\.?", re.IGNORECASE)
# Text before the first heading belongs to a chapter named after the work. It gives way to any titled
# heading, but a numeral alone on its line (`I`) opens a section inside it.
_OPENING_RANK = Rank.SECTION + 0.5
_EDITORIAL = re.compile(r"\b(?:editor|translator|publisher)s?[’']?s?\b", re.IGNORECASE)


@dataclass
class _Draft:
    title: str
    label: str | None
    rank: float
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)
    synthetic: bool = False
    """Named after the work because the text gives no heading here."""
    numeral_only: bool = False
    """Headed by a numeral alone (`II`)."""

    def freeze(self) -> Chapter:
        return Chapter(
            title=self.title,
            level=self.level,
            blocks=tuple(merge_table_rows(self.blocks)),
            children=tuple(child.freeze() for child in self.children),
            label=self.label,
        )


def build_work(meta: WorkMeta, units: Sequence[Unit]) -> Work:
    """The work's chapters, sections and blocks, and the lines left out on purpose."""
    all_chunks = chunks(unit_lines(units))
    body, dropped = _drop_front_matter(all_chunks)
    markup_only = bool(units) and all(unit.explicit_headings for unit in units)
    items, half_titles = _items(body, meta, markup_only)
    chapters = endnotes_apart(_outline(supply_missing_headings(items), meta.title))
    return Work(
        meta=meta,
        chapters=chapters,
        dropped=tuple(dropped + half_titles),
        units=tuple(unit.path for unit in units),
    )


def _drop_front_matter(all_chunks: list[Chunk]) -> tuple[list[Chunk], list[DroppedLine]]:
    """Leftovers of a printed table of contents before the text begins: `XVII. AGRICULTURE    191`."""
    dropped: list[DroppedLine] = []
    for index, chunk in enumerate(all_chunks):
        is_heading = index == 0 and chunk.is_single_line and _CONTENTS_HEADING.fullmatch(chunk.first) is not None
        if is_heading and len(all_chunks) > 1 and _is_contents_chunk(all_chunks[1]):
            dropped.append(DroppedLine(chunk.first, chunk.ref, "table of contents"))
            continue
        if not _is_contents_chunk(chunk):
            return all_chunks[index:], dropped
        dropped.extend(DroppedLine(line.stripped, line.ref, "table of contents") for line in chunk.lines)
    return [], dropped


def _is_contents_chunk(chunk: Chunk) -> bool:
    return all(_is_contents_line(line.stripped) for line in chunk.lines)


def _is_contents_line(text: str) -> bool:
    if len(text) > _TOC_LINE_MAX:
        return False
    return bool(_TOC_LINE.fullmatch(text) or SEPARATOR.fullmatch(text))


def _items(
    body: list[Chunk], meta: WorkMeta, markup_only: bool = False
) -> tuple[list[HeadingItem | Block], list[DroppedLine]]:
    """The body as a flat run of headings (with the chunks they took) and blocks."""
    items: list[HeadingItem | Block] = []
    dropped: list[DroppedLine] = []
    segment: list[Chunk] = []
    in_notes = False
    editorial = False
    index = 0
    while index < len(body):
        chunk = body[index]
        if _is_half_title(chunk, meta.title):
            dropped.append(DroppedLine(chunk.first, chunk.ref, "half-title (the book's title repeated)"))
            index += 1
            continue
        if headings.is_notes_heading(chunk):
            items.extend(_segment_blocks(segment, in_notes, meta.author))
            segment = []
            items.append(Block(BlockKind.NOTES_HEADING, chunk.first, chunk.ref))
            in_notes = True
            index += 1
            continue
        if editorial and is_scene_break(chunk.first) and chunk.is_single_line:
            # An editor's or translator's preface is set off from the work by an ornament: the work begins.
            items.extend(_segment_blocks(segment, in_notes, meta.author, signed_by_other=True))
            segment, in_notes, editorial = [], False, False
            items.append(HeadingItem(Heading(Rank.CHAPTER, meta.title, synthetic=True), ()))
            index += 1
            continue
        # A heading set in markup (`** Smith's View` from an HTML <h2>) is a heading, even one that names the
        # author as a signature would.
        marked = chunk.is_single_line and MARKUP_HEADING.fullmatch(chunk.first) is not None
        letter_line = not marked and (is_signature(chunk, meta.author) or is_salutation(chunk))
        heading = None if letter_line else headings.recognize(chunk, markup_only)
        if heading is not None and heading.needs_text and not _text_follows(body, index, markup_only):
            heading = None
        if heading is None:
            segment.append(chunk)
            index += 1
            continue
        items.extend(_segment_blocks(segment, in_notes, meta.author))
        segment = []
        in_notes = False
        heading, taken = _complete_heading(heading, body, index, markup_only)
        editorial = _EDITORIAL.search(heading.title or "") is not None
        blocks = tuple(Block(BlockKind.HEADING, heading_text(c), c.ref) for c in taken)
        items.append(HeadingItem(heading, blocks))
        index += len(taken)
    items.extend(_segment_blocks(segment, in_notes, meta.author))
    return items, dropped


def _text_follows(body: list[Chunk], index: int, markup_only: bool) -> bool:
    following = body[index + 1] if index + 1 < len(body) else None
    return following is not None and headings.recognize(following, markup_only) is None


def _complete_heading(
    heading: Heading, body: list[Chunk], index: int, markup_only: bool
) -> tuple[Heading, list[Chunk]]:
    """A label takes its title from the next line (`CHAPTER I` / `OUR RICHES`); `PREFACE` its continuation."""
    taken = [body[index]]
    following = body[index + 1] if index + 1 < len(body) else None
    if following is None or not headings.is_title_line(following):
        return heading, taken
    follower = headings.recognize(following, markup_only)
    if follower is None or follower.label is not None or follower.numeral_only:
        return heading, taken
    if heading.wants_title and follower.title:
        taken.append(following)
        return Heading(heading.rank, follower.title, label=heading.label), taken
    if heading.wants_more and heading.title and follower.title and not follower.wants_more:
        taken.append(following)
        return Heading(heading.rank, headings.join_titles(heading.title, follower.title)), taken
    return heading, taken


def _segment_blocks(segment: list[Chunk], in_notes: bool, author: str, signed_by_other: bool = False) -> list[Block]:
    """Blocks of the body between two headings, with a letter's parts recognized at its head and foot."""
    if not segment:
        return []
    body_end = _notes_start(segment) if not in_notes else 0
    parts = letter_parts(segment[:body_end], author, signed_by_other) if body_end else {}
    blocks: list[Block] = []
    for position, chunk in enumerate(segment):
        part = parts.get(position)
        cut = salutation_end(chunk.first) if part is BlockKind.SALUTATION else None
        if part is not None and cut is not None:
            # `Dear Comrade Smith,—Many thanks ...`: the salutation, then the letter's first paragraph.
            text = classify(chunk, in_notes=False)[0].text
            blocks.append(Block(part, text[:cut].rstrip(), chunk.ref))
            blocks.append(Block(BlockKind.PARAGRAPH, text[cut:].lstrip(), chunk.ref))
        elif part is not None:
            blocks.append(Block(part, " ".join(line.stripped for line in chunk.lines), chunk.ref))
        else:
            blocks.extend(classify(chunk, in_notes))
    return blocks


def _notes_start(segment: list[Chunk]) -> int:
    """Where notes without a heading (`[1] Gustaf Steffen ...`) begin at the end of a run of chunks."""
    end = len(segment)
    while end > 0 and classify(segment[end - 1], in_notes=False)[0].kind is BlockKind.NOTE:
        end -= 1
    return end


def _is_half_title(chunk: Chunk, work_title: str) -> bool:
    if not chunk.is_single_line or not is_in_capitals(chunk.first):
        return False
    return _letters(chunk.first) == _letters(work_title)


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _outline(items: list[HeadingItem | Block], work_title: str) -> tuple[Chapter, ...]:
    """Nest chapters and sections by the rank of their headings.

    Text before the first heading, and numbered sections (`I`, `II`) that no chapter heading opens,
    belong to a chapter named after the work.
    """
    top: list[_Draft] = []
    stack: list[_Draft] = []
    for item in items:
        if isinstance(item, Block):
            if not stack:
                stack.append(_work_chapter(work_title, top, _OPENING_RANK))
            stack[-1].blocks.append(item)
            continue
        heading = item.heading
        if heading.numeral_only:
            while stack and not stack[-1].synthetic and stack[-1].rank >= heading.rank:
                stack.pop()
            if not stack:
                stack.append(_work_chapter(work_title, top, heading.rank + 0.25))
        elif heading.synthetic:
            stack.clear()
            stack.append(_work_chapter(work_title, top, _OPENING_RANK))
            continue
        else:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
        draft = _Draft(
            title=heading.title or heading.label or work_title,
            label=heading.label,
            rank=heading.rank,
            level=len(stack) + 1,
            blocks=list(item.blocks),
            numeral_only=heading.numeral_only,
        )
        (stack[-1].children if stack else top).append(draft)
        stack.append(draft)
    top = [draft for part in top for draft in _unwrapped(part)]
    top = [draft for draft in top if not (draft.synthetic and not draft.blocks and not draft.children)]
    if not top:
        top.append(_Draft(work_title, None, _OPENING_RANK, 1, synthetic=True))
    return tuple(draft.freeze() for draft in top)


def _unwrapped(draft: _Draft) -> list[_Draft]:
    """A chapter named after the work that only wraps numbered sections (`I` .. `IX`), after no text or an
    editor's note, was made up: the sections are the work's chapters. Text before a first section `II` is
    section `I`, whose heading line the source lost."""
    sections = draft.children
    if not draft.synthetic or not sections or not all(child.numeral_only for child in sections):
        return [draft]
    if draft.blocks and not _is_editorial(draft.blocks):
        if sections[0].title != "II":
            return [draft]
        draft.title, draft.synthetic = "I", False
    draft.children = []
    for section in sections:
        _raise_level(section, 1)
    return [draft, *sections]


def _is_editorial(blocks: list[Block]) -> bool:
    """An editor's note: set in brackets or italics, or speaking of an editor, translator or publisher."""
    text = " ".join(block.text for block in blocks)
    bracketed = all(block.text.startswith("[") and block.text.endswith("]") for block in blocks)
    emphasized = all(re.fullmatch(r"([*_]).+\1", block.text) for block in blocks)
    return bracketed or emphasized or (len(text.split()) < 400 and _EDITORIAL.search(text) is not None)


def _raise_level(draft: _Draft, by: int) -> None:
    draft.level -= by
    for child in draft.children:
        _raise_level(child, by)


def _work_chapter(work_title: str, top: list[_Draft], rank: float) -> _Draft:
    """The chapter named after the work; the opening one is reused by the numbered sections that follow it."""
    if top and top[-1].synthetic and not top[-1].children:
        top[-1].rank = rank
        return top[-1]
    draft = _Draft(work_title, None, rank, 1, synthetic=True)
    top.append(draft)
    return draft
