"""`publish audio` with the real default voice and the real ffmpeg: files, tags, markers, durations, cache."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from pressroom.audio.cache import LEFTOVER_AGE_S, ClipCache
from pressroom.audio.narrate import MadeAudio, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import Pause, Pauses, Utterance, plan_narration
from pressroom.audio.settings import NarrationSettings
from pressroom.audio.supply import Progress
from pressroom.audio.timeline import book_chapters
from pressroom.ffmpeg import ffmpeg_exe
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.sources.load import load_works, sample_path
from pressroom.text.speech import split_sentences
from pressroom.tts.clip import Clip
from pressroom.tts.voices import find_voice, load_lexicon
from tests.conftest import document, survived

Write = Callable[[str, str | bytes], Path]
MS = 1.0
"""How close a duration read back must be to the plan: one millisecond."""
AAC_PRIMING_SAMPLES = 1024
"""MP4 readers that ignore the edit list count AAC's priming samples: one frame."""

THREE_CHAPTERS = """\
CHAPTER I

THE FIRST

The first chapter opens here. It has two sentences.

I

A section in the first chapter.

II

Another section, with a number: 1892.

CHAPTER II

THE SECOND

The second chapter is short.

[Illustration: FIG. 1.--A map of the
second chapter, _a_, its end.]

It has a picture, printed and never read.

CHAPTER III

THE LAST

The end is near. It costs £5 10s. to say so.
"""


@dataclass(frozen=True)
class Narrated:
    work: Work
    made: MadeAudio
    cache: ClipCache


def _narrate(work: Work, outdir: Path, cache: ClipCache) -> MadeAudio:
    return publish_audio(
        work, outdir, Narrator(find_voice(None, None), cache), NarrationSettings(lexicon=load_lexicon(None))
    )


@pytest.fixture(scope="session")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Narrated:
    (work,) = load_works(sample_path()).works
    cache = ClipCache(tmp_path_factory.mktemp("cache"))
    return Narrated(work, _narrate(work, tmp_path_factory.mktemp("out"), cache), cache)


@pytest.fixture(scope="session")
def three(tmp_path_factory: pytest.TempPathFactory) -> Narrated:
    source = tmp_path_factory.mktemp("src") / "three.txt"
    source.write_text(document(THREE_CHAPTERS, title="Three Chapters", source_id="three"), encoding="utf-8")
    (work,) = load_works(source).works
    cache = ClipCache(tmp_path_factory.mktemp("cache"))
    return Narrated(work, _narrate(work, tmp_path_factory.mktemp("out"), cache), cache)


