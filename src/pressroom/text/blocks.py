"""What a chunk of body text is: a paragraph, a quotation, verse, a table, a note, a scene break, a figure."""

from __future__ import annotations

import re
from dataclasses import replace

from pressroom.model import Block, BlockKind
from pressroom.text.lines import Chunk, Line, is_scene_break
from pressroom.text.patterns import NOTE_LABEL
from pressroom.text.tables import markup_table

_NOTE_MARK = re.compile(rf"\[(?P<label>{NOTE_LABEL})\]\s*(?=\S)")
_NUMBERED_NOTE = re.compile(r"(?P<label>\d{1,4})\.\s+(?=\S)")
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_WIDE_GAP = re.compile(r"\S {4,}\S")
_BOX_RULE = re.compile(r"^[+|]|[+|]$")  # a table drawn with `+----+` and `|`
_FIGURE = re.compile(r"\[Illustration:\s*(?P<caption>[^\s(\]][^\]]*?)\s*\]", re.IGNORECASE)
"""A transcriber's line for a picture: its caption is printed as a figure and never read aloud."""
_QUOTE_INDENT = 2
_VERSE_LINE_CHARS = 60
_TABLE_ROW_CHARS = 100
_CAPTION_INDENT = 4
_CAPTION_CHARS = 60


def classify(chunk: Chunk, in_notes: bool) -> list[Block]:
    """The blocks one chunk of body text makes (a paragraph followed by a table splits in two)."""
    if all(is_scene_break(line.text) for line in chunk.lines):
        return [Block(BlockKind.SCENE_BREAK, chunk.first, chunk.ref)]
    figure = _FIGURE.fullmatch(_rejoin(chunk.lines))
    if figure:
        return [Block(BlockKind.FIGURE, figure.group("caption"), chunk.ref)]
    note = _NOTE_MARK.match(chunk.first) or (_NUMBERED_NOTE.match(chunk.first) if in_notes else None)
    if note and not _is_table(chunk.lines):
        text = _rejoin(chunk.lines)
        return [Block(BlockKind.NOTE, text, chunk.ref, label=note.group("label"))]
    if len(chunk.lines) > 1 and markup_table([line.text for line in chunk.lines]) is not None:
        return [Block(BlockKind.TABLE, _as_set(chunk.lines), chunk.ref)]
    table_start = _table_start(chunk.lines)
    if table_start is not None:
        table = Block(BlockKind.TABLE, _as_set(chunk.lines[table_start:]), chunk.lines[table_start].ref)
        if table_start == 0:
            return [table]
        return [*classify(Chunk(chunk.lines[:table_start]), in_notes), table]
    if in_notes and chunk.indent < _QUOTE_INDENT:
        return [Block(BlockKind.NOTE, _rejoin(chunk.lines), chunk.ref)]
    if chunk.indent >= _QUOTE_INDENT:
        if _is_verse(chunk.lines):
            return [Block(BlockKind.VERSE, _dedent(chunk.lines), chunk.ref)]
        return [Block(BlockKind.BLOCK_QUOTE, _rejoin(chunk.lines), chunk.ref)]
    return [Block(BlockKind.PARAGRAPH, _rejoin(chunk.lines), chunk.ref)]


def merge_table_rows(blocks: list[Block]) -> list[Block]:
    """Table rows printed one to a paragraph (blank lines between them) make one table; its lines keep where
    they stand against each other (a header over its columns), less the indentation they all share."""
    out: list[Block] = []
    for block in blocks:
        if out and block.kind is BlockKind.TABLE and out[-1].kind is BlockKind.TABLE:
            previous = out.pop()
            out.append(Block(BlockKind.TABLE, f"{previous.text}\n{block.text}", previous.source))
        else:
            out.append(block)
    return [replace(block, text=_dedented(block.text)) if block.kind is BlockKind.TABLE else block for block in out]


def heading_text(chunk: Chunk) -> str:
    """The heading as printed, less markup marks (`## High Finance` -> `High Finance`)."""
    text = " ".join(line.stripped for line in chunk.lines)
    return re.sub(r"^(?:(?:#{1,6}|\*{1,5})\s+)+", "", text)


def _is_verse(lines: tuple[Line, ...]) -> bool:
    """Short lines that mostly open with a capital, as verse is set; wrapped prose runs on in lower case."""
    if len(lines) < 2 or max(len(line.stripped) for line in lines) > _VERSE_LINE_CHARS:
        return False
    openings = [line.stripped[0] for line in lines]
    return sum(not ch.islower() for ch in openings) >= 0.7 * len(openings)


def _table_start(lines: tuple[Line, ...]) -> int | None:
    """Where a table begins in a chunk: the first of the lines laid out in columns, if most lines are."""
    if len(lines) > 1 and all(_BOX_RULE.search(line.stripped) for line in lines):
        return 0
    gapped = [bool(_COLUMN_GAP.search(line.stripped)) for line in lines]
    if len(lines) == 1:
        row = lines[0].stripped
        gap = _WIDE_GAP.search(row)
        return 0 if gap and len(row) <= _TABLE_ROW_CHARS and any(ch.isdigit() for ch in row[gap.start() :]) else None
    if sum(gapped) < 2:
        return None
    first = gapped.index(True)
    rest = gapped[first:]
    if sum(rest) * 2 < len(rest):
        return None
    return 0 if _is_caption(lines[:first], lines[first:]) else first


def _is_caption(above: tuple[Line, ...], table: tuple[Line, ...]) -> bool:
    """A line or two set well in from the table's edge, as a title is centred over it (`COURTS MARTIAL.`)."""
    margin = min(line.indent for line in table) + _CAPTION_INDENT
    return 0 < len(above) <= 2 and all(line.indent >= margin and len(line.stripped) <= _CAPTION_CHARS for line in above)


def _is_table(lines: tuple[Line, ...]) -> bool:
    return _table_start(lines) == 0


def _rejoin(lines: tuple[Line, ...]) -> str:
    """Undo hard wrapping: one line, breaks at a `--` or a hyphen joined without a space."""
    text = lines[0].stripped
    for line in lines[1:]:
        part = line.stripped
        if text.endswith("--") or (text.endswith("-") and text[-2:-1].isalpha()):
            text += part
        else:
            text += " " + part
    return text


def _as_set(lines: tuple[Line, ...]) -> str:
    """A table's lines as printed, indentation and all (`merge_table_rows` takes off what they share)."""
    return "\n".join(line.text.rstrip() for line in lines)


def _dedented(text: str) -> str:
    lines = text.split("\n")
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines)


def _dedent(lines: tuple[Line, ...]) -> str:
    indent = min(line.indent for line in lines)
    return "\n".join(line.text[indent:] for line in lines)
