"""Which reader a text file needs, chosen by what it holds (its name helps for HTML and Markdown): a cleaned
document, a Project Gutenberg download, an Anarchist Library text, HTML, Markdown, or plain text. Each gives the
same `Document`."""

from __future__ import annotations

from pressroom.sources.amusewiki import is_amusewiki, read_amusewiki
from pressroom.sources.document import Document, has_header, parse_document
from pressroom.sources.gutenberg import is_gutenberg, read_gutenberg
from pressroom.sources.html import is_html, read_html
from pressroom.sources.markdown import is_markdown, read_markdown


def read_text_document(text: str, path: str) -> Document:
    if has_header(text):
        return parse_document(text, path)
    if is_gutenberg(text):
        return read_gutenberg(text, path)
    if is_amusewiki(text):
        return read_amusewiki(text, path)
    if is_html(text, path):
        return read_html(text, path)
    if is_markdown(text, path):
        return read_markdown(text, path)
    return parse_document(text, path)
