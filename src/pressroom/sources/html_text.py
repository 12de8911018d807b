"""An HTML or XHTML body as the plain text the structure reader reads: headings as markup lines (`** Title`),
paragraphs apart, italics and bold as `_x_`, quotations indented, note marks as `[1]` and notes as `[1] text`.

Used by the Markdown (through its HTML), HTML and EPUB readers, so that every format reaches the one structure
reader. Pure: an element in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from pressroom.text.patterns import MARKUP_HEADING

HeadingMarks = Callable[[int], str]
"""The markup for a heading of level 1-6 (`**`), or "" to leave the heading out (the title, said elsewhere)."""

HEADING_LINE = "pressroom-heading"
"""An element a reader inserts to carry a heading line as it is to be read (`** Chapter I: Our Riches`)."""
NOTES_TYPES = frozenset({"endnotes", "footnotes", "rearnotes"})
"""The `epub:type`s of a section of notes."""
SAID = "data-pressroom-said"
"""Marks a page's own heading that an inserted heading line already says."""

_BLOCKS = frozenset(
    {HEADING_LINE, "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "ul", "ol",
     "li", "dl", "dt", "dd", "pre", "table", "tr", "hr", "figure", "figcaption", "hgroup", "nav", "body", "address",
     "details"}
)  # fmt: skip
_ITALIC = frozenset({"em", "i", "cite", "strong", "b", "dfn", "var"})
_SKIPPED = frozenset({"script", "style", "head", "title", "img", "svg", "math", "template", "nav", "button", "form"})
_HEADING = re.compile(r"h([1-6])")
_QUOTE_INDENT = "    "
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
_NOTE_NUMBER = re.compile(r"\d+")
# What a reading system, not the reader, is given: page numbers, backlinks from notes.
_DROPPED_TYPES = frozenset({"pagebreak", "backlink", "se:image.color-depth.black-on-transparent"})


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def epub_types(element: etree._Element) -> set[str]:
    for name, value in element.attrib.items():
        if str(name).endswith("}type") or name == "epub:type":
            return set(str(value).split())
    return set()


def title_and_chapter_marks(one_title: bool) -> HeadingMarks:
    """HTML and Markdown headings: with a single `<h1>`/`#`, that is the title (said elsewhere) and the next level
    the chapters; otherwise the first level is the chapters. Deeper levels are sections."""
    by_level = {1: "", 2: "**", 3: "***"} if one_title else {1: "**", 2: "***"}
    return lambda level: by_level.get(level, "***")


def html_to_text(body: etree._Element, heading_marks: HeadingMarks) -> str:
    """The element's text as paragraphs separated by blank lines."""
    return "\n\n".join(_blocks(body, heading_marks, indent="")) + "\n"


def _blocks(element: etree._Element, marks: HeadingMarks, indent: str) -> Iterator[str]:
    name = local_name(element)
    if name in _SKIPPED or _dropped(element):
        return
    if name == HEADING_LINE:
        yield element.text or ""
        return
    heading = _HEADING.fullmatch(name)
    if heading:
        mark = marks(int(heading.group(1)))
        text = inline_text(element)
        if mark and text:
            yield _notes_line(text) if _in_notes_section(element) else f"{mark} {text}"
        return
    if name == "hgroup":
        yield from _hgroup(element, marks)
        return
    if name == "hr":
        if "footnotes-sep" not in (element.get("class") or ""):
            yield "* * *"
        return
    if name == "blockquote":
        indent = indent + _QUOTE_INDENT
    if name == "pre":
        lines = "".join(element.itertext()).strip("\n").split("\n")
        yield "\n".join(f"{indent}{_QUOTE_INDENT}{line}" for line in lines)
        return
    if name == "table":
        yield "\n".join(f"{indent}{line}" for line in _table_lines(element))
        return
    if name == "li" and _is_note(element):
        yield f"{indent}[{_note_number(element)}] {inline_text(element)}"
        return
    if name == "ol":
        yield from _numbered_items(element, marks, indent)
        return
    if _has_block_children(element):
        if element.text and element.text.strip():
            yield f"{indent}{_collapse(element.text)}"
        for child in element:
            yield from _blocks(child, marks, indent)
            if child.tail and child.tail.strip():
                yield f"{indent}{_collapse(child.tail)}"
        return
    text = inline_text(element)
    if text:
        own = _LETTER_PART_INDENT if _is_letter_part(element) else indent
        yield "\n".join(f"{own or _not_markup(line)}{line}" for line in text.split("\n"))


