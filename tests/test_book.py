"""`publish book`: the narrated EPUB, checked by EPUBCheck and Ace, and its overlays against its own audio."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import Pauses
from pressroom.audio.settings import NarrationSettings
from pressroom.audio.timeline import book_chapters
from pressroom.book.narrated import SPEECH_KBPS, BookSettings, MadeNarratedBook, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.model import Work
from pressroom.sources.load import load_works, sample_path
from pressroom.tts.voices import find_voice, load_lexicon
from tests.checkers import Highlight, ace_violations, play_overlay
from tests.conftest import document
from tests.epub_reading import NS, Book
from tests.test_audio import THREE_CHAPTERS

pytestmark = pytest.mark.slow

SMIL = {"s": "http://www.w3.org/ns/SMIL"}


@dataclass(frozen=True)
class Narrated:
    work: Work
    made: MadeNarratedBook
    narrator: Narrator


@pytest.fixture(scope="session")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Narrated]:
    cache = ClipCache(tmp_path_factory.mktemp("cache"))
    narrator = Narrator(find_voice(None, None), cache)
    source = tmp_path_factory.mktemp("src") / "three.txt"
    source.write_text(document(THREE_CHAPTERS, title="Three Chapters", source_id="three"), encoding="utf-8")
    books = {}
    for name, path in (("letter", sample_path()), ("three", source)):
        (work,) = load_works(path).works
        made = publish_book(
            work, tmp_path_factory.mktemp(name), narrator, BookSettings(NarrationSettings(lexicon=load_lexicon(None)))
        )
        books[name] = Narrated(work, made, narrator)
    return books


def _clock_ms(value: str) -> int:
    hours, minutes, seconds = value.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def _mp3_ms(data: bytes) -> float:
    length: float = MP3(io.BytesIO(data)).info.length  # type: ignore[no-untyped-call, attr-defined]
    return length * 1000


def test_book_makes_the_epub_the_audio_and_the_narrated_epub(narrated: dict[str, Narrated]) -> None:
    made = narrated["letter"].made
    folder = made.epub.parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "01 - Letter to Lenin.mp3",
        "book.json",
        "check.json",
        "letter_to_lenin.epub",
        "letter_to_lenin.m3u",
        "letter_to_lenin.m4b",
        "letter_to_lenin.narrated.epub",
        "narration.json",
    ]


@pytest.mark.parametrize("name", ["letter", "three"])
def test_the_narrated_book_is_clean_under_epubcheck_with_usage(name: str, narrated: dict[str, Narrated]) -> None:
    report = run_epubcheck(narrated[name].made.narrated_epub, usage=True)
    assert [str(m) for m in report.messages] == []


@pytest.mark.parametrize("name", ["letter", "three"])
def test_ace_finds_no_violation_in_the_narrated_book(name: str, narrated: dict[str, Narrated]) -> None:
    assert ace_violations(narrated[name].made.narrated_epub) == []


@pytest.mark.parametrize("name", ["letter", "three"])
def test_every_par_points_at_its_block_in_order_and_inside_its_audio(name: str, narrated: dict[str, Narrated]) -> None:
    book = Book(narrated[name].made.narrated_epub)
    smil_names = sorted(n for n in book.files if n.endswith(".smil"))
    assert len(smil_names) == len(narrated[name].work.chapters)
    longest_pause = max(Pauses().__dict__.values())
    for smil_name in smil_names:
        smil = etree.fromstring(book.files[smil_name])
        pars = smil.findall(".//s:par", SMIL)
        assert pars
        previous_position = -1
        previous_end = 0
        audio_length = None
        for par in pars:
            text = par.find("s:text", SMIL)
            audio = par.find("s:audio", SMIL)
            assert text is not None and audio is not None
            page_name, fragment = text.get("src", "").split("#")
            page = book.page(f"EPUB/text/{Path(page_name).name}")
            targets = page.xpath("//*[@id=$id]", id=fragment)
            assert len(targets) == 1, fragment
            position = list(page.iter()).index(targets[0])
            assert position > previous_position, "pars must follow the document order"
            previous_position = position
            audio_name = f"EPUB/audio/{Path(audio.get('src', '')).name}"
            if audio_length is None:
                audio_length = _mp3_ms(book.files[audio_name])
            begin, end = _clock_ms(audio.get("clipBegin", "")), _clock_ms(audio.get("clipEnd", ""))
            assert previous_end <= begin < end <= audio_length + 1
            if previous_end:
                assert begin - previous_end <= longest_pause, "no gap longer than a planned pause"
            previous_end = end


@pytest.mark.parametrize("name", ["letter", "three"])
def test_overlay_durations_match_the_audio_to_the_millisecond(name: str, narrated: dict[str, Narrated]) -> None:
    book = Book(narrated[name].made.narrated_epub)
    durations = {
        node.get("refines", "").lstrip("#"): _clock_ms(node.text or "")
        for node in book.opf.findall("opf:metadata/opf:meta[@property='media:duration']", NS)
    }
    total = durations.pop("")
    assert total == sum(durations.values())
    manifest = {item.get("id"): item for item in book.opf.findall("opf:manifest/opf:item", NS)}
    for smil_id, duration in durations.items():
        smil = etree.fromstring(book.files[f"EPUB/{manifest[smil_id].get('href')}"])
        (audio_src,) = {a.get("src") for a in smil.findall(".//s:audio", SMIL)}
        assert abs(_mp3_ms(book.files[f"EPUB/audio/{Path(audio_src or '').name}"]) - duration) <= 1
    assert book.meta_property("media:active-class") == ["-epub-media-overlay-active"]
    assert book.meta_property("media:narrator")[0].startswith("heart (synthetic voice, hibari-tts")
    assert "auditory" in book.meta_property("schema:accessMode")
    assert "synchronizedAudioText" in book.meta_property("schema:accessibilityFeature")
    pages_with_overlay = [item for item in manifest.values() if item.get("media-overlay")]
    assert len(pages_with_overlay) == len(durations)


def test_the_epub_the_mp3_markers_and_the_m4b_agree_on_when_chapters_start(narrated: dict[str, Narrated]) -> None:
    made = narrated["three"].made
    overlay_ms = [overlay.duration_ms for overlay in made.overlays]
    mp3_ends = []
    for mp3 in made.audio.mp3s:
        chaps = ID3(mp3).getall("CHAP")  # type: ignore[no-untyped-call]
        mp3_ends.append(max(chap.end_time for chap in chaps))
    assert mp3_ends == overlay_ms
    m4b_starts = [start for _, start, _ in book_chapters(made.audio.timelines)]
    expected = [sum(overlay_ms[:i]) for i in range(len(overlay_ms))]
    assert all(abs(a - b) <= 1 for a, b in zip(m4b_starts, expected, strict=True))


def test_the_narrated_book_carries_each_chapter_at_a_bit_rate_for_speech(narrated: dict[str, Narrated]) -> None:
    made = narrated["three"].made
    book = Book(made.narrated_epub)
    packaged = sorted(name for name in book.files if name.startswith("EPUB/audio/"))
    assert len(packaged) == len(made.audio.mp3s)
    for name, mp3 in zip(packaged, made.audio.mp3s, strict=True):
        small = MP3(io.BytesIO(book.files[name])).info  # type: ignore[no-untyped-call]
        assert small is not None
        assert (round(small.bitrate / 1000), small.channels) == (SPEECH_KBPS, 1)
        assert abs(_mp3_ms(book.files[name]) - _mp3_ms(mp3.read_bytes())) <= 1
    stored = {info.filename: info.compress_type for info in book.infos}
    assert all(stored[name] == 0 for name in packaged)
    plain = Book(made.epub)
    assert plain.metadata("dc:identifier") != book.metadata("dc:identifier")
    assert book.metadata("dc:title") == plain.metadata("dc:title")


# A screenshot kept for a person to look at, beside the tests: never in the user's output folder.
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
RATE = 2.0
TOLERANCE_S = 0.5


def _first_overlay(book: Path) -> list[tuple[str, float]]:
    """(element id, clip start in seconds) of each par of the book's first SMIL, in its order."""
    with zipfile.ZipFile(book) as archive:
        name = sorted(n for n in archive.namelist() if n.endswith(".smil"))[0]
        smil = etree.fromstring(archive.read(name))
    pars = []
    for par in smil.findall(".//s:par", SMIL):
        text, audio = par.find("s:text", SMIL), par.find("s:audio", SMIL)
        assert text is not None and audio is not None
        pars.append((text.get("src", "").split("#")[1], _clock_ms(audio.get("clipBegin", "")) / 1000))
    return pars


