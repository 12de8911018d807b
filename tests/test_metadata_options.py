"""What a book and its audio say about rights, publisher, description, date and narrator: the user's own text
is not declared public domain, and what the user gives on the command line reaches every file."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from pressroom.cli import main


def _opf(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".opf"))
        return archive.read(name).decode("utf-8")


def _run(*args: str) -> int:
    return main(list(args), io.StringIO(), io.StringIO(), {})


def test_a_plain_text_claims_no_rights_and_is_dated_by_its_file(tmp_path: Path) -> None:
    source = tmp_path / "mine.txt"
    source.write_text("My own words, not in the public domain.\n", encoding="utf-8")
    os.utime(source, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    assert _run("audio", str(source), "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir",
                str(tmp_path / "cache"), "-q") == 0  # fmt: skip
    assert _run("epub", str(source), "-o", str(tmp_path / "out"), "-q") == 0
    opf = _opf(tmp_path / "out" / "mine" / "mine.epub")
    assert "<dc:rights>" not in opf and "Public domain" not in opf
    assert "<dc:date>2023-11-14</dc:date>" in opf, "the file's own date, not 2000-01-01"
    tags = ID3(tmp_path / "out" / "mine" / "01 - Mine.mp3")
    assert not tags.getall("TCOP") and not tags.getall("TXXX:LICENSE")
    assert "cprt" not in (MP4(tmp_path / "out" / "mine" / "mine.m4b").tags or {})


def test_rights_publisher_description_date_and_narrator_reach_the_book_and_the_audio(tmp_path: Path) -> None:
    source = tmp_path / "mine.txt"
    source.write_text("My own words.\n", encoding="utf-8")
    given = ["--rights", "CC BY 4.0", "--publisher", "Small Press", "--description", "A short test.",
             "--date", "2024-05-17"]  # fmt: skip
    out = tmp_path / "out"
    assert _run("book", str(source), *given, "--narrator", "Ann Reader", "--voice", "tone", "-o", str(out),
                "--cache-dir", str(tmp_path / "cache"), "-q") == 0  # fmt: skip
    opf = _opf(out / "mine" / "mine.epub")
    assert "<dc:rights>CC BY 4.0</dc:rights>" in opf
    assert "<dc:publisher>Small Press</dc:publisher>" in opf
    assert "<dc:description>A short test.</dc:description>" in opf
    assert "<dc:date>2024-05-17</dc:date>" in opf
    assert re.search(r'property="media:narrator">Ann Reader<', _opf(out / "mine" / "mine.narrated.epub"))
    tags = ID3(out / "mine" / "01 - Mine.mp3")
    assert str(tags["TCOP"]) == "CC BY 4.0"
    assert str(tags["TCOM"]) == "Ann Reader"
    m4b = MP4(out / "mine" / "mine.m4b").tags
    assert m4b is not None
    assert m4b["cprt"] == ["CC BY 4.0"] and m4b["\xa9nrt"] == ["Ann Reader"]


def test_without_a_narrator_the_voice_is_named_as_synthetic(tmp_path: Path) -> None:
    source = tmp_path / "mine.txt"
    source.write_text("My own words.\n", encoding="utf-8")
    assert _run("audio", str(source), "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir",
                str(tmp_path / "cache"), "-q") == 0  # fmt: skip
    assert str(ID3(tmp_path / "out" / "mine" / "01 - Mine.mp3")["TCOM"]).startswith("tone (synthetic voice")
