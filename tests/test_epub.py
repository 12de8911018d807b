"""`publish epub`: the book a reader gets, read back from the file: metadata, pages, contents, bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.epub.matter import web_link
from pressroom.epub.publish import publish_collection, publish_work
from pressroom.model import Work
from pressroom.sources.load import load_works, sample_path
from tests.conftest import document
from tests.epub_reading import EPUB_TYPE, NS, Book, text_of

Write = Callable[[str, str | bytes], Path]

AWKWARD_BODY = """\
A paragraph with <script>alert("boo")</script> in it, & an ampersand, ]]> the end of a CDATA section,
&amp; an entity written out, &#x41; a character reference, <b>bold?</b> <!-- a comment --> and <?pi x?>.

CHAPTER I

THE <I>SECOND</I> & "LAST" CHAPTER

Right-to-left: שלום עולם. Combining: e\u0301te\u0301. Emoji: 🎉. A non-breaking\u00a0space, "quotes", it's.

  "Verse with <tags>,
    And a second line & more"

_Italic <em>markup</em>_ -- a dash... and a lone _ underscore, snake_case_name.
"""


def _only(path: Path) -> Work:
    (work,) = load_works(path).works
    return work


@pytest.fixture
def letter_book(tmp_path: Path) -> Book:
    return Book(publish_work(_only(sample_path()), tmp_path).path)


@pytest.fixture
def awkward_book(write: Write, tmp_path: Path) -> Book:
    header_title = 'Awkward <b>Characters</b> & "Quotes" ]]>'
    source = write("awkward.txt", document(AWKWARD_BODY, title=header_title, source_id="awkward&<id>"))
    return Book(publish_work(_only(source), tmp_path / "out").path)


def test_the_book_is_written_at_outdir_slug_slug_epub(tmp_path: Path) -> None:
    made = publish_work(_only(sample_path()), tmp_path)
    assert made.path == tmp_path / "letter_to_lenin" / "letter_to_lenin.epub"
    assert [p.name for p in made.path.parent.iterdir()] == ["letter_to_lenin.epub"]
    with zipfile.ZipFile(made.path) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"


def test_the_package_carries_complete_metadata(letter_book: Book) -> None:
    book = letter_book
    (identifier,) = book.metadata("dc:identifier")
    assert identifier.startswith("urn:uuid:")
    assert book.metadata("dc:title") == ["Letter to Lenin"]
    assert book.metadata("dc:language") == ["en"]
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert book.metadata("dc:creator") == ["Peter Kropotkin"]
    assert book.meta_property("file-as") == ["Kropotkin, Peter"]
    assert book.meta_property("role") == ["aut"]
    assert book.metadata("dc:source") == ["https://theanarchistlibrary.org/library/petr-kropotkin-letter-to-lenin.muse"]
    # The corpus's note points to a file of the curator's own, which means nothing to a reader.
    assert book.metadata("dc:rights") == ["Public domain source"]
    assert book.metadata("dc:publisher") == ["Pressroom"]
    assert book.metadata("dc:date") == ["2026-02-04"]
    assert book.meta_property("dcterms:created") == ["1920"]
    assert book.meta_property("dcterms:modified") == ["2026-02-04T16:54:42Z"]
    (description,) = book.metadata("dc:description")
    # Under the title and author, which a catalog shows already: when it was written and how long it is.
    assert description == "Written in 1920. 561 words."
    assert "Letter to Lenin" not in description
    assert set(book.meta_property("schema:accessMode")) == {"textual", "visual"}
    assert book.meta_property("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        book.meta_property("schema:accessibilityFeature")
    )
    assert book.meta_property("schema:accessibilityHazard") == ["none"]
    assert book.meta_property("schema:accessibilitySummary")[0]


def test_the_identifier_is_derived_from_the_source_id(write: Write, tmp_path: Path) -> None:
    first = Book(publish_work(_only(sample_path()), tmp_path / "a").path)
    again = Book(publish_work(_only(sample_path()), tmp_path / "b").path)
    other = write("other.txt", document("Some text.\n", title="Letter to Lenin", source_id="another_source"))
    different = Book(publish_work(_only(other), tmp_path / "c").path)
    assert first.metadata("dc:identifier") == again.metadata("dc:identifier")
    assert first.metadata("dc:identifier") != different.metadata("dc:identifier")


def test_the_same_input_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = publish_work(_only(sample_path()), tmp_path / "a").path.read_bytes()
    second = publish_work(_only(sample_path()), tmp_path / "b").path.read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "letter_to_lenin" / "letter_to_lenin.epub") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 2, 4, 16, 54, 42)}


def test_source_date_epoch_sets_the_modification_time(tmp_path: Path) -> None:
    code = main(["epub", "-q", "-o", str(tmp_path)], io.StringIO(), io.StringIO(), {"SOURCE_DATE_EPOCH": "1735689600"})
    assert code == 0
    book = Book(tmp_path / "letter_to_lenin" / "letter_to_lenin.epub")
    assert book.meta_property("dcterms:modified") == ["2025-01-01T00:00:00Z"]
    assert {info.date_time for info in book.infos} == {(2025, 1, 1, 0, 0, 0)}


def test_the_spine_has_cover_title_page_contents_chapters_and_colophon(letter_book: Book) -> None:
    assert letter_book.spine_pages() == [
        "EPUB/text/cover.xhtml",
        "EPUB/text/titlepage.xhtml",
        "EPUB/text/nav.xhtml",
        "EPUB/text/chapter-001.xhtml",
        "EPUB/text/colophon.xhtml",
    ]
    cover = letter_book.page("EPUB/text/cover.xhtml")
    (image,) = cover.findall(".//x:img", NS)
    assert image.get("alt") == ("Cover of Letter to Lenin, by Peter Kropotkin: the title and author set in type.")
    assert letter_book.files["EPUB/images/cover.png"].startswith(b"\x89PNG")
    colophon = text_of(letter_book.page("EPUB/text/colophon.xhtml"))
    assert "https://theanarchistlibrary.org/library/petr-kropotkin-letter-to-lenin.muse" in colophon
    assert "Retrieved 2026-02-04 16:54:42 UTC" in colophon
    assert "Pressroom" in colophon


def test_a_letter_is_laid_out_as_a_letter(letter_book: Book) -> None:
    page = letter_book.page("EPUB/text/chapter-001.xhtml")
    (section,) = page.findall(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "chapter"
    assert [text_of(p) for p in section.findall("x:header/x:p", NS)] == [
        "Dmitrov (Moscow province)",
        "21 December, 1920",
    ]
    (salutation,) = section.xpath(".//x:p[@epub:type='z3998:salutation']", namespaces=NS)
    assert text_of(salutation) == "Respected Vladimir Illich,"
    (signature,) = section.xpath("x:footer/x:p[@epub:type='z3998:signature']", namespaces=NS)
    assert text_of(signature) == "P. Kropotkin"
    quoted = [text_of(p) for p in section.findall("x:p", NS) if "mercilessly" in text_of(p)]
    assert "“mercilessly exterminate”" in quoted[0]


def test_awkward_characters_are_shown_as_text_and_never_as_markup(awkward_book: Book) -> None:
    pages = [name for name in awkward_book.files if name.endswith(".xhtml")]
    for name in pages:
        root = awkward_book.page(name)
        assert not root.findall(".//x:script", NS), name
        assert not root.findall(".//x:b", NS), name
        assert not root.findall(".//x:em", NS), name
    body = text_of(awkward_book.page(awkward_book.chapter_pages()[0]))
    for shown in ("<script>alert(“boo”)</script>", "& an ampersand", "]]> the end", "&amp; an entity", "&#x41;"):
        assert shown in body
    assert "<!—a comment—> and <?pi x?>" in body
    (title,) = awkward_book.metadata("dc:title")
    assert title.startswith("Awkward <b>Characters</") and title.endswith('& "Quotes" ]]>')
    nav_titles = [entry.title for entry in awkward_book.nav()]
    assert "Chapter I: The <I>second</I> & “Last” Chapter" in nav_titles


def test_a_source_url_is_a_link_only_when_it_is_a_web_address_and_then_a_valid_one() -> None:
    assert web_link("https://theanarchistlibrary.org/library/a-b") == "https://theanarchistlibrary.org/library/a-b"
    assert web_link("https://example.org/{x} y%") is None, "a space: not one address"
    assert web_link("https://example.org/{x}%zz#a#b") == "https://example.org/%7Bx%7D%25zz#a%23b"
    assert web_link("https://example.org/é?q=[1]") == "https://example.org/%C3%A9?q=%5B1%5D"
    for not_a_web_address in ("javascript:alert(1)", "ftp://example.org/", "https://user@example.org/", "x", ""):
        assert web_link(not_a_web_address) is None


def test_awkward_text_keeps_its_scripts_marks_and_italics(awkward_book: Book) -> None:
    page = awkward_book.page(awkward_book.chapter_pages()[-1])
    text = text_of(page)
    assert "שלום עולם" in text
    assert "e\u0301te\u0301" in text
    assert "🎉" in text
    assert "snake_case_name" in text
    assert "a lone _ underscore" in text
    (italic,) = page.findall(".//x:i", NS)
    assert text_of(italic) == "Italic <em>markup</em>"
    (verse,) = page.xpath(".//x:blockquote[@epub:type='z3998:verse']", namespaces=NS)
    assert [text_of(line) for line in verse.findall("x:p/x:span", NS)] == [
        "“Verse with <tags>,",
        "And a second line & more”",
    ]


def test_a_collection_binds_works_as_parts(tmp_path: Path) -> None:
    works = [_only(sample_path()), _only(sample_path())]
    made = publish_collection("Two Letters", works, tmp_path)
    assert made.path == tmp_path / "two_letters" / "two_letters.epub"
    book = Book(made.path)
    assert book.metadata("dc:title") == ["Two Letters"]
    assert book.meta_property("belongs-to-collection") == ["Two Letters"]
    assert book.meta_property("collection-type") == ["set"]
    assert book.metadata("dc:creator") == ["Peter Kropotkin"]
    nav = book.nav()
    assert [entry.title for entry in nav] == ["Letter to Lenin", "Letter to Lenin", "Colophon"]
    assert [child.title for child in nav[0].children] == ["Letter to Lenin"]
    part = book.page("EPUB/text/w02-part.xhtml")
    (section,) = part.findall(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "part"
