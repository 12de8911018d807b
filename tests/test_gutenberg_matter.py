"""A Project Gutenberg download's matter besides the text (issue 27): the transcriber's notes, illustrations,
the printed title page, a printed contents with page numbers and the publisher's imprint are never read aloud
nor made chapters; a download whose header is lost takes its title and author from its title page; the
transcriber's notes are kept in the book's colophon."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pressroom.audio.plan import Utterance, plan_narration
from pressroom.epub.publish import publish_work
from pressroom.sources.load import load_works
from tests.conftest import SHARED

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
    for matter in ("Transcriber", "Illustration", "Putnam", "PUTNAM", "NELSON", "Nelson", "PAGE", "seventeen", "amout"):
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
