"""A PDF with a text layer, read as a work (PyMuPDF): what a printed edition, a scan with OCR text or a word
processor's PDF holds, back to the text Pressroom reads. The running heads and feet and the page numbers are
left out (lines in a page's margins that recur from page to page, and bare numbers); words hyphenated across lines
are joined, and paragraphs across page breaks; headings are found by their size (the title the largest, once,
then the chapters and sections) and given as markup, so no line of the text is taken for one by its case; two
columns are read left then right; the title and author come from the PDF's information, else its first page.

A PDF with no text layer (a scan without OCR) and an encrypted one are each one line saying what to do."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import pymupdf

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.sources.pdf_notes import MARK as _MARK
from pressroom.sources.pdf_notes import Line as _Line
from pressroom.sources.pdf_notes import page_notes

_MARGIN = 0.09
"""The share of a page's height at its top and its foot where running heads, feet and page numbers are set."""
_BARE_NUMBER = re.compile(r"(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*/\s*\d{1,4})?\s*[-–—)\]]?", re.I)
_BY = re.compile(r"by\s+(?P<name>\S.{0,80})", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;”’\"')\]]$")
_HYPHENS = ("-", "\u2010", "\u00ad")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SMALLER = 0.85
"""A superscript's type is at most this much of its line's."""
_ALIKE = 0.8
_SAME_PLACE = 6.0
"""Points a running head may move from page to page (an OCR's boxes are not a typesetter's)."""
_FULL_LINE = 0.7
_TEXT_LINE = 20
_HEADING_RATIO = 1.12
"""A line this much larger than the running text is a heading."""


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def read_pdf(data: bytes, path: str) -> Document:
    try:
        document: Any = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except (RuntimeError, ValueError) as error:
        raise InputError(f"not a PDF that can be read ({error})", path=path, hint="download it again") from None
    with document:
        if document.needs_pass or document.is_encrypted:
            raise InputError("the PDF is encrypted", path=path,
                             hint="give a copy without its password (qpdf --decrypt in.pdf out.pdf)")  # fmt: skip
        lines = list(_lines(document))
        metadata = document.metadata or {}
    if sum(len(line.text) for line in lines) < 20 * max(1, len({line.page for line in lines})):
        raise InputError("the PDF has no text layer (its pages are pictures of text)", path=path,
                         hint="give it a text layer with OCR first: ocrmypdf in.pdf out.pdf")  # fmt: skip
    recurring = _recurring_margins(lines)
    size = _body_size(lines)
    body, notes = page_notes(_evened([line for line in lines if not _running(line, recurring, size)], size), size)
    title, author, body = _title_page(body, size, metadata)
    header = tuple((key, value) for key, value in (("TITLE", title), ("AUTHOR", author)) if value)
    seen = Counter(word.lower() for line in body for word in _WORD.findall(line.text))
    paragraphs = list(_paragraphs(body, _heading_marks(body, size), seen))
    if notes:
        paragraphs += ["** Notes", *(f"[{label}] {_joined(note, seen)}" for label, note in notes)]
    text = "\n\n".join(paragraphs) + "\n"
    return Document(header, text, 1)


def _lines(document: Any) -> Iterator[_Line]:
    """Every line of text, page by page in reading order (PyMuPDF's pages are not typed: `Any`)."""
    pages: Iterator[Any] = iter(document)
    for number, page in enumerate(pages):
        height, width = page.rect.height, page.rect.width
        blocks = [block for block in page.get_text("dict")["blocks"] if block.get("type") == 0]
        for index, block in enumerate(_reading_order(blocks, width)):
            for line in block["lines"]:
                spans = [span for span in line["spans"] if span["text"].strip()]
                if not spans:
                    continue
                sizes = Counter({round(span["size"], 1): len(span["text"]) for span in spans})
                text = " ".join(_marked_text(line["spans"], sizes.most_common(1)[0][0]).split())
                top, bottom = line["bbox"][1], line["bbox"][3]
                margin = bottom < height * _MARGIN or top > height * (1 - _MARGIN)
                yield _Line(number, index, text, sizes.most_common(1)[0][0], top, line["bbox"][0], margin)


