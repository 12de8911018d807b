"""A Markdown file (CommonMark, with footnotes and a YAML-style front matter), through markdown-it-py.

A single `#` heading is the title and `##` headings are the chapters (with several `#` headings, those are the
chapters); emphasis, quotations and lists are kept, links are their text, `[^1]` footnotes are notes. Pure.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import lxml.html
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.sources.html_text import html_to_text, title_and_chapter_marks
from pressroom.text.patterns import YEAR

SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
# Syntax only Markdown uses: a link, strong emphasis, a fenced block, a footnote.
_MARKDOWN_ONLY = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*\S[^*\n]*\*\*|^```|^~~~|\[\^[^\]]+\]", re.MULTILINE)
_FRONT_KEYS = {"title": "TITLE", "author": "AUTHOR", "lang": "LANGUAGE", "language": "LANGUAGE",
               "description": "DESCRIPTION", "rights": "LICENSE_NOTE", "license": "LICENSE_NOTE"}  # fmt: skip


def is_markdown(text: str, path: str) -> bool:
    if PurePath(path).suffix.lower() in SUFFIXES:
        return True
    return _ATX_HEADING.search(text) is not None and _MARKDOWN_ONLY.search(text) is not None


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(footnote_plugin).use(front_matter_plugin)


def read_markdown(text: str, path: str) -> Document:
    parser = _parser()
    tokens = parser.parse(text)
    header = _front_matter(next((t.content for t in tokens if t.type == "front_matter"), ""))
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    marks = title_and_chapter_marks(len(titles) == 1)
    if len(titles) == 1 and not any(key == "TITLE" for key, _ in header):
        header.insert(0, ("TITLE", _plain_inline(titles[0])))
    html = parser.render(text)
    page = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").body
    body = html_to_text(page, marks) if page is not None else ""
    if not body.strip():
        raise InputError("this Markdown file has no text", path=path, hint="write the text under its title")
    return Document(tuple(header), body, 1, explicit_headings=True)


def _front_matter(content: str) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = []
    for line in content.split("\n"):
        key, _, value = line.partition(":")
        value = value.strip().strip("\"'")
        if not value:
            continue
        if key.strip().lower() in _FRONT_KEYS:
            header.append((_FRONT_KEYS[key.strip().lower()], value))
        elif key.strip().lower() in ("date", "year") and (year := YEAR.search(value)):
            header.append(("YEAR", year.group(1)))
    return header


def _plain_inline(markdown: str) -> str:
    """A heading's Markdown as plain words (`*Mutual* Aid` as `Mutual Aid`)."""
    html = _parser().renderInline(markdown)
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="span").text_content().split())
