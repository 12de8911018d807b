"""`--readalong word` (issue 41): each printed word the voice said in a span of its own, a media overlay `par`
per word timed from the voice's own word times; words said otherwise than printed (`M.` said "Monsieur", a
figure said in words) lit where they are printed; a paragraph whose words were not timed read along by sentence.
The slow test makes the book with the default voice and plays it in foliate-js."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.word_spans import SaidWord, word_page
from pressroom.sources.load import load_works
from pressroom.text.said_words import printed_of_said
from pressroom.tts.voices import find_voice
from tests.checkers import ace_violations, play_overlay

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGE = (b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="p-2">In 1902 M. <i>Reclus</i> agreed \xe2\x80\x94 '
        b"the land, they said, was theirs.</p></body></html>")  # fmt: skip


def _said(*words: tuple[str, int | None]) -> list[SaidWord]:
    return [SaidWord(text, "a.mp3", at, None if at is None else at + 90) for text, at in words]


@pytest.mark.parametrize(
    ("said", "printed", "found"),
    [("in nineteen oh two monsieur reclus", "in 1902 m reclus", {0: 0, 1: 1, 2: 1, 3: 1, 4: 2, 5: 3}),
     ("the land was theirs", "the land was theirs", {0: 0, 1: 1, 2: 2, 3: 3}),
     ("fifty percent of it", "50 of it", {0: 0, 1: 0, 2: 1, 3: 2}),
     ("one two three", "four five", {}),
     ("a b c", "a x y z c", {0: 0, 2: 4})],
)  # fmt: skip
def test_each_said_word_is_matched_to_the_printed_word_it_reads(said: str, printed: str, found: dict[int, int]) -> None:
    assert printed_of_said(said.split(), printed.split()) == found


def test_each_word_said_is_a_span_lit_where_it_is_printed_and_the_text_is_unchanged() -> None:
    said = _said(("In", 100), ("nineteen", 200), ("oh", 300), ("two", 400), ("Monsieur", 500), ("Reclus", 600),
                 ("agreed", 700), ("the", 900), ("land,", None), ("they", 1100), ("said,", 1200), ("was", 1300),
                 ("theirs.", 1400))  # fmt: skip
    cut = word_page(PAGE, {"p-2": said})
    root = etree.fromstring(cut.xhtml)
    paragraph = root.find(".//{http://www.w3.org/1999/xhtml}p")
    assert paragraph is not None and "".join(paragraph.itertext()) == "".join(etree.fromstring(PAGE).itertext())
    lit = {span.get("id", ""): "".join(span.itertext()) for span in root.iter("{*}span")}
    timed = {span.fragment: (span.start_ms, span.end_ms) for span in cut.spans["p-2"]}
    assert list(lit.values()) == ["In", "1902", "M", "Reclus", "agreed", "the", "they", "said", "was", "theirs"]
    assert timed[next(k for k, v in lit.items() if v == "1902")] == (200, 490), "from its first word said to its last"
    assert paragraph.find(".//{*}i") is not None, "an italic run keeps its element inside the word's span"
    assert word_page(PAGE, {"p-2": _said(("In", None))}).spans == {}, "no time told, nothing cut"


@pytest.mark.slow
def test_a_word_read_along_book_is_valid_and_foliate_lights_word_after_word(tmp_path: Path) -> None:
    source = tmp_path / "essay.md"
    source.write_text(
        "# Mutual Aid in Brief\n\n## The Argument\n\nThe struggle for existence is not only a war of each against "
        "all. In 1902 Kropotkin showed that animals of the same kind help one another.\n\nM. Reclus agreed: the "
        "villages of Siberia kept their common land.\n",
        encoding="utf-8",
    )
    (work,) = load_works(source).works
    narrator = Narrator(find_voice(None, None), ClipCache(tmp_path / "cache"))
    settings = BookSettings(NarrationSettings(check=False), None, None, ReadAlong.WORD)
    made = publish_book(work, tmp_path / "out", narrator, settings)
    book = made.narrated_epub
    assert run_epubcheck(book, usage=True).messages == ()
    assert ace_violations(book) == []
    with zipfile.ZipFile(book) as archive:
        smil = etree.fromstring(archive.read("EPUB/smil/chapter-001.smil"))
        page = etree.fromstring(archive.read("EPUB/text/chapter-001.xhtml"))
    targets = [text.get("src", "").split("#")[1] for text in smil.iter("{*}text")]
    words = {span.get("id"): "".join(span.itertext()) for span in page.iter("{*}span")}
    assert [words[t] for t in targets if t in words][:6] == ["The", "struggle", "for", "existence", "is", "not"]
    assert "1902" in words.values() and "M" in words.values(), "said otherwise than printed, lit all the same"
    highlights = play_overlay(book, 1.0, count=12, screenshot=tmp_path / "word.png")
    lit = [h.element_id for h in highlights if h.element_id in words]
    assert len(lit) >= 8 and lit == sorted(lit, key=targets.index), lit
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "word.png", ARTIFACTS / "readalong-word.png")