def _playback_problems(highlights: list[Highlight], pars: list[tuple[str, float]], page_order: list[str]) -> list[str]:
    """What is wrong with a playback: blocks out of document order, or highlighted too early or too late."""
    problems = []
    ids = [h.element_id for h in highlights]
    if ids != sorted(ids, key=page_order.index):
        problems.append(f"highlights out of document order: {ids}")
    starts = dict(pars)
    if highlights:
        first = highlights[0]
        for highlight in highlights:
            expected = (starts[highlight.element_id] - starts[first.element_id]) / RATE
            # Timed by the audio's own clock where the same file plays on (a busy machine stalls playback, so the
            # wall clock drifts from the narration the highlight follows); across files, by the wall clock.
            if highlight.media is not None and first.media is not None and highlight.source == first.source:
                took = (highlight.media - first.media) / RATE
            else:
                took = highlight.seconds - first.seconds
            if abs(took - expected) > TOLERANCE_S:
                problems.append(f"{highlight.element_id} at {took:.2f} s, not {expected:.2f} s")
    return problems


def _page_order(book: Path, page: str = "EPUB/text/chapter-001.xhtml") -> list[str]:
    with zipfile.ZipFile(book) as archive:
        root = etree.fromstring(archive.read(page))
    return [element.get("id", "") for element in root.iter() if element.get("id")]