def _marked_text(spans: list[dict[str, Any]], size: float) -> str:
    """A line's text, a superscript (a note's mark) set between `\x01` and `\x02` so that it can be linked to its
    note: a span MuPDF calls superscript, or one in smaller type raised above the line's baseline."""
    baseline = max((span["origin"][1] for span in spans if round(span["size"], 1) == size), default=0.0)
    text = ""
    for span in spans:
        raised = span["size"] < size * _SMALLER and span["origin"][1] < baseline - span["size"] * 0.2
        if span["text"].strip() and (span["flags"] & 1 or raised) and _MARK.fullmatch(span["text"].strip()):
            text += f"\x01{span['text'].strip()}\x02"
        else:
            text += span["text"]
    return text


def _reading_order(blocks: list[dict[str, Any]], width: float) -> list[dict[str, Any]]:
    """Top to bottom; on a page set in two columns, the left column whole, then the right."""

    def box(block: dict[str, Any]) -> tuple[float, float, float, float]:
        left, top, right, bottom = (float(value) for value in block["bbox"])
        return left, top, right, bottom

    narrow = [b for b in blocks if box(b)[2] - box(b)[0] < width * 0.55]
    two_columns = (
        len(narrow) >= 4 and len(narrow) >= 0.6 * len(blocks) and any(box(b)[0] > width * 0.45 for b in narrow)
    )
    if two_columns:
        return sorted(blocks, key=lambda b: (box(b)[0] > width * 0.45, box(b)[1]))
    return sorted(blocks, key=lambda b: (box(b)[1], box(b)[0]))


def _recurring_margins(lines: Sequence[_Line]) -> frozenset[_Line]:
    """The margin lines set at the same place on at least a third of the pages (two at least) and reading alike
    there (digits aside, and allowing an OCR's misreadings): a running head sits where it sat, a line of text
    that happens to read alike elsewhere does not."""
    clusters: list[tuple[_Line, str, set[int], list[_Line]]] = []
    for line in (line for line in lines if line.in_margin):
        shape = _shape(line)
        for first, first_shape, pages, members in clusters:
            alike = first_shape == shape or difflib.SequenceMatcher(None, first_shape, shape).ratio() >= _ALIKE
            if abs(first.top - line.top) <= _SAME_PLACE and alike:
                pages.add(line.page)
                members.append(line)
                break
        else:
            clusters.append((line, shape, {line.page}, [line]))
    total = len({line.page for line in lines})
    needed = max(2, round(total * 0.3)) if total > 1 else 1
    return frozenset(line for _, _, pages, members in clusters if len(pages) >= needed for line in members)


