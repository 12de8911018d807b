"""A Project Gutenberg download's matter besides the text (issue 27): the transcriber's notes, illustrations
(a captioned one printed as a figure),
the printed title page, a printed contents with page numbers and the publisher's imprint are never read aloud
nor made chapters; a download whose header is lost takes its title and author from its title page; the
transcriber's notes are kept in the book's colophon."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pressroom.audio.plan import Utterance, plan_narration
from pressroom.epub.book import plan_book
from pressroom.epub.metadata import work_book_meta
from pressroom.epub.publish import publish_work
from pressroom.sources.load import load_works
from tests.conftest import SHARED

XHTML = "{http://www.w3.org/1999/xhtml}"

DOWNLOAD = """\
*** START OF THE PROJECT GUTENBERG EBOOK 99999 ***

  TRANSCRIBER’S NOTE

  Italic text is denoted by _underscores_.

  Some minor changes to the text are noted at the end of the book.




[Illustration]




  The Small

  Book

  BY

  P. KROPOTKIN

  [Illustration: (decorative icon)]

  G. P. PUTNAM’S SONS
  NEW YORK AND LONDON
  1913




PREFACE.


The preface has a sentence of its own, and then another one.

                         CONTENTS.

                                                      PAGE

  CHAPTER I. OUR RICHES                                  17

  The riches of the race--Its tools.

  CHAPTER II. WELL-BEING FOR ALL                         50


CHAPTER I.

OUR RICHES.


The human race has travelled a long way since those remote ages.

[Illustration: FIG. 1.--The tools of the
race. _a_, a plough.]

It has come to own its tools.


CHAPTER II.

WELL-BEING FOR ALL.


Well-being for all is not a dream.




  ESTABLISHED 1798

  [Illustration: (publisher’s colophon)]

  T. NELSON
  AND SONS




  TRANSCRIBER’S NOTE

  Pg 12: ‘amout’ replaced by ‘amount’.

*** END OF THE PROJECT GUTENBERG EBOOK 99999 ***
"""


def _said(path: Path) -> tuple[str, list[str]]:
    (work,) = load_works(path).works
    plan = plan_narration(work)
    return work.meta.title, [s.text for t in plan.tracks for s in t.segments if isinstance(s, Utterance)]


def test_matter_is_not_read_and_the_title_page_names_a_headerless_book(tmp_path: Path) -> None:
    source = tmp_path / "99999-0.txt"
    source.write_text(DOWNLOAD, encoding="utf-8")
    (work,) = load_works(source).works
    assert (work.meta.title, work.meta.author, work.meta.slug) == ("The Small Book", "P. Kropotkin", "the_small_book")
    assert [chapter.heading_line for chapter in work.chapters] == [
        "Preface",
        "Chapter I: Our Riches",
        "Chapter II: Well-Being for All",
    ]
    said = " ".join(s.text for t in plan_narration(work).tracks for s in t.segments if isinstance(s, Utterance))
    for matter in ("Transcriber", "Illustration", "Putnam", "PUTNAM", "NELSON", "Nelson", "PAGE", "seventeen", "amout",
                   "plough"):  # fmt: skip
        assert matter not in said, matter
    assert said.startswith("The Small Book, by P. Kropotkin. Preface.")
    assert work.meta.transcriber_note == (
        "Italic text is denoted by _underscores_.",
        "Some minor changes to the text are noted at the end of the book.",
        "Pg 12: ‘amout’ replaced by ‘amount’.",
    )
    book = publish_work(work, tmp_path / "out").path
    with zipfile.ZipFile(book) as archive:
        colophon = archive.read("EPUB/text/colophon.xhtml").decode("utf-8")
    assert "The transcriber of the source edition noted:" in colophon and "replaced by" in colophon


def test_a_captioned_illustration_is_printed_as_a_figure_and_never_read(tmp_path: Path) -> None:
    """Its caption was dropped with the uncaptioned ones; the paragraph after it keeps its place in the narration."""
    source = tmp_path / "99999-0.txt"
    source.write_text(DOWNLOAD, encoding="utf-8")
    (work,) = load_works(source).works
    book = publish_work(work, tmp_path / "out").path
    with zipfile.ZipFile(book) as archive:
        pages = [archive.read(name) for name in sorted(archive.namelist()) if "chapter" in name]
    page = next(etree.fromstring(page) for page in pages if b"<figure" in page)
    (figure,) = page.iter(f"{XHTML}figure")
    assert figure.get("class") == "illustration" and figure.get("id") is None
    caption = "".join(figure.itertext())
    assert caption == "FIG. 1.—The tools of the race. a, a plough."
    assert "decorative" not in b"".join(pages).decode() and "colophon)" not in b"".join(pages).decode()
    plan = plan_book(work_book_meta(work), [work])
    ids = {index: placement.spoken_ids for index, placement in enumerate(plan.chapters)}
    (track,) = [track for track in plan_narration(work, block_ids=ids).tracks if "Riches" in track.title]
    said = {u.block_id: u.text for u in track.segments if isinstance(u, Utterance)}
    after = figure.getnext()
    assert after is not None and said[after.get("id")] == "It has come to own its tools."


def test_fields_factories_and_workshops_reads_from_its_preface_to_its_appendix() -> None:
    download = SHARED / "raw" / "64353-0.txt"
    if not download.is_file():
        pytest.skip("the shared raw downloads are not beside the checkout")
    title, said = _said(download)
    assert title == "Fields, Factories and Workshops"
    assert said[:3][0] == "Fields, Factories and Workshops, by P. Kropotkin."
    assert said[1] == "Preface."
    text = " ".join(said)
    assert not any(word in text for word in ("Illustration", "Transcriber", "Putnam", "PRINTERS", "Ploustagel"))
    assert "Chapter one. The Decentralisation of Industries, seventeen" not in text


def test_the_corpus_memoirs_end_with_the_text_and_keep_their_errata_for_the_colophon() -> None:
    """The cleaned Memoirs (cut from Gutenberg's edition) read its imprint and its transcriber's errata as the
    last chapter's close: "(page four hundred and twenty-four), intellect, and preverted imagination"."""
    memoirs = SHARED / "corpus" / "memoir" / "memoirs_of_a_revolutionist"
    if not memoirs.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    (work,) = load_works(memoirs).works
    said = [s.text for t in plan_narration(work).tracks for s in t.segments if isinstance(s, Utterance)]
    assert said[-2].startswith("To obtain this immense result was well worth the efforts")
    assert not any(word in " ".join(said) for word in ("preverted", "ABERDEEN", "Aberdeen", "Transcriber"))
    assert work.meta.transcriber_note[0] == "Italicized text is surrounded by underscores: _italics_."
    assert any("preverted" in note for note in work.meta.transcriber_note)


def test_a_cleaned_text_of_another_source_keeps_what_looks_like_matter(tmp_path: Path) -> None:
    """Only a Gutenberg edition's matter is taken out: another source's closing lines in capitals are its text."""
    body = "The text of the essay.\n\n  THE ABERDEEN UNIVERSITY PRESS LIMITED\n"
    for source_id, kept in (("pg_73882", False), ("tal_essay", True)):
        path = tmp_path / f"{source_id}.txt"
        path.write_text(f"TITLE: Essay\nAUTHOR: A. Writer\nSOURCE_ID: {source_id}\n----\n\n{body}", encoding="utf-8")
        (work,) = load_works(path).works
        said = " ".join(s.text for t in plan_narration(work).tracks for s in t.segments if isinstance(s, Utterance))
        assert ("Aberdeen" in said or "ABERDEEN" in said) is kept, source_id
