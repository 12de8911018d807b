"""The raw downloads the corpus was cleaned from (../shared/raw), each read by its format's reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.errors import UsageError
from pressroom.model import Work
from pressroom.sources.load import load_works, sample_path
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


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not beside the checkout")
def test_a_corpus_read_from_its_raw_downloads_says_what_each_work_gained() -> None:
    cleaned = {work.meta.slug: work for work in load_works(SHARED / "corpus").works}
    loaded = load_works(SHARED / "corpus", raw_dir=RAW)
    raw = {work.meta.slug: work for work in loaded.works}
    assert raw.keys() == cleaned.keys(), "every work keeps its identity and folder"
    mutual_aid = raw["mutual_aid_a_factor_of_evolution"]
    assert mutual_aid.units == (str(RAW / "4341.txt"),)
    headings = [[c.heading_line for c in w.chapters] for w in (mutual_aid, cleaned[mutual_aid.meta.slug])]
    assert "Introduction" in headings[0] and "Introduction" not in headings[1], "the download has what was lost"
    said = {notice.path: notice.message for notice in loaded.notices}
    assert said[str(RAW / "4341.txt")] == (
        f"read for mutual_aid_a_factor_of_evolution: {mutual_aid.words - 78_805:,} words more than its cleaned "
        "units (78,805)"
    )
    from_raw = [work for work in raw.values() if any(unit.startswith(str(RAW)) for unit in work.units)]
    assert len(from_raw) >= 75, "a work whose download is missing or empty is read from its units"


def test_from_raw_needs_a_folder_and_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder"):
        load_works(sample_path(), raw_dir=tmp_path / "nowhere")
    with pytest.raises(UsageError, match="give a corpus folder"):
        load_works(sample_path(), raw_dir=tmp_path)
