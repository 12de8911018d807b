"""The book's chapter pages (XHTML) as one run of HTML for a work's web page, where the text is read along.
Pure.

Every id gets its page's prefix (`c2-p-14`: the narration names an element by page and id), links between
pages become links within the page, headings move one level down (the page's own `h1` is the work's title),
and EPUB-only attributes are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

_XHTML = "http://www.w3.org/1999/xhtml"
_PAGE_LINK = re.compile(r"(?:chapter-(?P<number>\d{3})\.xhtml)?#(?P<fragment>.+)")
_HEADING = re.compile(r"h([1-6])")


def text_of_pages(pages: Sequence[bytes]) -> str:
    parts = []
    for index, page in enumerate(pages):
        body = etree.fromstring(page).find(f"{{{_XHTML}}}body")
        if body is None:
            continue
        for element in body:
            parts.append(_html(_adapted(element, index)))
    return "\n".join(parts)


def _adapted(element: etree._Element, page: int) -> etree._Element:
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        if not isinstance(node.tag, str):
            continue
        node.tag = etree.QName(node).localname
        heading = _HEADING.fullmatch(node.tag)
        if heading:
            node.tag = f"h{min(int(heading.group(1)) + 1, 6)}"
        for name in list(node.attrib):
            value = node.attrib[name]
            local = etree.QName(name).localname
            if name.startswith("{"):
                del node.attrib[name]  # epub:type, xml:lang: EPUB's, not the web page's
                if local == "lang":
                    node.set("lang", value)
            elif local == "id":
                node.set("id", f"c{page}-{value}")
            elif local == "href":
                node.set("href", _href(value, page))
    etree.cleanup_namespaces(copy)
    return copy


def _href(value: str, page: int) -> str:
    link = _PAGE_LINK.fullmatch(value)
    if link is None:
        return value
    target = int(link.group("number")) - 1 if link.group("number") else page
    return f"#c{target}-{link.group('fragment')}"


def _html(element: etree._Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode").strip()