def _shape(line: _Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def _running(line: _Line, recurring: frozenset[_Line], size: float) -> bool:
    """A running head or foot: in a margin, and a bare page number (no larger than the text: a chapter's `II` at
    a page's top is a heading), or words that recur at the same place from page to page."""
    if not line.in_margin:
        return False
    number = _BARE_NUMBER.fullmatch(line.text) is not None and line.size <= size * _HEADING_RATIO
    return number or line in recurring


def _evened(lines: Sequence[_Line], size: float) -> list[_Line]:
    """A full line set larger inside a paragraph of running text is running text: an OCR guesses each line's
    size. A short one (a title over its byline, a heading run in with its text) keeps its size, unless it opens
    in small letters, as no heading does (`was a`, a paragraph's last words)."""
    longest: dict[tuple[int, int], int] = {}
    for line in lines:
        if line.size <= size * _HEADING_RATIO and len(line.text) >= _TEXT_LINE:  # not a stray `°` or `I`
            key = (line.page, line.block)
            longest[key] = max(longest.get(key, 0), len(line.text))
    return [
        replace(line, size=size)
        if line.size > size * _HEADING_RATIO
        and (len(line.text) >= _FULL_LINE * longest.get((line.page, line.block), 10**6) or line.text[:1].islower())
        else line
        for line in lines
    ]


def _body_size(lines: Sequence[_Line]) -> float:
    sizes = Counter[float]()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _title_page(
    lines: list[_Line], size: float, metadata: dict[str, str]
) -> tuple[str | None, str | None, list[_Line]]:
    """The title (the PDF's, else the largest type of the document, when it is set on the first page alone) and
    the author (the PDF's, else a `by ...` line under the title); the lines they came from are not text."""
    title, author = (metadata.get("title") or "").strip() or None, (metadata.get("author") or "").strip() or None
    largest = max((line.size for line in lines), default=0.0)
    everywhere = [line for line in lines if line.size == largest]
    kept = list(lines)
    on_first_page = {line.page for line in everywhere} == {lines[0].page} if lines else False
    if largest > size * _HEADING_RATIO and on_first_page:
        title_lines = list(everywhere)
        title = title or " ".join(line.text for line in title_lines)
        kept = [line for line in kept if line not in title_lines]
        after = next((line for line in kept if line.page == lines[0].page and len(line.text) > 2), None)
        byline = _BY.fullmatch(after.text) if after is not None else None
        if after is not None and byline is not None:
            author = author or byline.group("name").strip()
            kept.remove(after)
    return title, author, kept


def _heading_marks(lines: Sequence[_Line], size: float) -> dict[float, str]:
    """Each size larger than the running text, largest first: chapters (`**`), then sections (`***`)."""
    larger = sorted({line.size for line in lines if line.size > size * _HEADING_RATIO}, reverse=True)
    return {found: "**" if rank == 0 else "***" for rank, found in enumerate(larger)}


def _paragraphs(lines: Sequence[_Line], marks: dict[float, str], seen: Counter[str]) -> Iterator[str]:
    """The lines as paragraphs: a block's lines joined (a word hyphenated at a line's end made whole), a
    paragraph cut by a page break joined again, headings as markup."""
    paragraph: list[str] = []
    held: list[str] = []
    last: _Line | None = None
    heading: _Line | None = None
    for line in lines:
        if line.size in marks:
            if paragraph:
                yield _joined(paragraph, seen)
                paragraph = []
            if heading is not None and _place(heading) == _place(line):
                held[-1] += f" {line.text}"  # a heading wrapped over two lines is one heading
            else:
                held.append(f"{marks[line.size]} {line.text}")
            heading, last = line, None
            continue
        yield from held
        held, heading = [], None
        new_block = last is None or (line.page, line.block) != (last.page, last.block)
        carried = (
            last is not None
            and line.page != last.page
            and not _SENTENCE_END.search(paragraph[-1] if paragraph else ".")
            and line.text[:1].islower()
        )
        if new_block and not carried and paragraph:
            yield _joined(paragraph, seen)
            paragraph = []
        paragraph.append(line.text)
        last = line
    yield from held
    if paragraph:
        yield _joined(paragraph, seen)


def _place(line: _Line) -> tuple[int, int, float]:
    return line.page, line.block, line.size


def _joined(lines: Sequence[str], seen: Counter[str]) -> str:
    """A paragraph's lines as one. A word broken at a line's end by a hyphen is made whole where the hyphen
    is a typesetter's (a soft one, or the whole word is set elsewhere in the book), and kept where the word is a
    compound (`all-powerful`, `to-day`: a hyphen the text has)."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            before = _WORD.findall(text[:-1])[-1].lower() if _WORD.findall(text[:-1]) else ""
            after = _WORD.match(line)
            rest = after.group(0).lower() if after else ""
            soft = text[-1] != "-"
            whole = seen[before + rest] > seen[f"{before}-{rest}"]
            text = text[:-1] + line if soft or whole else text + line
        else:
            text = f"{text} {line}"
    return text
