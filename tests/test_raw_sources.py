"""The raw downloads the corpus was cleaned from (../shared/raw), each read by its format's reader."""

from __future__ import annotations

import pytest

from pressroom.model import Work
from pressroom.sources.load import load_works
from tests.conftest import SHARED

RAW = SHARED / "raw"
pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason="../shared/raw is not beside the checkout")


def _work(name: str) -> Work:
    (work,) = load_works(RAW / name).works
    return work


def _all_text(work: Work) -> str:
    return "\n".join(block.text for chapter in work.chapters for block in chapter.all_blocks())


def test_every_raw_file_with_text_is_read() -> None:
    files = sorted(path for path in RAW.rglob("*.txt") if path.stat().st_size > 0)
    assert len(files) >= 80
    for path in files:
        (work,) = load_works(path).works
        assert work.words > 300, path
        assert "<em>" not in _all_text(work), f"{path}: Amusewiki markup left in the book"


def test_the_gutenberg_mutual_aid_has_its_metadata_and_chapters_and_no_licence() -> None:
    work = _work("4341.txt")
    assert (work.meta.title, work.meta.source_id) == ("Mutual Aid: A Factor of Evolution", "pg_4341")
    assert work.meta.source_url == "https://www.gutenberg.org/ebooks/4341"
    titles = [chapter.heading_line for chapter in work.chapters]
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    expected = ["Introduction", *(f"Chapter {n}:" for n in numerals), "Conclusion"]
    found = iter(titles)
    assert all(any(title.startswith(want) for title in found) for want in expected), titles
    text = _all_text(work)
    assert "Project Gutenberg" not in text and "Produced by" not in text


def test_an_anarchist_library_text_has_its_header_as_metadata() -> None:
    work = _work("Act_For_Yourselves.txt")
    assert (work.meta.title, work.meta.author, work.meta.year) == ("Act for Yourselves", "Pëtr Kropotkin", 1887)
    assert work.meta.source_url == "https://freedomnews.org.uk/kropotkin-act-for-yourselves/"
    text = _all_text(work)
    assert "#title" not in text and "#author" not in text
    assert "_you_ what sort of organisation" in text, "<em> is the plain-text italic the typography reads"
