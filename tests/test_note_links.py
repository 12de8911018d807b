"""Note marks link to their notes, and notes link back to their first mark, across pages and within one."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pressroom.epub.publish import publish_work
from pressroom.sources.load import load_works
from tests.epub_reading import Book

GOLDEN = Path(__file__).parent / "golden"
X = {"x": "http://www.w3.org/1999/xhtml"}
Write = Callable[[str, str | bytes], Path]


def _pages(source: Path, out: Path) -> dict[str, etree._Element]:
    (work,) = load_works(source).works
    book = Book(publish_work(work, out).path)
    return {name.rsplit("/", 1)[-1]: book.page(name) for name in book.files if name.startswith("EPUB/text/chapter")}


def _resolves(pages: dict[str, etree._Element], page: str, href: str) -> etree._Element:
    target_page, _, fragment = href.partition("#")
    (target,) = pages[target_page or page].xpath("//*[@id=$id]", id=fragment)
    assert isinstance(target, etree._Element)
    return target


def _paragraph(element: etree._Element) -> etree._Element:
    parent = element.getparent()
    assert parent is not None
    return parent


def test_marks_link_to_the_works_notes_and_back(tmp_path: Path) -> None:
    pages = _pages(GOLDEN / "endnotes_after_last_chapter" / "input.txt", tmp_path)
    refs = [(name, a) for name, page in pages.items() for a in page.xpath("//x:a[@role='doc-noteref']", namespaces=X)]
    assert [(name, a.text, a.get("href")) for name, a in refs] == [
        ("chapter-001.xhtml", "[1]", "chapter-003.xhtml#note-1"),
        ("chapter-001.xhtml", "[2]", "chapter-003.xhtml#note-2"),
        ("chapter-002.xhtml", "[3]", "chapter-003.xhtml#note-3"),
    ]
    assert all(a.get("{http://www.idpf.org/2007/ops}type") == "noteref" for _, a in refs)
    for name, a in refs:
        note = _resolves(pages, name, a.get("href", ""))
        (back,) = _paragraph(note).xpath("x:a[@role='doc-backlink']", namespaces=X)
        assert _resolves(pages, "chapter-003.xhtml", back.get("href", "")) is a


def test_a_chapters_own_notes_link_within_its_page(tmp_path: Path) -> None:
    pages = _pages(GOLDEN / "notes_per_chapter" / "input.txt", tmp_path)
    second = pages["chapter-002.xhtml"]
    hrefs = [a.get("href") for a in second.xpath("//x:a[@role='doc-noteref']", namespaces=X)]
    assert hrefs == ["#note-1", "#note-2"]
    note = _resolves(pages, "chapter-002.xhtml", "#note-1")
    assert "".join(_paragraph(note).itertext()).startswith("[1] Huxley"), "its own chapter's note 1, not chapter 1's"


def test_a_mark_whose_note_was_lost_stays_text(write: Write, tmp_path: Path) -> None:
    source = write("lost.txt", "## One\n\nA claim.[7] Another.[1]\n\n[1] The only note.\n\n## Two\n\nMore.\n")
    pages = _pages(source, tmp_path)
    first = pages["chapter-001.xhtml"]
    assert [a.text for a in first.xpath("//x:a[@role='doc-noteref']", namespaces=X)] == ["[1]"]
    assert "A claim.[7]" in "".join(first.itertext())


def test_every_link_between_marks_and_notes_resolves_when_a_mark_stands_in_a_table(
    write: Write, tmp_path: Path
) -> None:
    source = write(
        "table.txt",
        "## One\n\nA claim.[1]\n\n    Year      Tons\n    1890      100[2]\n    1891      120\n\n"
        "[1] The first note.\n\n[2] The table's note.\n",
    )
    pages = _pages(source, tmp_path)
    links = [(name, a) for name, page in pages.items() for a in page.xpath("//x:a[@href]", namespaces=X)]
    assert {a.get("role") for _, a in links} == {"doc-noteref", "doc-backlink"}
    for name, link in links:
        _resolves(pages, name, link.get("href", ""))


def test_a_plain_html_pages_raised_note_numbers_and_back_arrows(tmp_path: Path) -> None:
    """`organisation.<sup><a href="#fn1">1</a></sup>` was read "organisation.1 It predates", and the note's
    `<a href="#r1">↩</a>` read aloud as an arrow: the mark is a note mark, the arrow a reader's finger."""
    from pressroom.audio.plan import Utterance, plan_narration

    page = tmp_path / "notes.html"
    page.write_text(
        "<html><head><title>Notes Html</title></head><body><h2>One</h2><p>Mutual aid is a factor of organisation."
        '<sup><a href="#fn1" id="r1">1</a></sup> It predates the state.</p><h2>Two</h2><p>Another chapter.</p>'
        '<section class="footnotes"><ol><li id="fn1"><p>See Mutual Aid, chapter six. <a href="#r1">↩</a></p></li>'
        "</ol></section></body></html>",
        encoding="utf-8",
    )
    (work,) = load_works(page).works
    said = [s.text for t in plan_narration(work).tracks for s in t.segments if isinstance(s, Utterance)]
    assert "Mutual aid is a factor of organisation. It predates the state." in said
    assert "Note one. See Mutual Aid, chapter six." in said and not any("↩" in text for text in said)
    book = publish_work(work, tmp_path / "out").path
    with zipfile.ZipFile(book) as archive:
        assert b'epub:type="noteref"' in archive.read("EPUB/text/chapter-001.xhtml")
