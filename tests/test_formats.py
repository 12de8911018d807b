"""Each format is recognised by what the file holds, and makes a clean book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.epub.epubcheck import run_epubcheck
from pressroom.sources.load import load_works
from tests.checkers import ace_violations
from tests.test_cli import _publish

GOLDEN = Path(__file__).parent / "golden"
Write = Callable[[str, str | bytes], Path]
FORMATS = {
    "gutenberg_download": "gutenberg",
    "amusewiki_download": "amusewiki",
    "markdown_book": "markdown",
    "html_page": "html",
}


@pytest.mark.parametrize("case", sorted(FORMATS))
def test_a_format_is_known_by_its_content_whatever_its_name(case: str, write: Write) -> None:
    content = (GOLDEN / case / "input.txt").read_text(encoding="utf-8")
    (named,) = load_works(GOLDEN / case / "input.txt").works
    (unnamed,) = load_works(write("download", content)).works
    assert unnamed.meta.title == named.meta.title != "Download"
    assert [c.heading_line for c in unnamed.chapters] == [c.heading_line for c in named.chapters]


def test_a_plain_text_with_a_hash_line_is_not_taken_for_markdown(write: Write) -> None:
    (work,) = load_works(write("notes.txt", "# A Heading\n\nPlain words, with *stars* and no link.\n")).works
    assert work.meta.title == "Notes"


def test_a_markdown_file_is_read_by_its_name_too(write: Write) -> None:
    (work,) = load_works(write("essay.md", "# The Essay\n\n## One\n\nText.\n\n## Two\n\nMore text.\n")).works
    assert work.meta.title == "The Essay"
    assert [chapter.title for chapter in work.chapters] == ["One", "Two"]


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(FORMATS))
def test_each_format_makes_a_book_clean_under_epubcheck(case: str, tmp_path: Path) -> None:
    made = _publish("epub", str(GOLDEN / case / "input.txt"), "-o", str(tmp_path), "-q")
    assert made.returncode == 0, made.stderr
    (book,) = tmp_path.rglob("*.epub")
    report = run_epubcheck(book, usage=True)
    assert not report.messages, report.summary()
    assert ace_violations(book) == []


def test_an_html_chapter_that_names_the_author_is_a_chapter(tmp_path: Path) -> None:
    """`<h2>Smith's View</h2>` by Mary Smith was taken for her signature: the chapter vanished into the one
    before, its heading read as text with its markup (`** Smith's View`)."""
    page = tmp_path / "method.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>On Method</title><meta name="author" content="Mary Smith">'
        "</head><body><h1>On Method</h1><h2>Introduction</h2><p>The first chapter's text.</p>"
        "<h2>Smith's View</h2><p>The second chapter's text.</p><h2>Examples</h2><p>The third.</p></body></html>",
        encoding="utf-8",
    )
    (work,) = load_works(page).works
    assert [chapter.title for chapter in work.chapters] == ["Introduction", "Smith's View", "Examples"]
    assert not any("**" in block.text for block in work.all_blocks())


def test_a_folder_of_separate_texts_is_several_works_and_no_file_is_passed_over(tmp_path: Path) -> None:
    """An Appeal and Law and Authority in one folder were one book of 17,070 words, and the .md and .html
    beside them were not read; a work's own units (one title) stay one work."""
    from tests.conftest import document

    (tmp_path / "appeal.txt").write_text(document("It is to the young that I wish to speak.\n", "An Appeal"), "utf-8")
    (tmp_path / "law.txt").write_text(document("Law has its origin in custom.\n", "Law and Authority", "law"), "utf-8")
    (tmp_path / "note.md").write_text("# A Note\n\nSome *markdown* text.\n", "utf-8")
    (tmp_path / "page.html").write_text("<html><head><title>A Page</title></head><body><p>Text.</p></body></html>")
    titles = [work.meta.title for work in load_works(tmp_path).works]
    assert sorted(titles) == ["A Note", "A Page", "An Appeal", "Law and Authority"]
    assert [w.meta.title for w in load_works(tmp_path, ["law"]).works] == ["Law and Authority"]
    units = tmp_path / "units"
    units.mkdir()
    for number in (1, 2):
        body = f"CHAPTER {number}\n\nThe text of chapter {number}.\n"
        (units / f"chapter_00{number}.txt").write_text(document(body, "One Book", "book"), "utf-8")
    (book,) = load_works(units).works
    assert book.meta.title == "One Book" and len(book.chapters) == 2
