"""`--cover IMAGE`: the user's own picture on the book, in its audio files' tags, and nowhere a typeset one."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from PIL import Image, ImageDraw

from pressroom.epub.epubcheck import run_epubcheck
from pressroom.sources.cover_image import read_cover_image
from tests.test_cli import _publish

TEXT = "Chapter I. Our Riches\n\nThe human race has travelled a long way.\n"
Write = Callable[[str, str | bytes], Path]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A JPEG larger than a cover needs, as a user's photograph would be."""
    image = Image.new("RGB", (2000, 3000), "#335577")
    ImageDraw.Draw(image).ellipse((500, 1000, 1500, 2000), fill="#ffcc00")
    path = tmp_path / "photo.jpg"
    image.save(path, quality=90)
    return path


def _book(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _publish(*args, "-o", str(out), "-q")


def test_the_cover_image_is_the_books_and_the_audios_cover(write: Write, photo: Path, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    made = _book(out, "book", str(text), "--voice", "tone", "--cache-dir", cache, "--cover", str(photo))
    assert made.returncode == 0, made.stderr
    expected = read_cover_image(photo)
    for name in ("riches.epub", "riches.narrated.epub"):
        with zipfile.ZipFile(out / "riches" / name) as book:
            assert book.read("EPUB/images/cover.png") == expected
            page = book.read("EPUB/text/cover.xhtml").decode()
        assert 'alt="Cover of Riches, by Unknown Author."' in page, "not said to be set in type"
    (tagged,) = ID3(out / "riches" / "01 - Chapter I - Our Riches.mp3").getall("APIC")
    assert tagged.data == expected
    assert bytes(MP4(out / "riches" / "riches.m4b")["covr"][0]) == expected
    with Image.open(io.BytesIO(expected)) as fitted:
        assert fitted.size == (1600, 2400), "scaled down to the covers' size, keeping its shape"


def test_the_same_cover_gives_the_same_bytes(write: Write, photo: Path, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    first, second = tmp_path / "first", tmp_path / "second"
    assert _book(first, "epub", str(text), "--cover", str(photo)).returncode == 0
    assert _book(second, "epub", str(text), "--cover", str(photo)).returncode == 0
    assert (first / "riches" / "riches.epub").read_bytes() == (second / "riches" / "riches.epub").read_bytes()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such cover image"),
        (b"hello", "not an image: neither PNG, JPEG nor WebP"),
        ("tiny", "the cover is 50×50 pixels, too small to show"),
    ],
    ids=["missing", "not an image", "tiny"],
)
def test_a_cover_that_cannot_be_used_is_one_line_naming_it(
    content: bytes | str | None, said: str, write: Write, tmp_path: Path
) -> None:
    text = write("riches.txt", TEXT)
    cover = tmp_path / "cover.png"
    if content == "tiny":
        Image.new("RGB", (50, 50)).save(cover)
    elif isinstance(content, bytes):
        cover.write_bytes(content)
    result = _book(tmp_path / "out", "epub", str(text), "--cover", str(cover))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"publish: error: {cover}: {said}")
    assert not (tmp_path / "out").exists(), "nothing is made"


@pytest.mark.slow
def test_a_book_with_the_users_cover_is_epubcheck_clean(write: Write, photo: Path, tmp_path: Path) -> None:
    text = write("riches.txt", TEXT)
    assert _book(tmp_path, "epub", str(text), "--cover", str(photo)).returncode == 0
    report = run_epubcheck(tmp_path / "riches" / "riches.epub")
    assert report.clean, report
