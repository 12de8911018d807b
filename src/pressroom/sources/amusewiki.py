"""An Anarchist Library text as downloaded (Amusewiki's `.muse`): `#title`, `#author`, ... lines, then the text.

The header becomes the work's metadata; the text's markup becomes the plain-text conventions the rest of
Pressroom reads: `<em>` and `<strong>` italics as `_x_`, `<quote>` and `> ` quotations and `<verse>` as indented
blocks, `<right>` (a letter's signature) set far to the right, `<br>` a line break, links their text, and the
remaining layout tags (`<center>`, `<sup>`, `<biblio>`) dropped with their words kept. Headings (`*` to `*****`)
and note marks (`[1]`, with `[1] text` notes) are already what the structure reader expects. Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.text.patterns import YEAR

_DIRECTIVE = re.compile(r"#(?P<key>[A-Za-z]+)(?:[ \t]+(?P<value>.*))?")
_KNOWN_DIRECTIVES = frozenset(
    {"title", "subtitle", "author", "authors", "date", "source", "lang", "pubdate", "topics", "notes", "listtitle",
     "sorttopics", "sortauthors", "notoc", "centersection", "centerchapter", "cover", "teaser", "uid", "slides"}
)  # fmt: skip
_URL = re.compile(r"https?://[^\s\]\[<>]+")
_LINK = re.compile(r"\[\[(?P<target>[^\]]+)\](?:\[(?P<text>[^\]]*)\])?\]")
_ITALIC = re.compile(r"<(?P<tag>em|i)>(?P<lead>\s*)(?P<text>.*?)(?P<trail>\s*)</(?P=tag)>", re.IGNORECASE)
# Bold is set as italics only when it stands alone; inside or around italics it adds nothing a reader needs.
_BOLD = re.compile(r"<(?P<tag>strong|b)>(?P<lead>\s*)(?P<text>[^<_]*?)(?P<trail>\s*)</(?P=tag)>", re.IGNORECASE)
_DROPPED_TAGS = re.compile(r"</?(?:center|sup|sub|biblio|del|span|code|sc|strong|b)>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"[ \t]*<br\s*/?>[ \t]*", re.IGNORECASE)
_QUOTE_LINE = re.compile(r">[ \t]?(?P<text>.*)")
_BLOCK_TAG = re.compile(r"<(?P<close>/?)(?P<tag>quote|verse|right|center)>", re.IGNORECASE)
# Indents that the block reader understands: a quotation, and a signature set far to the right.
_QUOTE_INDENT = "    "
_RIGHT_INDENT = " " * 40


def is_amusewiki(text: str) -> bool:
    """Whether the text opens with Amusewiki directives (`#title ...`, `#author ...`)."""
    for line in text.lstrip("\ufeff").split("\n", 40)[:40]:
        if not line.strip():
            continue
        match = _DIRECTIVE.fullmatch(line.strip())
        return match is not None and match.group("key").lower() in _KNOWN_DIRECTIVES
    return False


def read_amusewiki(text: str, path: str) -> Document:
    lines = text.lstrip("\ufeff").split("\n")
    directives: dict[str, str] = {}
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        match = _DIRECTIVE.fullmatch(stripped) if stripped else None
        if stripped and match is None:
            break
        if match is not None:
            directives.setdefault(match.group("key").lower(), (match.group("value") or "").strip())
        index += 1
    body = amusewiki_body("\n".join(lines[index:]))
    if not body.strip():
        raise InputError("this Anarchist Library text has a header but no text", path=path, line=index + 1)
    return Document(_header(directives), body, index + 1)


def _header(directives: dict[str, str]) -> tuple[tuple[str, str], ...]:
    url = _URL.search(directives.get("source", ""))  # before its link markup is made plain text
    directives = {key: _plain(value).strip() for key, value in directives.items()}
    header: list[tuple[str, str]] = []
    title = directives.get("title")
    if title:
        subtitle = directives.get("subtitle")
        header.append(("TITLE", f"{title}: {subtitle}" if subtitle else title))
    author = directives.get("author") or directives.get("authors")
    if author:
        header.append(("AUTHOR", author))
    year = YEAR.search(directives.get("date", ""))
    if year:
        header.append(("YEAR", year.group(1)))
    if directives.get("lang"):
        header.append(("LANGUAGE", directives["lang"]))
    if url:
        header.append(("SOURCE_URL", url.group(0)))
    return tuple(header)


_COMMENT = re.compile(r";(?:[ \t].*)?")
"""Amusewiki's comment: a line that is `;` alone or `; ` and anything (an editor's note, a passage set aside:
the Anarchist Library keeps an older translation of one letter so), never shown or read."""


def without_comments(text: str) -> str:
    """The text with Amusewiki's comment lines blanked (a line stays, so the line numbers a message gives and the
    paragraphs around stand as they were)."""
    return "\n".join("" if _COMMENT.fullmatch(line.rstrip()) else line for line in text.split("\n"))


def without_library_comments(doc: Document) -> Document:
    """A cleaned document cut from an Amusewiki text (its SOURCE_URL a `.muse` or the Anarchist Library) keeps
    the `.muse`'s comment lines: blanked, as the site leaves them out."""
    source = f"{doc.field('SOURCE_URL') or ''} {doc.field('SOURCE_PATH') or ''}".lower()
    if ".muse" not in source and "theanarchistlibrary.org" not in source:
        return doc
    return replace(doc, body=without_comments(doc.body))


def amusewiki_body(text: str) -> str:
    """The text with its markup turned into plain-text conventions, line by line, blocks by their tags."""
    out: list[str] = []
    indent = ""
    for line in without_comments(text).split("\n"):
        tag = _BLOCK_TAG.fullmatch(line.strip())
        if tag:
            opening = not tag.group("close")
            kind = tag.group("tag").lower()
            indent = _RIGHT_INDENT if opening and kind == "right" else _QUOTE_INDENT if opening else ""
            if kind == "center":
                indent = ""
            out.append("")
            continue
        quoted = _QUOTE_LINE.fullmatch(line)
        own_indent = _QUOTE_INDENT if quoted and not indent else indent
        content = quoted.group("text") if quoted and not indent else line
        for part in _LINE_BREAK.split(_plain(content)):
            out.append(f"{own_indent}{part}" if part.strip() else part)
    return "\n".join(out)


def _plain(text: str) -> str:
    """Inline markup as plain text: links as their text, italics and bold as `_x_`, layout tags dropped."""
    text = _LINK.sub(lambda m: m.group("text") or m.group("target"), text)
    text = _ITALIC.sub(_underscored, text)
    text = _BOLD.sub(_underscored, text)
    return _DROPPED_TAGS.sub("", text)


def _underscored(match: re.Match[str]) -> str:
    """`<em>x </em>` as `_x_ `: the spaces stay outside, where the plain-text italic rule looks for them."""
    lead, text, trail = match.group("lead", "text", "trail")
    return f"{lead}_{text}_{trail}" if text.strip() else f"{lead}{text}{trail}"
