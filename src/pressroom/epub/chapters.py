"""A chapter as an XHTML page: sections nested as the text nests them, blocks with their meaning kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.epub.xhtml import Element, append_lines, append_runs, document, element, serialize
from pressroom.model import Block, BlockKind, Chapter
from pressroom.text.names import title_case
from pressroom.text.patterns import NOTE_LABEL
from pressroom.text.typography import Run, print_runs, typographic, xml_safe

_TRAILING_MARK = re.compile(rf"(\[(?:{NOTE_LABEL})\])\s*$")
_LETTER_HEAD = frozenset({BlockKind.PLACE, BlockKind.DATELINE})
_LETTER_FOOT = frozenset({BlockKind.VALEDICTION, BlockKind.SIGNATURE, BlockKind.PLACE, BlockKind.DATELINE})
# Section kinds a reading system and assistive technology know, recognised from the title.
_KINDS_BY_TITLE = (
    ("preface", "preface", "doc-preface"),
    ("foreword", "foreword", "doc-foreword"),
    ("introduction", "introduction", "doc-introduction"),
    ("prologue", "prologue", "doc-prologue"),
    ("conclusion", "conclusion", "doc-conclusion"),
    ("epilogue", "epilogue", "doc-epilogue"),
    ("afterword", "afterword", "doc-afterword"),
    ("appendix", "appendix", "doc-appendix"),
)


@dataclass(frozen=True)
class Anchor:
    """Where a section starts in a page, for the table of contents."""

    chapter: Chapter
    fragment: str | None
    """The id of the section element; None for the chapter that the page itself is."""


@dataclass(frozen=True)
class ChapterPage:
    xhtml: bytes
    anchors: tuple[Anchor, ...]
    """Every chapter and section on the page, in reading order."""
    spoken_ids: tuple[str, ...]
    """The id of every heading and block element, in document order (what a narration would point at)."""


class _Ids:
    def __init__(self) -> None:
        self.blocks = 0
        self.sections = 0
        self.spoken: list[str] = []

    def block(self) -> str:
        self.blocks += 1
        self.spoken.append(f"p-{self.blocks}")
        return self.spoken[-1]

    def section(self) -> str:
        self.sections += 1
        return f"sec-{self.sections}"


def chapter_page(chapter: Chapter, language: str) -> ChapterPage:
    root, body = document(typographic(chapter.title), language)
    ids = _Ids()
    anchors: list[Anchor] = []
    _render_section(body, chapter, ids, anchors, top=True)
    return ChapterPage(serialize(root), tuple(anchors), tuple(ids.spoken))


def _render_section(parent: Element, chapter: Chapter, ids: _Ids, anchors: list[Anchor], top: bool) -> None:
    epub_type, role = _semantics(chapter, top)
    section_id = "" if top else ids.section()
    anchors.append(Anchor(chapter, section_id or None))
    section = element("section", parent, id=section_id, epub_type=epub_type, role=role)
    _render_heading(section, chapter, ids)
    _render_blocks(section, [b for b in chapter.blocks if b.kind is not BlockKind.HEADING], ids, chapter.level)
    for child in chapter.children:
        _render_section(section, child, ids, anchors, top=False)


def _semantics(chapter: Chapter, top: bool) -> tuple[str, str]:
    title = chapter.title.lower()
    for start, epub_type, role in _KINDS_BY_TITLE:
        if title.startswith(start):
            return epub_type, role
    label = (chapter.label or "").lower()
    if label.startswith("part"):
        return "part", "doc-part"
    if top or label.startswith("chapter"):
        return "chapter", "doc-chapter"
    return "", ""


def _render_heading(section: Element, chapter: Chapter, ids: _Ids) -> None:
    heading = element(f"h{min(chapter.level, 6)}", section, id=ids.block())
    if chapter.label and chapter.label != chapter.title:
        element("span", heading, class_="label", text=typographic(chapter.label))
        append_runs(heading, [Run(" ")])
        element("span", heading, class_="title", text=typographic(chapter.title))
    else:
        heading.text = xml_safe(typographic(chapter.title))
    mark = _heading_mark(chapter)
    if mark:
        element("span", heading, class_="mark", text=mark)


def _heading_mark(chapter: Chapter) -> str:
    """A note mark printed after the heading (`THE DECENTRALIZATION OF INDUSTRY[10]`), kept so nothing is lost."""
    for block in chapter.blocks:
        if block.kind is BlockKind.HEADING:
            match = _TRAILING_MARK.search(block.text)
            if match:
                return match.group(1)
    return ""


def _render_blocks(section: Element, blocks: Sequence[Block], ids: _Ids, level: int) -> None:
    parent = section
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind is BlockKind.NOTES_HEADING:
            parent = element("section", section, class_="notes")
            heading = element(f"h{min(level + 1, 6)}", parent, id=ids.block())
            heading.text = xml_safe(title_case(typographic(block.text).rstrip(":").strip()) or "Notes")
            index += 1
        elif block.kind in _LETTER_HEAD | _LETTER_FOOT:
            index = _render_letter_run(parent, blocks, index, ids)
        else:
            _render_block(parent, block, ids)
            index += 1


def _render_letter_run(parent: Element, blocks: Sequence[Block], start: int, ids: _Ids) -> int:
    """A run of letter parts: place and date in a `header`; valediction, signature (and a date after) in a `footer`."""
    is_foot = blocks[start].kind in (BlockKind.VALEDICTION, BlockKind.SIGNATURE)
    kinds = _LETTER_FOOT if is_foot else _LETTER_HEAD
    group = element("footer" if is_foot else "header", parent)
    index = start
    while index < len(blocks) and blocks[index].kind in kinds:
        _render_block(group, blocks[index], ids)
        index += 1
    return index


def _render_block(parent: Element, block: Block, ids: _Ids) -> None:
    kind = block.kind
    if kind is BlockKind.SCENE_BREAK:
        element("hr", parent)
    elif kind is BlockKind.TABLE:
        element("pre", parent, id=ids.block(), class_="table", text=block.text)
    elif kind is BlockKind.VERSE:
        quote = element("blockquote", parent, epub_type="z3998:verse", class_="verse")
        append_lines(element("p", quote, id=ids.block()), typographic(block.text))
    elif kind is BlockKind.BLOCK_QUOTE:
        quote = element("blockquote", parent)
        append_runs(element("p", quote, id=ids.block()), print_runs(block.text))
    else:
        append_runs(element("p", parent, id=ids.block(), **_paragraph_attributes(kind)), print_runs(block.text))


def _paragraph_attributes(kind: BlockKind) -> dict[str, str]:
    if kind is BlockKind.SALUTATION:
        return {"epub_type": "z3998:salutation", "class_": "salutation"}
    if kind is BlockKind.VALEDICTION:
        return {"epub_type": "z3998:valediction", "class_": "valediction"}
    if kind is BlockKind.SIGNATURE:
        return {"epub_type": "z3998:signature", "class_": "signature"}
    if kind in (BlockKind.PLACE, BlockKind.DATELINE, BlockKind.NOTE):
        return {"class_": kind.value}
    return {}
