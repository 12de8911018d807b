"""Notes and tables in the narration: notes gathered in a last file by default, skipped or read inline on
request, each tied to its note's element on its own page; tables announced and read row by row, or only
announced. The plan is pure; the last test makes a read-along book and has EPUBCheck judge it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import AudioPlan, plan_narration
from pressroom.audio.reading import DEFAULT_READING_ALOUD, NotesReading, ReadingAloud, TablesReading
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.epub.book import plan_book
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.metadata import work_book_meta
from pressroom.epub.package import write_epub
from pressroom.model import Work
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon

GOLDEN = Path(__file__).parent / "golden"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def _work(case: str) -> Work:
    (work,) = load_works(GOLDEN / case / "input.txt").works
    return work


def _plan(work: Work, reading: ReadingAloud = DEFAULT_READING_ALOUD) -> AudioPlan:
    book = plan_book(work_book_meta(work, None), [work])
    ids = {index: placement.spoken_ids for index, placement in enumerate(book.chapters)}
    return plan_narration(work, load_lexicon(None), block_ids=ids, reading=reading)


def _said(plan: AudioPlan) -> list[list[str]]:
    return [[u.text for u in track.utterances] for track in plan.tracks]


def _pages(work: Work, tmp_path: Path) -> dict[int, etree._Element]:
    """Each chapter page of the work's EPUB, parsed, by the chapter's index."""
    book = tmp_path / "book.epub"
    write_epub(plan_book(work_book_meta(work, None), [work]), book)
    with zipfile.ZipFile(book) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("EPUB/text/chapter-"))
        return {index: etree.fromstring(archive.read(name)) for index, name in enumerate(names)}


def test_notes_are_gathered_in_a_last_file_chapter_by_chapter_each_tied_to_its_element(tmp_path: Path) -> None:
    work = _work("notes_per_chapter")
    plan = _plan(work)
    notes = plan.tracks[-1]
    assert [t.title for t in plan.tracks] == ["Chapter I: The Beginning", "Chapter II: Conclusion", "Notes"]
    assert notes.chapter is None
    # The file's first marker is its first group's (it was "Notes", over "Notes to Chapter I"), from the start.
    assert [m.title for m in notes.markers] == [
        "Notes to Chapter I: The Beginning",
        "Notes to Chapter II: Conclusion",
    ]
    assert not any("Note one" in text for track in _said(plan)[:2] for text in track), "no note in a chapter's flow"
    assert _said(plan)[1][-1] == "The end of The Book with Chapter Notes.", "the text ends where the text ends"
    pages = _pages(work, tmp_path)
    read = [u for u in notes.utterances if u.text.startswith("Note ")]
    assert [u.page for u in read] == [0, 1, 1]
    for utterance in read:
        (element,) = pages[utterance.page or 0].xpath(f"//*[@id='{utterance.block_id}']")
        assert element.get("class") == "note", "each note read highlights its own note on its own page"


def test_notes_can_be_left_out() -> None:
    plan = _plan(_work("notes_per_chapter"), ReadingAloud(notes=NotesReading.SKIP))
    assert [t.title for t in plan.tracks] == ["Chapter I: The Beginning", "Chapter II: Conclusion"]
    assert not any(text.startswith(("Note ", "Notes")) for track in _said(plan) for text in track)


def test_inline_notes_follow_the_paragraph_that_marks_them_and_are_said_once() -> None:
    plan = _plan(_work("notes_per_chapter"), ReadingAloud(notes=NotesReading.INLINE))
    first, _ = _said(plan)
    assert first[first.index("The first chapter cites one authority.") + 1].startswith("Note one. Darwin")
    spoken = [text for track in _said(plan) for text in track if text.startswith("Note ")]
    assert len(spoken) == len(set(spoken)) == 3


def test_inline_notes_from_a_notes_chapter_are_read_in_the_chapters_and_point_at_the_notes_page() -> None:
    work = _work("endnotes_after_last_chapter")
    plan = _plan(work, ReadingAloud(notes=NotesReading.INLINE))
    assert [t.title for t in plan.tracks] == ["Chapter I: The Beginning", "Chapter II: Conclusion"], (
        "every note was read where it is marked, so the notes page has nothing left to read"
    )
    notes = [u for track in plan.tracks for u in track.utterances if u.text.startswith("Note ")]
    assert [u.page for u in notes] == [2, 2, 2] and all(u.block_id for u in notes)


def test_a_table_is_announced_and_read_row_by_row_or_only_announced() -> None:
    work = _work("amusewiki_table")
    (read, *_) = _said(_plan(work))
    (table,) = [text for text in read if text.startswith("Table")]
    assert table.startswith("Table: Courts Martial. nineteen oh-six: Sentenced to death, four hundred and fifty;")
    assert table.endswith("Total: Sentenced to death, three thousand, two hundred and forty-seven; Executed, "
                          "one thousand, four hundred and twenty-five.")  # fmt: skip
    (skipped, *_) = _said(_plan(work, ReadingAloud(tables=TablesReading.SKIP)))
    assert "Here the book has a table: Courts Martial." in skipped
    assert not any("Sentenced" in text for text in skipped)


def test_a_markup_table_is_a_real_table_in_the_book(tmp_path: Path) -> None:
    page = _pages(_work("amusewiki_table"), tmp_path)[0]
    (table,) = page.xpath("//x:table", namespaces=XHTML)
    assert table.xpath("string(x:caption)", namespaces=XHTML) == "Courts Martial"
    headers = table.xpath("x:thead/x:tr/x:th", namespaces=XHTML)
    assert [h.text for h in headers] == ["Year", "Sentenced to death", "Executed"]
    assert all(h.get("scope") == "col" for h in headers)
    first_row = table.xpath("x:tbody/x:tr", namespaces=XHTML)[0]
    assert [cell.text for cell in first_row] == ["1906", "450", "144"]
    assert [c.text for c in table.xpath("x:tfoot/x:tr/*", namespaces=XHTML)] == ["Total", "3,247", "1,425"]
    # Each row is named by its first cell, for a reader that announces a cell's row.
    assert [c.get("scope") for c in table.xpath("x:tbody/x:tr/x:th", namespaces=XHTML)][:1] == ["row"]


@pytest.mark.slow
def test_the_read_along_book_plays_each_pages_notes_from_the_notes_file(tmp_path: Path) -> None:
    work = _work("notes_per_chapter")
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    made = publish_book(work, tmp_path / "out", narrator, BookSettings(NarrationSettings(lexicon=load_lexicon(None))))
    assert [p.name for p in made.audio.mp3s][-1].endswith("Notes.mp3")
    report = run_epubcheck(made.narrated_epub, usage=True)
    assert report.clean, report.messages
    with zipfile.ZipFile(made.narrated_epub) as archive:
        smil = etree.fromstring(archive.read("EPUB/smil/chapter-001.smil"))
        assert "EPUB/audio/notes.mp3" in archive.namelist()
    sources = [audio.get("src") for audio in smil.iter("{http://www.w3.org/ns/SMIL}audio")]
    assert sources[0] == "../audio/chapter-001.mp3" and sources[-1] == "../audio/notes.mp3"
