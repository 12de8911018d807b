"""A Markdown file (CommonMark, with footnotes and a YAML-style front matter), through markdown-it-py.

A single `#` heading is the title and `##` headings are the chapters (with several `#` headings, those are the
chapters); emphasis, quotations and lists are kept, links are their text, `[^1]` footnotes are notes. Pure.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import lxml.html
import yaml
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
    matter = next((t for t in tokens if t.type == "front_matter"), None)
    if matter is None and text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == "---":
        raise InputError(
            "the front matter opened here is never closed: its keys would be printed and read as text",
            path=path,
            line=1,
            hint="end it with a line of three dashes (---) before the text",
        )
    header = _front_matter(matter.content if matter is not None else "", path)
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


def _front_matter(content: str, path: str) -> list[tuple[str, str]]:
    """The front matter's keys Pressroom knows, read as YAML (a value that is not text, or YAML that does not
    parse, is one line naming the line, not taken as it comes)."""
    if not content.strip():
        return []
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # after the opening `---`, counted from 1
        problem = getattr(error, "problem", None) or str(error).split("\n")[0]
        raise InputError(f"the front matter is not valid YAML: {problem}", path=path, line=line,
                         hint="quote a value that holds a colon, a bracket or a #") from None  # fmt: skip
    if not isinstance(data, dict):
        raise InputError("the front matter is not a list of key: value lines", path=path, line=2,
                         hint="write it as title: ..., author: ...") from None  # fmt: skip
    header: list[tuple[str, str]] = []
    for key, value in data.items():
        name = str(key).strip().lower()
        if value is None or (name not in _FRONT_KEYS and name not in ("date", "year")):
            continue
        if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            value = " and ".join(item.strip() for item in value)  # authors: [A, B]
        if isinstance(value, (dict, list)):
            raise InputError(f"the front matter's {key} is not text", path=path, line=_line_of(content, str(key)),
                             hint=f"give {key} as one line of text") from None  # fmt: skip
        text = str(value).strip()
        if name in _FRONT_KEYS and text:
            header.append((_FRONT_KEYS[name], text))
        elif (year := YEAR.search(text)) is not None:
            header.append(("YEAR", year.group(1)))
    return header


def _line_of(content: str, key: str) -> int | None:
    """The file's line (the opening `---` is line 1) where the front matter sets `key`."""
    for number, line in enumerate(content.split("\n"), start=2):
        if line.split(":", 1)[0].strip() == key:
            return number
    return None


def _plain_inline(markdown: str) -> str:
    """A heading's Markdown as plain words (`*Mutual* Aid` as `Mutual Aid`)."""
    html = _parser().renderInline(markdown)
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="span").text_content().split())