def _decoded_ms(path: Path) -> float:
    """The length ffmpeg decodes, in ms, counting samples (gapless information honoured)."""
    done = subprocess.run([ffmpeg_exe(), "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "44100", "-"],
                          capture_output=True, check=True)  # fmt: skip
    return len(done.stdout) / 2 / 44.1


def _ffmpeg_chapters(path: Path) -> list[tuple[str, int, int]]:
    """The chapters as ffmpeg's demuxer reads them (what `ffmpeg -i` and ffprobe list), in time order."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, check=False)
    listing = done.stderr.decode("utf-8")
    found = re.findall(r"Chapter #\d+:\d+: start (\S+), end (\S+)\n\s+Metadata:\n\s+title\s+: (.*)", listing)
    return sorted((title, round(float(start) * 1000), round(float(end) * 1000)) for start, end, title in found)


def test_the_letter_makes_one_mp3_an_m4b_and_a_playlist(letter: Narrated) -> None:
    folder = letter.made.folder
    assert folder.name == "letter_to_lenin"
    assert sorted(p.name for p in folder.iterdir()) == [
        "01 - Letter to Lenin.mp3",
        "check.json",
        "letter_to_lenin.m3u",
        "letter_to_lenin.m4b",
        "narration.json",
    ]
    playlist = (folder / "letter_to_lenin.m3u").read_text(encoding="utf-8").splitlines()
    assert playlist[0] == "#EXTM3U"
    assert playlist[1].startswith("#EXTINF:") and playlist[1].endswith(",Peter Kropotkin - Letter to Lenin")
    assert playlist[2] == "01 - Letter to Lenin.mp3"


def test_mp3_is_44k_mono_cbr_192_and_lasts_what_was_planned(letter: Narrated) -> None:
    (mp3,) = letter.made.mp3s
    (timeline,) = letter.made.timelines
    info: Any = MP3(mp3).info
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 192000)
    assert str(info.bitrate_mode) == "BitrateMode.CBR"
    assert abs(info.length * 1000 - timeline.total * 1000 / timeline.rate) <= MS
    assert abs(_decoded_ms(mp3) - timeline.total * 1000 / timeline.rate) <= MS
    assert 3 * 60_000 < timeline.duration_ms < 5 * 60_000


def test_mp3_tags_name_the_book_the_author_the_voice_and_carry_the_cover(letter: Narrated) -> None:
    (mp3,) = letter.made.mp3s
    tags = ID3(mp3)
    assert str(tags["TIT2"]) == "01 - Letter to Lenin"
    assert str(tags["TPE1"]) == str(tags["TPE2"]) == "Peter Kropotkin"
    assert str(tags["TALB"]) == "Letter to Lenin"
    assert str(tags["TRCK"]) == "1"
    assert str(tags["TDRC"]) == "1920"
    assert str(tags["TCON"]) == "Audiobook"
    assert tags["WOAS"].url == "https://theanarchistlibrary.org/library/petr-kropotkin-letter-to-lenin.muse"
    assert "Public domain" in str(tags["TCOP"])
    (comment,) = tags.getall("COMM")
    assert "Synthetic narration" in str(comment) and "heart" in str(comment)
    (cover,) = tags.getall("APIC")
    assert cover.mime == "image/png" and cover.data.startswith(b"\x89PNG")


def test_mp3_chapter_markers_read_back_as_planned(three: Narrated) -> None:
    first = three.made.mp3s[0]
    timeline = three.made.timelines[0]
    planned = timeline.marker_spans()
    assert [title for title, _, _ in planned] == ["Chapter I: The First", "I", "II"]
    chaps = sorted(ID3(first).getall("CHAP"), key=lambda frame: frame.start_time)
    assert [(str(c.sub_frames["TIT2"]), c.start_time, c.end_time) for c in chaps] == planned
    assert _ffmpeg_chapters(first) == sorted(planned)
    (toc,) = ID3(first).getall("CTOC")
    assert toc.child_element_ids == [c.element_id for c in chaps]


def test_every_file_and_the_m4b_last_what_was_planned(three: Narrated) -> None:
    assert [p.name for p in three.made.mp3s] == [
        "01 - Chapter I - The First.mp3",
        "02 - Chapter II - The Second.mp3",
        "03 - Chapter III - The Last.mp3",
    ]
    for mp3, timeline in zip(three.made.mp3s, three.made.timelines, strict=True):
        planned = timeline.total * 1000 / timeline.rate
        length: float = MP3(mp3).info.length  # type: ignore[attr-defined]
        assert abs(length * 1000 - planned) <= MS
        assert abs(_decoded_ms(mp3) - planned) <= MS
        assert str(ID3(mp3)["TRCK"]) == str(timeline.track.number)
    chapters = book_chapters(three.made.timelines)
    total = sum(t.total * 1000 / t.rate for t in three.made.timelines)
    m4b = MP4(three.made.m4b)
    assert m4b.chapters is not None
    assert [(c.title, round(c.start * 1000)) for c in m4b.chapters] == [(t, s) for t, s, _ in chapters]
    assert _ffmpeg_chapters(three.made.m4b) == sorted(chapters)
    assert abs(_decoded_ms(three.made.m4b) - total) <= MS
    m4b_length: float = m4b.info.length  # type: ignore[attr-defined]
    m4b_rate: int = m4b.info.sample_rate  # type: ignore[attr-defined]
    assert m4b_rate == three.made.timelines[0].rate, "the M4B is at the voice's own rate, not resampled"
    assert 0 <= m4b_length * 1000 - total <= AAC_PRIMING_SAMPLES * 1000 / m4b_rate + MS
    assert m4b.tags is not None
    assert m4b.tags["\xa9nam"] == ["Three Chapters"] and m4b.tags["\xa9gen"] == ["Audiobook"]
    assert m4b.tags["stik"] == [2] and len(m4b.tags["covr"]) == 1


def test_files_open_with_titles_and_room_tone_and_the_last_closes_the_work(three: Narrated) -> None:
    plan = plan_narration(three.work)
    first, _, last = plan.tracks
    said = [s.text for s in first.segments if isinstance(s, Utterance)]
    assert said[:3] == [
        "Three Chapters, by Peter Kropotkin.",
        "Chapter one. The First.",
        "The first chapter opens here. It has two sentences.",
    ]
    assert [s.text for s in last.segments if isinstance(s, Utterance)][-1] == "The end of Three Chapters."
    for track in plan.tracks:
        head, tail = track.segments[0], track.segments[-1]
        assert isinstance(head, Pause) and 500 <= head.ms <= 1000
        assert isinstance(tail, Pause) and 1000 <= tail.ms <= 5000
    said_last = [s.text for s in last.segments if isinstance(s, Utterance)]
    assert "It costs five pounds ten shillings to say so." in " ".join(said_last)


def test_a_second_run_makes_nothing_and_gives_the_same_bytes(letter: Narrated, tmp_path: Path) -> None:
    again = _narrate(letter.work, tmp_path, letter.cache)
    assert (again.synthesized, again.cached) == (0, letter.made.synthesized + letter.made.cached)
    for name in ("01 - Letter to Lenin.mp3", "letter_to_lenin.m4b", "letter_to_lenin.m3u"):
        assert (letter.made.folder / name).read_bytes() == (again.folder / name).read_bytes(), name


def test_editing_one_paragraph_makes_exactly_one_clip_again(write: Write, tmp_path: Path) -> None:
    cache = ClipCache(tmp_path / "cache")
    body = "First paragraph here.\n\nSecond paragraph here.\n\nThird paragraph here.\n"
    source = write("w/work.txt", document(body, title="Edit Me", source_id="edit_me"))
    (work,) = load_works(source).works
    first = _narrate(work, tmp_path / "out", cache)
    source.write_text(document(body.replace("Second paragraph", "The second paragraph"), title="Edit Me",
                               source_id="edit_me"), encoding="utf-8")  # fmt: skip
    (edited,) = load_works(source).works
    second = _narrate(edited, tmp_path / "out", cache)
    assert first.cached == 0
    assert (second.synthesized, second.cached) == (1, first.synthesized - 1)


def test_a_damaged_cache_entry_is_never_used_but_made_again(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    clip = Clip(24000, np.arange(1000, dtype=np.int16), (1000,))
    cache.put("ab" * 32, clip)
    read = cache.get("ab" * 32)
    assert read is not None and read.rate == 24000 and read.sentence_ends == (1000,)
    assert np.array_equal(read.samples, clip.samples)
    path = cache.path("ab" * 32)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cache.get("ab" * 32) is None
    assert not path.exists()
    cache.put("cd" * 32, clip)
    truncated = cache.path("cd" * 32)
    truncated.write_bytes(truncated.read_bytes()[:-100])
    assert cache.length("cd" * 32) is None
    assert cache.get("cd" * 32) is None
    assert not list(tmp_path.rglob("*.part"))
    survived("damaged cache entries (flipped byte, truncated) refused", 2)


def test_the_temporary_files_of_killed_cache_writes_are_cleared_once_no_run_can_be_writing_them(
    tmp_path: Path,
) -> None:
    cache = ClipCache(tmp_path)
    cache.put("ab" * 32, Clip(24000, np.arange(10, dtype=np.int16)))
    old, fresh = (cache.path("ab" * 32).parent / f".{name}.clip.x1.part" for name in ("old", "fresh"))
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (time.time() - 2 * LEFTOVER_AGE_S, time.time() - 2 * LEFTOVER_AGE_S))
    assert cache.remove_leftovers() == 1
    assert not old.exists() and fresh.exists()
    assert cache.get("ab" * 32) is not None


def test_output_names_from_titles_are_safe_file_names() -> None:
    from pressroom.audio.names import file_title as _file_title

    assert _file_title("Chapter I: Our Riches") == "Chapter I - Our Riches"
    assert _file_title('a/b\\c?*"<>|') == "a b c"
    assert _file_title("...") == "Chapter"
    assert len(_file_title("x" * 300)) == 80
    assert re.fullmatch(r"[^/\\:*?\"<>|]+", _file_title("../../etc/passwd"))


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉé'", min_size=1, max_size=14), min_size=1, max_size=30))
def test_a_long_title_is_cut_between_words(words: list[str]) -> None:
    """`... and the Anarchist Movemen.mp3`, `... Courts Ma.mp3`: a file name cut mid-word reads as a typo."""
    from pressroom.audio.names import file_title

    title = " ".join(words)
    named = file_title(title)
    assert len(named) <= 80 and title.startswith(named)
    if len(title) > 80:
        assert title[len(named)] == " ", "the name ends where a word does"
    else:
        assert named == title.rstrip(" .,;-")


def _ffmpeg_chapters_as_listed(path: Path) -> list[tuple[str, int, int]]:
    """The chapters in the order ffmpeg (and ffprobe) list them: the order of the CHAP frames in the file."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, check=False)
    found = re.findall(
        r"Chapter #\d+:\d+: start (\S+), end (\S+)\n\s+Metadata:\n\s+title\s+: (.*)", done.stderr.decode()
    )
    return [(title, round(float(start) * 1000), round(float(end) * 1000)) for start, end, title in found]


def test_chapter_markers_are_listed_in_time_order_and_none_is_only_a_title(write: Write, tmp_path: Path) -> None:
    # A chapter whose first section follows its heading at once, and a chapter with a long title (written last
    # by mutagen's own frame order, before the fix).
    source = write("three.txt", document(THREE_CHAPTERS.replace("THE FIRST", "THE FIRST OF THREE LONG TITLES")))
    (work,) = load_works(source).works
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    made = publish_audio(work, tmp_path / "out", narrator, NarrationSettings(check=False))
    listed = _ffmpeg_chapters_as_listed(made.mp3s[0])
    assert [title for title, _, _ in listed] == ["Chapter I: The First of Three Long Titles", "I", "II"]
    assert listed[0][1] == 0
    assert all(end == listed[n + 1][1] for n, (_, _, end) in enumerate(listed[:-1])), "each ends as the next begins"
    assert listed == sorted(listed, key=lambda chapter: chapter[1]), "in time order"
    # A chapter whose first section follows its heading at once: the chapter's entry covers that section.
    bare = write("bare.txt", document("CHAPTER I\n\nTHE FIRST\n\nI\n\nOne section.\n\nII\n\nAnother section.\n"))
    (work,) = load_works(bare).works
    made = publish_audio(work, tmp_path / "bare", narrator, NarrationSettings(check=False))
    listed = _ffmpeg_chapters_as_listed(made.mp3s[0])
    assert [title for title, _, _ in listed] == ["Chapter I: The First", "II"]
    assert listed[0][1] == 0 and listed[0][2] == listed[1][1]


def test_each_chapter_file_is_published_when_complete_and_every_stage_is_told(write: Write, tmp_path: Path) -> None:
    (work,) = load_works(write("three.txt", document(THREE_CHAPTERS))).works
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    stages: list[str] = []
    seen_while_writing: dict[str, list[str]] = {}
    folder = tmp_path / "out" / work.meta.slug

    def report(state: Progress) -> None:
        if not stages or stages[-1] != state.stage:
            stages.append(state.stage)
            seen_while_writing[state.stage] = sorted(p.name for p in folder.glob("*.mp3"))

    publish_audio(work, tmp_path / "out", narrator, progress=report)
    assert stages[0] == "narrating"
    assert stages[-3:] == ["writing file 3", "the M4B and the playlist", "checking the audio"]
    assert seen_while_writing["writing file 3"] == [
        "01 - Chapter I - The First.mp3",
        "02 - Chapter II - The Second.mp3",
    ]
    assert not list(folder.glob(".*.part"))


def _pcm(path: Path, rate: int = 44100) -> np.ndarray[Any, np.dtype[np.int16]]:
    done = subprocess.run([ffmpeg_exe(), "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
                          capture_output=True, check=True)  # fmt: skip
    return np.frombuffer(done.stdout, dtype="<i2")


def _rms_db(samples: np.ndarray[Any, np.dtype[np.int16]]) -> float:
    level = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0
    return float(20 * np.log10(max(level, 1.0) / 32768))


def test_each_sentence_is_timed_where_the_voice_says_it_in_the_mp3(three: Narrated) -> None:
    narration = WorkFolder(three.made.folder).load_narration()
    assert narration is not None
    record = narration.files[0]
    audio = _pcm(three.made.folder / record.name)
    at = lambda ms: round(ms * 44.1)  # noqa: E731
    checked = 0
    for spoken in record.utterances:
        assert [s.text for s in spoken.sentences] == split_sentences(spoken.text)
        assert spoken.sentences[0].start_ms == spoken.start_ms
        assert abs(spoken.sentences[-1].end_ms - (spoken.start_ms + spoken.length_ms)) <= MS
        for before, sentence in zip(spoken.sentences, spoken.sentences[1:], strict=False):
            # Between two sentences, the sentence pause: room tone until the next sentence's start, then voice.
            assert abs(sentence.start_ms - before.end_ms - Pauses().sentence) <= MS
            pause = audio[at(before.end_ms + 60) : at(sentence.start_ms - 40)]
            voice = audio[at(sentence.start_ms) : at(sentence.start_ms + 250)]
            assert _rms_db(pause) < -50 < _rms_db(voice) - 15, sentence.text
            checked += 1
    assert checked >= 2  # "The first chapter opens here. It has two sentences." and the byline's
