"""Which reader a text file needs, chosen by what it holds (its name helps for HTML and Markdown): a cleaned
document, a Project Gutenberg download, an Anarchist Library text, HTML, Markdown, or plain text. Each gives the
same `Document`."""

from __future__ import annotations

from collections.abc import Callable

from pressroom.sources.amusewiki import is_amusewiki, read_amusewiki, without_library_comments
from pressroom.sources.document import Document, has_header, parse_document
from pressroom.sources.gutenberg import is_gutenberg, read_gutenberg, without_gutenberg_matter
from pressroom.sources.html import is_html, read_html
from pressroom.sources.markdown import is_markdown, read_markdown


def text_format(text: str, path: str) -> str:
    """The name of the reader a text needs, tried from the most particular to plain text."""
    if has_header(text):
        return "document"
    if is_gutenberg(text):
        return "gutenberg"
    if is_amusewiki(text):
        return "amusewiki"
    if is_html(text, path):
        return "html"
    return "markdown" if is_markdown(text, path) else "plain"


_READERS: dict[str, Callable[[str, str], Document]] = {
    "document": lambda text, path: without_library_comments(without_gutenberg_matter(parse_document(text, path))),
    "gutenberg": read_gutenberg,
    "amusewiki": read_amusewiki,
    "html": read_html,
    "markdown": read_markdown,
    "plain": parse_document,
}


def read_text_document(text: str, path: str) -> Document:
    return _READERS[text_format(text, path)](text, path)
