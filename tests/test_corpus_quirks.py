"""A small corpus built on the fly with every quirk of the real one, and a work that fails among good ones."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.errors import UsageError
from pressroom.sources.load import load_works

from .conftest import document

Write = Callable[[str, str | bytes], Path]
COLUMNS = [
    "work_id",
    "title",
    "year",
    "author",
    "genre",
    "source_type",
    "source_path",
    "source_url",
    "note",
    "work_slug",
    "unit_id",
    "unit_title",
    "retrieved_utc",
    "out_path",
    "sha256",
    "n_chars",
]


def _row(work_id: str, genre: str, slug: str, unit: int, file_name: str) -> dict[str, str]:
    return {
        "work_id": work_id,
        "title": slug.replace("_", " ").title(),
        "year": "1901",
        "author": "Peter Kropotkin",
        "genre": genre,
        "source_type": "local_txt",
        "source_path": "data/raw/x.txt",
        "source_url": "",
        "note": "",
        "work_slug": slug,
        "unit_id": f"unit_{unit:03d}",
        "unit_title": "chapter",
        "retrieved_utc": "2026-02-04T16:54:42Z",
        "out_path": f"my_corpus/{genre}/{slug}/{file_name}",
        "sha256": "",
        "n_chars": "0",
    }


@pytest.fixture
def quirky_corpus(write: Write) -> Path:
    """Two works split into junk-titled units (one mid-paragraph), a stale copy, an unlisted work, a bad file."""
    book = "pg_1"
    write(
        "corpus/theory/the_book/chapter_002_chapter.txt",
        document(
            "CHAPTER I\n\nOUR RICHES\n\nThe human race has travelled a long way, since those\nremote ages when men "
            "fashioned their rude implements of flint and lived on the",
            title="The Book",
            source_id=book,
        ),
    )
    write(
        "corpus/theory/the_book/chapter_010_remote_ages_when.txt",
        document(
            "precarious spoils of hunting.\n\nCHAPTER II\n\nWELL-BEING FOR ALL\n\nWell-being for all is not a dream.",
            title="The Book",
            source_id=book,
        ),
    )
    write(
        "corpus/essays/an_essay/section_001_full_text.txt",
        document(
            "Comrades, an essay with no headings at all.\n\nIts second paragraph.",
            title="An Essay",
            source_id="al_essay",
        ),
    )
    # The same essay again under another genre, not in the manifest: a stale copy.
    write(
        "corpus/unknown/an_essay/section_001_full_text.txt",
        document("An old copy.", title="An Essay", source_id="al_essay"),
    )
    # A work nobody listed in the manifest.
    write(
        "corpus/letters/a_letter/section_001_full_text.txt",
        document("Dear Friend,\n\nA letter.", title="A Letter", source_id="al_letter"),
    )
    write("corpus/essays/broken/section_001_full_text.txt", "TITLE: Broken\nAUTHOR Nobody\n----\n\nBody.\n")
    rows = [
        _row(book, "theory", "the_book", 2, "chapter_002_chapter.txt"),
        _row(book, "theory", "the_book", 10, "chapter_010_remote_ages_when.txt"),
        _row("al_essay", "essays", "an_essay", 1, "section_001_full_text.txt"),
        _row("al_broken", "essays", "broken", 1, "section_001_full_text.txt"),
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return write("corpus/metadata/manifest.csv", out.getvalue()).parent.parent


def test_each_work_is_read_once_and_the_broken_one_is_reported(quirky_corpus: Path) -> None:
    loaded = load_works(quirky_corpus)
    assert [work.meta.source_id for work in loaded.works] == ["pg_1", "al_essay", "al_letter"]
    (failure,) = loaded.failures
    assert failure.work == "al_broken"
    assert failure.error.line == 2
    messages = [f"{notice.path} {notice.message}" for notice in loaded.notices]
    assert any("unknown/an_essay" in m and "copy of al_essay" in m for m in messages)
    assert any("letters/a_letter" in m and "not in the manifest" in m for m in messages)


def test_chapters_come_from_the_text_not_from_the_units(quirky_corpus: Path) -> None:
    (book,) = load_works(quirky_corpus, ["the_book"]).works
    assert [(c.label, c.title) for c in book.chapters] == [
        ("Chapter I", "Our Riches"),
        ("Chapter II", "Well-Being for All"),
    ]
    first_paragraph = [b.text for b in book.chapters[0].all_blocks()][2]
    assert first_paragraph.endswith("lived on the precarious spoils of hunting.")


def test_a_work_without_headings_is_one_chapter_named_after_it(quirky_corpus: Path) -> None:
    (essay,) = load_works(quirky_corpus, ["al_essay"]).works
    assert [c.title for c in essay.chapters] == ["An Essay"]
    assert essay.chapters[0].paragraphs == 2


def test_an_unknown_work_name_suggests_the_near_ones(quirky_corpus: Path) -> None:
    with pytest.raises(UsageError, match="the_book"):
        load_works(quirky_corpus, ["the_boko"])


def test_the_cli_lists_the_good_works_and_ends_non_zero_with_a_summary(
    quirky_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["info", str(quirky_corpus)])
    out, err = capsys.readouterr()
    assert status != 0
    assert "Our Riches" in out and "An Essay" in out
    assert "al_broken" in err and "1 of 4 works failed" in err
    assert "Traceback" not in err


def test_a_work_folder_inside_a_corpus_gets_the_manifest_metadata(quirky_corpus: Path) -> None:
    (book,) = load_works(quirky_corpus / "theory" / "the_book").works
    assert book.meta.genre == "theory"
    assert book.meta.corpus == "my_corpus"
    assert len(book.units) == 2


def test_a_work_listed_under_two_genres_is_one_work(write: Write) -> None:
    for genre in ("essays", "science"):
        write(
            f"corpus/{genre}/modern_science/section_001_full_text.txt",
            document("Some text.", title="Modern Science", source_id="al_ms"),
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        [_row("al_ms", g, "modern_science", 1, "section_001_full_text.txt") for g in ("essays", "science")]
    )
    root = write("corpus/metadata/manifest.csv", out.getvalue()).parent.parent
    loaded = load_works(root)
    (work,) = loaded.works
    assert work.meta.source_id == "al_ms"
    assert len(work.units) == 1
    assert loaded.failures == ()