def test_foliate_plays_the_narration_and_the_highlight_follows_the_text(
    narrated: dict[str, Narrated], tmp_path: Path
) -> None:
    book = narrated["three"].made.narrated_epub
    pars = _first_overlay(book)
    highlights = play_overlay(book, RATE, count=len(pars))
    assert [h.element_id for h in highlights] == [element_id for element_id, _ in pars]
    assert _playback_problems(highlights, pars, _page_order(book)) == []
    # Sentence by sentence: the first paragraph's two sentences are lit one after the other.
    lit = [h.element_id for h in highlights]
    assert lit[lit.index("p-2-s1") + 1] == "p-2-s2"
    # Stopped on the second sentence, the picture shows it lit within its paragraph.
    shot = tmp_path / "readalong.png"
    play_overlay(book, RATE, count=lit.index("p-2-s2") + 1, screenshot=shot)
    assert shot.read_bytes().startswith(b"\x89PNG")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "readalong.png")


def test_a_book_whose_smil_is_out_of_order_fails_the_playback_check(
    narrated: dict[str, Narrated], tmp_path: Path
) -> None:
    good = narrated["three"].made.narrated_epub
    broken = tmp_path / "broken.narrated.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("chapter-001.smil"):
                # The second and third pars point at each other's text: valid SMIL, wrong reading order.
                smil = etree.fromstring(data)
                second, third = smil.findall(".//s:par/s:text", SMIL)[1:3]
                swapped = third.get("src", ""), second.get("src", "")
                second.set("src", swapped[0])
                third.set("src", swapped[1])
                data = etree.tostring(smil, xml_declaration=True, encoding="utf-8")
            target.writestr(info, data)
    assert run_epubcheck(broken).clean, "EPUBCheck cannot see this: only playing the book does"
    pars = _first_overlay(broken)
    highlights = play_overlay(broken, RATE, count=len(pars))
    problems = _playback_problems(highlights, pars, _page_order(broken))
    assert any("out of document order" in problem for problem in problems)


def test_a_paragraph_read_along_lights_blocks_whole_and_the_plain_book_never_has_sentence_spans(
    narrated: dict[str, Narrated], tmp_path: Path
) -> None:
    three = narrated["three"]
    settings = BookSettings(NarrationSettings(lexicon=load_lexicon(None)), readalong=ReadAlong.PARAGRAPH)
    made = publish_book(three.work, tmp_path, three.narrator, settings)
    by_block = Book(made.narrated_epub)
    fragments = [f for name, data in sorted(by_block.files.items()) if name.endswith(".smil")
                 for f in re.findall(rb'#([^"]+)"', data)]  # fmt: skip
    assert fragments and not any(b"-s" in fragment for fragment in fragments)
    sentence_book = Book(three.made.narrated_epub)
    assert any(b"-s2" in data for name, data in sentence_book.files.items() if name.endswith(".smil"))
    for book in (Book(made.epub), Book(three.made.epub), by_block):
        assert not any(b'-s1"' in data for name, data in book.files.items() if name.endswith(".xhtml"))
