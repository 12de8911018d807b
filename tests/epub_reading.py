"""Reading a finished EPUB back the way a reading system would: its package, its pages, its nav."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@dataclass(frozen=True)
class NavEntry:
    title: str
    children: tuple[NavEntry, ...]


class Book:
    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.opf = etree.fromstring(self.files["EPUB/content.opf"])

    def metadata(self, tag: str) -> list[str]:
        return [node.text or "" for node in self.opf.findall(f"opf:metadata/{tag}", NS)]

    def meta_property(self, prop: str) -> list[str]:
        return [node.text or "" for node in self.opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def spine_pages(self) -> list[str]:
        manifest = {item.get("id"): item.get("href") for item in self.opf.findall("opf:manifest/opf:item", NS)}
        return [f"EPUB/{manifest[ref.get('idref')]}" for ref in self.opf.findall("opf:spine/opf:itemref", NS)]

    def page(self, name: str) -> etree._Element:
        """A content document parsed as strict XML: a page that is not well-formed fails here."""
        return etree.fromstring(self.files[name], etree.XMLParser(resolve_entities=False, recover=False))

    def chapter_pages(self) -> list[str]:
        return [name for name in self.spine_pages() if re.search(r"chapter-\d+\.xhtml$", name)]

    def nav(self) -> tuple[NavEntry, ...]:
        root = self.page("EPUB/text/nav.xhtml")
        (toc,) = root.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
        return _entries(toc.find("x:ol", NS))


def _entries(ol: etree._Element | None) -> tuple[NavEntry, ...]:
    if ol is None:
        return ()
    entries = []
    for item in ol.findall("x:li", NS):
        link = item.find("x:a", NS)
        assert link is not None
        entries.append(NavEntry("".join(link.itertext()), _entries(item.find("x:ol", NS))))
    return tuple(entries)


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def is_subsequence(needle: list[str], haystack: list[str]) -> tuple[bool, int]:
    """Whether every word of `needle` appears in `haystack` in order; and how many matched before a miss."""
    position = 0
    for index, word in enumerate(needle):
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            return False, index
    return True, len(needle)
