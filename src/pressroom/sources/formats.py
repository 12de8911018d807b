"""Which reader a text file needs, chosen by what it holds (not by its name): a cleaned document, a Project
Gutenberg download, an Anarchist Library text, or plain text. Each gives the same `Document`."""

from __future__ import annotations

from pressroom.sources.amusewiki import is_amusewiki, read_amusewiki
from pressroom.sources.document import Document, has_header, parse_document
from pressroom.sources.gutenberg import is_gutenberg, read_gutenberg


def read_text_document(text: str, path: str) -> Document:
    if has_header(text):
        return parse_document(text, path)
    if is_gutenberg(text):
        return read_gutenberg(text, path)
    if is_amusewiki(text):
        return read_amusewiki(text, path)
    return parse_document(text, path)
