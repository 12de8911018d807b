"""A chapter is called the same everywhere: `publish info`, the book's contents, the narration's file names."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.test_cli import _publish

TEXT = "Chapter I. Our Riches\n\nThe human race has travelled a long way.\n\nChapter II: The End\n\nIt ended.\n"


def test_info_the_contents_and_the_file_names_label_a_chapter_alike(
    write: Callable[[str, str | bytes], Path], tmp_path: Path
) -> None:
    book = write("riches.txt", TEXT)
    out = tmp_path / "out"
    info = _publish("info", str(book))
    assert "Chapter I: Our Riches  (" in info.stdout and "Chapter II: The End  (" in info.stdout
    made = _publish("audio", str(book), "--voice", "tone", "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert made.returncode == 0, made.stderr
    names = sorted(path.name for path in (out / "riches").glob("*.mp3"))
    # A colon is refused in file names on Windows, so a file name sets it as a dash.
    assert names == ["01 - Chapter I - Our Riches.mp3", "02 - Chapter II - The End.mp3"]
    assert _publish("epub", str(book), "-o", str(out), "-q").returncode == 0
    with zipfile.ZipFile(out / "riches" / "riches.epub") as epub:
        nav = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("nav.xhtml"))
    assert ">Chapter I: Our Riches<" in nav and ">Chapter II: The End<" in nav
