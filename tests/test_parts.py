"""A book in parts that hold chapters (issue 27): a file per chapter, named and announced with its part, and
every chapter in the M4B, the MP3s' chapter frames, the playlist and the read-along book. The plan is checked on
the shared corpus's Memoirs (six parts of 5 to 17 chapters); the files on a small book with the stand-in voice."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.id3 import ID3

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.navigation import parts_read_by_chapter
from pressroom.audio.plan import Utterance, plan_narration
from pressroom.book.narrated import publish_book
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.publish import contents_outline
from pressroom.model import Chapter
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice
from tests.conftest import CORPUS, document
from tests.test_audio import _ffmpeg_chapters

PARTS = """\
PART FIRST

CHILDHOOD

A few words on the childhood that follows, before its first chapter.

I

The town was small, and the people of the town worked in the fields.

II

The workshops stood by the river, and the children played there.

PART SECOND

YOUTH

I

The school was far away, across the hills and the forest.

II

The years at school were long, and the letters from home were few.
"""


def test_the_memoirs_are_read_a_chapter_per_file_and_a_chapter_with_sections_stays_whole() -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    (memoirs,) = load_works(CORPUS, ("memoirs",)).works
    plan = plan_narration(memoirs)
    titles = [track.title for track in plan.tracks]
    chapters = sum(len(chapter.children) for chapter in memoirs.chapters if chapter.label)
    assert titles[:3] == ["Preface", "Preface to the Second Edition", "Part First: I"]
    assert len(titles) == 2 + chapters, "both prefaces, then every chapter of every part"
    assert "Part Fourth: VII" in titles
    said = [segment.text for segment in plan.tracks[8].segments if isinstance(segment, Utterance)]
    assert said[0] == "Part First, chapter seven.", "a file opens with its part and its chapter"
    (bread,) = load_works(CORPUS, ("the_conquest_of_bread",)).works
    assert parts_read_by_chapter(bread.chapters) == frozenset(), "The Conquest of Bread's sections are markers"


@pytest.mark.slow
def test_a_book_in_parts_is_a_file_per_chapter_everywhere_a_listener_looks(tmp_path: Path) -> None:
    source = tmp_path / "life.txt"
    source.write_text(document(PARTS, title="A Life in Parts", source_id="parts"), encoding="utf-8")
    (work,) = load_works(source).works
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    made = publish_book(work, tmp_path / "out", narrator)
    names = [mp3.name for mp3 in made.audio.mp3s]
    assert names == [
        "01 - Part First - Childhood.mp3",
        "02 - Part First - I.mp3",
        "03 - Part First - II.mp3",
        "04 - Part Second - I.mp3",
        "05 - Part Second - II.mp3",
    ], "the part's own opening is its own short file; a part without one opens its first chapter"
    titles = [title for title, _, _ in _ffmpeg_chapters(made.audio.m4b)]
    assert titles == ["Part First: Childhood", "Part First: I", "Part First: II", "Part Second: I", "Part Second: II"]
    for mp3, title in zip(made.audio.mp3s, titles, strict=True):
        frames = ID3(mp3).getall("CHAP")  # type: ignore[no-untyped-call]
        assert [str(frame.sub_frames["TIT2"]) for frame in frames] == [title]
    playlist = made.audio.playlist.read_text(encoding="utf-8")
    assert [line for line in playlist.splitlines() if line.endswith(".mp3")] == names
    assert made.audio.check is not None and made.audio.check.ok
    assert [str(m) for m in run_epubcheck(made.narrated_epub, usage=True).messages] == []
    pages = {overlay.page_name: [file.name for file in overlay.audio] for overlay in made.overlays}
    assert list(pages.values()) == [
        ["audio/chapter-001-01.mp3", "audio/chapter-001-02.mp3", "audio/chapter-001-03.mp3"],
        ["audio/chapter-002-01.mp3", "audio/chapter-002-02.mp3"],
    ], "each part's page plays its chapters' files in turn"


def _chapter(title: str, label: str | None = None, children: int = 0) -> Chapter:
    sections = tuple(Chapter(f"Section {n}", 2, ()) for n in range(children))
    return Chapter(title, 1, (), sections, label)


@pytest.mark.parametrize(
    ("chapters", "said"),
    [
        # `publish epub` said "3 chapters" for a book of 3 parts and 10 chapters.
        (
            [_chapter("Childhood", "Part I", 4), _chapter("Corps", "Part II", 3), _chapter("Exile", "Part III", 3)],
            "3 parts, 10 chapters",
        ),
        ([_chapter("Preface"), _chapter("X", "BOOK FIRST", 2), _chapter("Y", "Book Second", 2)], "2 parts, 5 chapters"),
        ([_chapter("One", "Volume 1", 1), _chapter("Two", "volume 2", 1)], "2 parts, 2 chapters"),
        ([_chapter("Part of the Problem"), _chapter("Partly", None, 2)], "2 chapters, 2 sections"),
        ([_chapter("Our Riches", "Chapter I", 3), _chapter("Well-Being", "Chapter II")], "2 chapters, 3 sections"),
        ([_chapter("Letter to Lenin")], "1 chapter"),
        ([_chapter("Part I", None, 2)], "1 part, 2 chapters"),
    ],
)
def test_the_contents_are_counted_as_a_reader_counts_them(chapters: list[Chapter], said: str) -> None:
    assert contents_outline(chapters) == said