def _table_lines(table: etree._Element) -> Iterator[str]:
    """A table as Amusewiki markup, which the structure reads back as a table: `|+ caption +|`, header cells
    parted by `||`, body cells by `|`, footer cells by `|||`."""
    for caption in table.iterfind("{*}caption"):
        yield f"|+ {inline_text(caption)} +|"
    for row in table.iter("{*}tr"):
        parent = row.getparent()
        group = local_name(parent) if parent is not None else ""
        cells = [inline_text(cell) for cell in row if local_name(cell) in ("td", "th")]
        all_headers = all(local_name(cell) == "th" for cell in row)
        bar = "|||" if group == "tfoot" else "||" if group == "thead" or all_headers else "|"
        yield f" {f' {bar} '.join(cells)}"


# A letter's place, date and signature stand apart, to the right, in plain text; that is how they are known.
_LETTER_PARTS = frozenset({"place", "dateline", "signature", "valediction"})
_LETTER_PART_INDENT = " " * 40


def _is_letter_part(element: etree._Element) -> bool:
    kinds = set((element.get("class") or "").split()) | {t.removeprefix("z3998:") for t in epub_types(element)}
    return bool(kinds & _LETTER_PARTS)


_NOTES_LINE = re.compile(r"(?:foot)?notes?", re.IGNORECASE)


def _in_notes_section(heading: etree._Element) -> bool:
    parent = heading.getparent()
    if parent is None:
        return False
    classes = (parent.get("class") or "").split()
    return "notes" in classes or bool(epub_types(parent) & NOTES_TYPES)


def _notes_line(title: str) -> str:
    """A chapter's notes heading as the plain-text line that opens notes (`Notes:`), not as a section."""
    return f"{title}:" if _NOTES_LINE.fullmatch(title) else "NOTES:"


def _numbered_items(element: etree._Element, marks: HeadingMarks, indent: str) -> Iterator[str]:
    """An ordered list's items keep their numbers (`2. Second.`); a list of notes is its notes."""
    start = int(element.get("start") or 1) if (element.get("start") or "1").isdigit() else 1
    items = [child for child in element if local_name(child) == "li"]
    for number, item in enumerate(items, start=start):
        if _is_note(item):
            yield from _blocks(item, marks, indent)
            continue
        texts = list(_blocks(item, marks, indent))
        if texts:
            yield f"{indent}{number}. {texts[0].lstrip()}"
            yield from texts[1:]


def _not_markup(line: str) -> str:
    """A paragraph that starts as markup would (`* To these figures...`) is set in by a space, which a heading
    never is, so it stays a paragraph."""
    return " " if MARKUP_HEADING.match(line) else ""


def _hgroup(element: etree._Element, marks: HeadingMarks) -> Iterator[str]:
    """`<hgroup><h2>I</h2><p>Mutual Aid Among Animals</p></hgroup>` as one heading: `** I. Mutual Aid Among
    Animals`, so that the numeral is the label and the rest the title."""
    levels = [int(m.group(1)) for child in element if (m := _HEADING.fullmatch(local_name(child)))]
    mark = marks(min(levels)) if levels else ""
    parts = [inline_text(child) for child in element if local_name(child) != "" and "subtitle" not in epub_types(child)]
    parts = [part for part in parts if part]
    if not mark or not parts:
        return
    if len(parts) > 1 and re.fullmatch(r"[IVXLCDM]+|\d+", parts[0]):
        yield f"{mark} {parts[0]}. {' '.join(parts[1:])}"
    else:
        yield f"{mark} {': '.join(parts)}"


def _has_block_children(element: etree._Element) -> bool:
    return any(local_name(child) in _BLOCKS or _HEADING.fullmatch(local_name(child)) for child in element)


_BACK_ARROWS = frozenset({"↩", "↩︎", "↑", "⤴", "^", "back", "return", "top"})
"""What a link from a note back to its mark says, when the page marks it no other way."""


