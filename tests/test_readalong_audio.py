"""The read-along EPUB carries its narration at a bit rate made for speech, unless asked for the full files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from mutagen.mp3 import MP3

from tests.test_cli import _publish

TEXT = (
    "Chapter I. Our Riches\n\nThe human race has travelled a long way since those remote ages.\n\n"
    "Chapter II. Well-Being for All\n\nWell-being for all is not a dream. It is possible, realizable.\n"
)
Write = Callable[[str, str | bytes], Path]


def _carried(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("EPUB/audio/")}


def test_the_read_along_book_carries_speech_sized_audio_as_long_as_the_chapters(write: Write, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    made = _publish("book", str(text), "--voice", "tone", "-o", str(out), "--cache-dir", cache, "-q")
    assert made.returncode == 0, made.stderr
    carried = _carried(out / "riches" / "riches.narrated.epub")
    chapters = sorted((out / "riches").glob("*.mp3"))
    assert sorted(carried) == ["EPUB/audio/chapter-001.mp3", "EPUB/audio/chapter-002.mp3"]
    for (name, data), chapter in zip(sorted(carried.items()), chapters, strict=True):
        small, full = MP3(io.BytesIO(data)).info, MP3(chapter).info
        assert small is not None and full is not None
        # mutagen reckons the rate from the LAME header's byte count: 63,999 for 64 kbps.
        kbps = (round(small.bitrate / 1000), round(full.bitrate / 1000))
        assert (kbps, small.channels) == ((64, 192), 1), name
        # The overlay is timed on the chapter's samples: the smaller copy must play as long.
        assert abs(small.length - full.length) < 0.001, (name, small.length, full.length)
        assert len(data) < chapter.stat().st_size / 2.5


def test_full_read_along_audio_is_the_audiobooks_own_files(write: Write, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    args = ("--voice", "tone", "-o", str(out), "--cache-dir", cache, "-q", "--readalong-audio", "full")
    made = _publish("book", str(text), *args)
    assert made.returncode == 0, made.stderr
    carried = _carried(out / "riches" / "riches.narrated.epub")
    chapters = sorted((out / "riches").glob("*.mp3"))
    assert [carried[name] for name in sorted(carried)] == [chapter.read_bytes() for chapter in chapters]


def test_the_read_along_book_is_the_same_bytes_each_time(write: Write, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    books = []
    for run in ("first", "second"):
        out = tmp_path / run
        made = _publish("book", str(text), "--voice", "tone", "-o", str(out), "--cache-dir", str(out / "c"), "-q")
        assert made.returncode == 0, made.stderr
        books.append((out / "riches" / "riches.narrated.epub").read_bytes())
    assert books[0] == books[1]
