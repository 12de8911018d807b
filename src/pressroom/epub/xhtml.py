"""XHTML content documents built as element trees, so every character of the source is escaped by construction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from pressroom.text.typography import Run, split_italics, xml_safe

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS_NS}}}type"
STYLESHEET = "../css/book.css"
# Letter parts (salutation, signature...) and verse are named in the DAISY structural vocabulary.
Z3998_PREFIX = "z3998: http://www.daisy.org/z3998/2012/vocab/structure/#"

Element = etree._Element
_NAMESPACES: dict[str | None, str] = {None: XHTML_NS, "epub": OPS_NS}


def element(tag: str, parent: Element | None = None, /, text: str = "", **attributes: str) -> Element:
    """An XHTML element; `epub_type` becomes `epub:type` and `class_` becomes `class`."""
    attrib = {_attribute_name(name): xml_safe(value) for name, value in attributes.items() if value}
    qualified = f"{{{XHTML_NS}}}{tag}"
    node = (
        etree.SubElement(parent, qualified, attrib)
        if parent is not None
        else etree.Element(qualified, attrib, nsmap=_NAMESPACES)
    )
    if text:
        node.text = xml_safe(text)
    return node


def _attribute_name(name: str) -> str:
    if name == "epub_type":
        return EPUB_TYPE
    return name.rstrip("_").replace("_", "-")


def document(title: str, language: str, stylesheet: str = STYLESHEET) -> tuple[Element, Element]:
    """A page with its head filled in; returns the root and the empty body."""
    root = element("html", lang=language)
    root.set(XML_LANG, language)
    root.set(f"{{{OPS_NS}}}prefix", Z3998_PREFIX)
    head = element("head", root)
    element("title", head, text=title)
    element("link", head, rel="stylesheet", type="text/css", href=stylesheet)
    body = element("body", root)
    return root, body


def serialize(root: Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"))


def append_runs(parent: Element, runs: Iterable[Run]) -> None:
    """Append roman text and `<i>` runs to an element, after whatever it already holds."""
    for run in runs:
        if run.italic:
            element("i", parent, text=run.text)
        else:
            _append_text(parent, run.text)


def append_lines(parent: Element, text: str) -> None:
    """Lines whose breaks matter (verse): each line a span, separated by `<br/>`."""
    for number, line_runs in enumerate(_runs_by_line(split_italics(text))):
        if number:
            element("br", parent)
        append_runs(element("span", parent), line_runs)


def _runs_by_line(runs: Sequence[Run]) -> list[list[Run]]:
    lines: list[list[Run]] = [[]]
    for run in runs:
        for index, piece in enumerate(run.text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Run(piece, run.italic))
    return lines


def _append_text(parent: Element, text: str) -> None:
    text = xml_safe(text)
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
