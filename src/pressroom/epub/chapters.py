"""A chapter as an XHTML page: sections nested as the text nests them, blocks with their meaning kept."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.epub.notes import MARK, NO_NOTES, PageNotes, note_id, noteref_id
from pressroom.epub.xhtml import Element, append_lines, append_runs, document, element, serialize
from pressroom.model import Block, BlockKind, Chapter
from pressroom.text.names import title_case
from pressroom.text.patterns import NOTE_LABEL
from pressroom.text.table_model import Table
from pressroom.text.tables import read_table
from pressroom.text.typography import Run, print_runs, typographic, xml_safe

_TRAILING_MARK = re.compile(rf"(\[(?:{NOTE_LABEL})\])\s*$")
_LETTER_HEAD = frozenset({BlockKind.PLACE, BlockKind.DATELINE})
_LETTER_FOOT = frozenset(
    {BlockKind.VALEDICTION, BlockKind.SIGNATURE, BlockKind.PLACE, BlockKind.DATELINE, BlockKind.POSTSCRIPT}
)
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
    """A page's ids as they are handed out: its blocks, its sections, and its note marks and notes."""

    def __init__(self, notes: PageNotes = NO_NOTES) -> None:
        self.blocks = 0
        self.sections = 0
        self.spoken: list[str] = []
        self.notes = notes
        self.marked: set[str] = set()
        self.noted: set[str] = set()

    def block(self) -> str:
        self.blocks += 1
        self.spoken.append(f"p-{self.blocks}")
        return self.spoken[-1]

    def section(self) -> str:
        self.sections += 1
        return f"sec-{self.sections}"


def chapter_page(chapter: Chapter, language: str, notes: PageNotes = NO_NOTES) -> ChapterPage:
    """The page; with `notes`, its note marks link to their notes and its notes back to their first mark."""
    root, body = document(typographic(chapter.title), language)
    ids = _Ids(notes)
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
    is_foot = blocks[start].kind in (BlockKind.VALEDICTION, BlockKind.SIGNATURE, BlockKind.POSTSCRIPT)
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
    elif kind is BlockKind.FIGURE:
        # No id: a caption is printed, not read aloud, so it takes no place in the narration's order.
        figure = element("figure", parent, class_="illustration")
        _append_marked(element("figcaption", figure), print_runs(block.text), ids)
    elif kind is BlockKind.TABLE:
        table = read_table(block.text.split("\n"))
        if table is None:
            element("pre", parent, id=ids.block(), class_="table", text=block.text)
        else:
            _render_table(parent, table, ids)
    elif kind is BlockKind.VERSE:
        quote = element("blockquote", parent, epub_type="z3998:verse", class_="verse")
        append_lines(element("p", quote, id=ids.block()), typographic(block.text))
    elif kind is BlockKind.BLOCK_QUOTE:
        quote = element("blockquote", parent)
        _append_marked(element("p", quote, id=ids.block()), print_runs(block.text), ids)
    elif kind is BlockKind.NOTE:
        _append_note(element("p", parent, id=ids.block(), class_="note"), block, ids)
    else:
        _append_marked(element("p", parent, id=ids.block(), **_paragraph_attributes(kind)), print_runs(block.text), ids)


def _render_table(parent: Element, table: Table, ids: _Ids) -> None:
    """A real table: its caption, header cells over the columns (or groups of columns) they name, each row named
    by its first cell when the rows have names, the totals in the footer and the notes under it."""
    node = element("table", parent, id=ids.block())
    if table.caption:
        _append_marked(element("caption", node), print_runs(table.caption), ids)
    if table.head:
        section = element("thead", node)
        for head_cells in table.head:
            row = element("tr", section)
            for cell in head_cells:
                scope = "colgroup" if cell.span > 1 else "col"
                span = str(cell.span) if cell.span > 1 else ""
                # An empty corner is no header of anything.
                cell_node = element("th" if cell.text else "td", row, scope=scope if cell.text else "", colspan=span)
                _append_marked(cell_node, print_runs(cell.text), ids)
    if table.body:
        body = element("tbody", node)
        for cells in table.body:
            _render_row(element("tr", body), cells, table.row_headers, ids)
    if table.foot or table.notes:
        foot = element("tfoot", node)
        for cells in table.foot:
            _render_row(element("tr", foot), cells, table.row_headers, ids)
        for note in table.notes:
            _append_marked(
                element("td", element("tr", foot), class_="table-note", colspan=str(table.width)), print_runs(note), ids
            )


def _render_row(row: Element, cells: Sequence[str], named: bool, ids: _Ids) -> None:
    for index, text in enumerate(cells):
        tag, scope = ("th", "row") if named and index == 0 else ("td", "")
        _append_marked(element(tag, row, scope=scope), print_runs(text), ids)


def _append_marked(parent: Element, runs: Sequence[Run], ids: _Ids) -> None:
    """The runs, each mark whose note is known set as a link to it (`epub:type="noteref"`)."""
    for run in runs:
        position = 0
        for match in MARK.finditer(run.text):
            label = match.group("label")
            href = ids.notes.marks.get(label)
            if href is None:
                continue
            append_runs(parent, [Run(run.text[position : match.start()], run.italic)])
            first = label not in ids.marked
            ids.marked.add(label)
            link = element("a", parent, href=href, epub_type="noteref", role="doc-noteref", text=f"[{label}]")
            if first:
                link.set("id", noteref_id(label))
            position = match.end()
        append_runs(parent, [Run(run.text[position:], run.italic)])


def _append_note(parent: Element, block: Block, ids: _Ids) -> None:
    """A note: its label the target of its marks, a link back to the first mark at its end."""
    label = block.label or ""
    runs = list(print_runs(block.text))
    if label and label not in ids.noted and label in ids.notes.backlinks and runs:
        ids.noted.add(label)
        lead = re.match(rf"\s*(?:\[{re.escape(label)}\]|{re.escape(label)}\.)", runs[0].text)
        cut = lead.end() if lead else 0
        element("span", parent, id=note_id(label), class_="label", text=runs[0].text[:cut])
        append_runs(parent, [Run(runs[0].text[cut:], runs[0].italic), *runs[1:], Run(" ")])
        element("a", parent, href=ids.notes.backlinks[label], role="doc-backlink", text="↩")
        return
    append_runs(parent, runs)


def _paragraph_attributes(kind: BlockKind) -> dict[str, str]:
    if kind is BlockKind.SALUTATION:
        return {"epub_type": "z3998:salutation", "class_": "salutation"}
    if kind is BlockKind.VALEDICTION:
        return {"epub_type": "z3998:valediction", "class_": "valediction"}
    if kind is BlockKind.SIGNATURE:
        return {"epub_type": "z3998:signature", "class_": "signature"}
    if kind is BlockKind.POSTSCRIPT:
        return {"epub_type": "z3998:postscript", "class_": "postscript"}
    if kind in (BlockKind.PLACE, BlockKind.DATELINE, BlockKind.NOTE):
        return {"class_": kind.value}
    return {}
