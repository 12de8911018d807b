"""One HTML file, through lxml: `<title>` (or a single `<h1>`) the title, `<meta name="author">` the author,
`<html lang>` the language; `<h2>` headings the chapters when there is one `<h1>`. Pure."""

from __future__ import annotations

import re
from pathlib import PurePath

import lxml.html

from pressroom.errors import InputError
from pressroom.sources.document import Document
from pressroom.sources.html_text import html_to_text, title_and_chapter_marks

SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def is_html(text: str, path: str) -> bool:
    return PurePath(path).suffix.lower() in SUFFIXES or _HTML_START.match(text[:4000]) is not None


def read_html(text: str, path: str) -> Document:
    # lxml refuses a str that declares its own encoding; the text is already decoded.
    root = lxml.html.document_fromstring(re.sub(r"\A\s*<\?xml[^>]*>", "", text))
    header: list[tuple[str, str]] = []
    titles = root.xpath("//h1")
    title = " ".join((root.findtext(".//title") or "").split())
    one_title = len(titles) == 1
    if one_title and not title:
        title = " ".join(titles[0].text_content().split())
    if title:
        header.append(("TITLE", title))
    for name, key in (("author", "AUTHOR"), ("description", "DESCRIPTION")):
        content = root.xpath(f"string(//meta[@name='{name}']/@content)")
        if content.strip():
            header.append((key, " ".join(content.split())))
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language:
        header.append(("LANGUAGE", language))
    marks = title_and_chapter_marks(one_title)
    body = html_to_text(root.body, marks) if root.body is not None else ""
    if not body.strip():
        raise InputError("this HTML file has no text in its body", path=path)
    return Document(tuple(header), body, 1, explicit_headings=True)
