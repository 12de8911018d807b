"""A page's narrated paragraphs with each sentence in a span of its own, and when each is said. Pure.

What the read-along book and the site's player light sentence by sentence. A paragraph's printed text is matched
to the sentences its narration said (`text.sentences`); each unit becomes `<span id="p-12-s3">`, an italic run
or a link that a unit boundary crosses is cut in two. Only paragraphs of running text are cut (a `p` whose
inline elements hold text alone); verse, tables and headings keep their one element.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from pressroom.epub.xhtml import XHTML_NS, Element, element, serialize
from pressroom.text.sentences import ReadUnit, read_along_units


@dataclass(frozen=True)
class SaidSentence:
    """A sentence the narration said for a block: its text, the audio that holds it and where."""

    text: str
    source: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class TimedSpan:
    """A unit read along: the element that holds it, and where the audio says it."""

    fragment: str
    source: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class SentencePage:
    xhtml: bytes
    """The page, its sentences in spans (the same bytes when none was cut)."""
    spans: Mapping[str, tuple[TimedSpan, ...]]
    """For each block cut into sentences, its units in order; a block not cut is not here."""


def sentence_page(xhtml: bytes, said: Mapping[str, Sequence[SaidSentence]]) -> SentencePage:
    """The page with each block in `said` (by element id) cut into the units its sentences were said in."""
    root = etree.fromstring(xhtml)
    found: dict[str, tuple[TimedSpan, ...]] = {}
    for block_id, sentences in said.items():
        target = running_paragraph(root, block_id)
        if target is None or not sentences:
            continue
        units = read_along_units(text_of(target), [s.text for s in sentences])
        if len(units) < 2:
            continue
        timed = [_timed(block_id, number, unit, sentences) for number, unit in enumerate(units, start=1)]
        wrap(target, units, [span.fragment for span in timed])
        found[block_id] = tuple(timed)
    return SentencePage(serialize(root) if found else xhtml, found)


def _timed(block_id: str, number: int, unit: ReadUnit, sentences: Sequence[SaidSentence]) -> TimedSpan:
    """The unit's time: from its first sentence said to its last, in the file its first sentence is in."""
    own = [s for s in sentences[unit.first : unit.last + 1] if s.source == sentences[unit.first].source]
    said = [s for s in own if s.end_ms > s.start_ms] or own
    return TimedSpan(f"{block_id}-s{number}", own[0].source, said[0].start_ms, max(s.end_ms for s in said))


def running_paragraph(root: Element, block_id: str) -> Element | None:
    """The page's paragraph of running text with this id (its inline elements hold text alone), or None: verse,
    a table, a heading, or no such paragraph."""
    target = root.find(f".//{{{XHTML_NS}}}p[@id='{block_id}']") if block_id.isascii() else None
    if target is None or not all(len(child) == 0 and _local(child) != "br" for child in target):
        return None
    return target


def _local(node: Element) -> str:
    return etree.QName(node).localname


def text_of(paragraph: Element) -> str:
    return "".join(text for text, _ in _pieces(paragraph))


def _pieces(paragraph: Element) -> Iterator[tuple[str, Element | None]]:
    """The paragraph's content in order: its text runs (None) and its inline elements (with their text)."""
    yield paragraph.text or "", None
    for child in paragraph:
        yield child.text or "", child
        yield child.tail or "", None


def wrap(paragraph: Element, units: Sequence[ReadUnit], ids: Sequence[str]) -> None:
    pieces = list(_pieces(paragraph))
    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    bounds = sorted({0, *(u.start for u in units), *(u.end for u in units)})
    position = 0
    current: tuple[int, Element] | None = None
    for text, inline in pieces:
        cuts = [b - position for b in bounds if position < b < position + len(text)]
        for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
            unit = next((n for n, u in enumerate(units) if u.start <= position + start < u.end), None)
            if unit is None:
                holder = paragraph
            else:
                if current is None or current[0] != unit:
                    current = (unit, element("span", paragraph, id=ids[unit]))
                holder = current[1]
            _append(holder, text[start:end], inline, first=start == 0)
            if unit is None:
                current = None
        position += len(text)


def _append(holder: Element, text: str, inline: Element | None, first: bool) -> None:
    """A piece of text, on its own or as (a cut of) an inline element; only the first cut keeps the id."""
    if inline is None:
        if not text:
            return
        if len(holder):
            holder[-1].tail = (holder[-1].tail or "") + text
        else:
            holder.text = (holder.text or "") + text
        return
    piece = copy.copy(inline)
    piece.tail = None
    piece.text = text or None
    if not first and "id" in piece.attrib:
        del piece.attrib["id"]
    holder.append(piece)