def _dropped(element: etree._Element) -> bool:
    return (
        element.get(SAID) is not None
        or bool(epub_types(element) & _DROPPED_TYPES)
        or element.get("role") in ("doc-pagebreak", "doc-backlink")
        or "footnote-backref" in (element.get("class") or "")
        or _is_back_link(element)
    )


def _is_back_link(element: etree._Element) -> bool:
    """`<a href="#r1">↩</a>`: a note's way back to its mark, for a reader's finger, not a listener's ear."""
    if not isinstance(element.tag, str) or local_name(element) != "a":
        return False
    href = element.get("href") or ""
    return href.startswith("#") and "".join(element.itertext()).strip().casefold() in _BACK_ARROWS


_NOTE_ID = re.compile(r"(?:note|fn|footnote|endnote|rearnote)[-_:]?\d+", re.IGNORECASE)


def _is_note(element: etree._Element) -> bool:
    """A note: typed so (EPUB 3, ARIA, markdown-it's footnotes), or an item whose id says so (`note-12`)."""
    types = epub_types(element)
    return (
        bool(types & {"endnote", "footnote", "rearnote"})
        or element.get("role") in ("doc-endnote", "doc-footnote")
        or "footnote-item" in (element.get("class") or "")
        or _NOTE_ID.fullmatch(element.get("id") or "") is not None
    )


def _note_number(element: etree._Element) -> str:
    found = _NOTE_NUMBER.search(element.get("id") or "")
    if found:
        return found.group(0)
    parent = element.getparent()
    return str(list(parent).index(element) + 1) if parent is not None else "1"


def inline_text(element: etree._Element) -> str:
    """An element's words with inline markup as plain-text conventions; `<br>` is a line break."""
    out: list[str] = []
    _inline(element, out, top=True)
    lines = [_collapse(line) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def _inline(element: etree._Element, out: list[str], top: bool = False) -> None:
    name = local_name(element)
    tail = _spaced(element.tail)
    if not top:
        if name in _SKIPPED or _dropped(element) or not isinstance(element.tag, str):
            out.append(tail)
            return
        if name == "br":
            out.append("\n")
            out.append(tail)
            return
        if _is_note_reference(element):
            out.append(f"[{_note_reference_number(element)}]")
            out.append(tail)
            return
    inner: list[str] = [_spaced(element.text)]
    for child in element:
        _inline(child, inner)
    text = "".join(inner)
    if not top and name in _ITALIC and text.strip() and "_" not in text:
        lead, core, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", text, re.DOTALL).groups()  # type: ignore[union-attr]
        text = f"{lead}_{core}_{trail}"
    out.append(text)
    if not top:
        out.append(tail)


def _spaced(text: str | None) -> str:
    """Source line breaks and runs of spaces as one space (only `<br>` breaks a line)."""
    return _SPACES.sub(" ", text or "")


def _is_note_reference(element: etree._Element) -> bool:
    if "noteref" in epub_types(element) or element.get("role") == "doc-noteref":
        return True
    if local_name(element) == "sup" and "footnote-ref" in (element.get("class") or ""):
        return True
    # A plain page's mark: a raised number linking to a note (`<sup><a href="#fn1">1</a></sup>`), or a link to one
    # around a raised number (`<a href="#note-1"><sup>1</sup></a>`).
    if not isinstance(element.tag, str) or local_name(element) not in ("sup", "a"):
        return False
    link = element if local_name(element) == "a" else next(iter(element.iter("{*}a", "a")), None)
    if link is None:
        return False
    raised = local_name(element) == "sup" or any(
        isinstance(child.tag, str) and local_name(child) == "sup" for child in element
    )
    target = (link.get("href") or "").partition("#")[2]
    number = "".join(element.itertext()).strip().strip("[]")
    return raised and bool(number) and len(number) <= 4 and (number.isdigit() or bool(_NOTE_ID.fullmatch(target)))


def _note_reference_number(element: etree._Element) -> str:
    text = "".join(element.itertext())
    found = _NOTE_NUMBER.search(text) or _NOTE_NUMBER.search(element.get("href") or "")
    return found.group(0) if found else text.strip("[]")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
