"""The real corpus beside the project: every work once, real chapter titles, and not a word lost."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.model import Work
from pressroom.sources.load import Loaded, load_works
from tests.conftest import kept_source_lines

pytestmark = pytest.mark.slow

JUNK_TITLES = {"chapter", "full_text", "full text", "part", "section", "untitled"}


@cache
def _load(corpus: Path) -> Loaded:
    return load_works(corpus)


def _work(corpus: Path, slug: str) -> Work:
    (work,) = [w for w in _load(corpus).works if w.meta.slug == slug]
    return work


def test_all_79_works_are_listed_once_each(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(corpus), "--json"]) == 0
    works = json.loads(capsys.readouterr().out)["works"]
    assert len(works) == 79
    assert len({w["source_id"] for w in works}) == 79
    assert all(w["chapters"] and w["words"] > 0 for w in works)


def test_the_conquest_of_bread_has_its_preface_and_seventeen_chapters(corpus: Path) -> None:
    work = _work(corpus, "the_conquest_of_bread")
    titles = [c.title for c in work.chapters]
    assert titles == [
        "Preface",
        "Our Riches",
        "Well-Being for All",
        "Anarchist Communism",
        "Expropriation",
        "Food",
        "Dwellings",
        "Clothing",
        "Ways and Means",
        "The Need for Luxury",
        "Agreeable Work",
        "Free Agreement",
        "Objections",
        "The Collectivist Wages System",
        "Consumption and Production",
        "The Division of Labour",
        "The Decentralization of Industry",
        "Agriculture",
    ]
    notes = [b for b in work.all_blocks() if b.kind == "note"]
    assert len(notes) >= 13
    assert [d.reason for d in work.dropped][:2] == ["table of contents", "table of contents"]


def test_mutual_aid_has_its_eight_chapters_and_the_conclusion(corpus: Path) -> None:
    work = _work(corpus, "mutual_aid_a_factor_of_evolution")
    assert [(c.label, c.title) for c in work.chapters] == [
        ("Chapter I", "Mutual Aid Among Animals"),
        ("Chapter II", "Mutual Aid Among Animals (Continued)"),
        ("Chapter III", "Mutual Aid Among Savages"),
        ("Chapter IV", "Mutual Aid Among the Barbarians"),
        ("Chapter V", "Mutual Aid in the Mediaeval City"),
        ("Chapter VI", "Mutual Aid in the Mediaeval City (Continued)"),
        ("Chapter VII", "Mutual Aid Amongst Ourselves"),
        ("Chapter VIII", "Mutual Aid Amongst Ourselves (Continued)"),
        (None, "Conclusion"),
    ]


def test_a_short_essay_is_one_chapter_named_after_it(corpus: Path) -> None:
    work = _work(corpus, "the_spirit_of_revolt")
    assert [c.title for c in work.walk()] == ["The Spirit of Revolt"]


def test_the_memoirs_are_in_parts_with_numbered_sections(corpus: Path) -> None:
    work = _work(corpus, "memoirs_of_a_revolutionist")
    assert [c.title for c in work.chapters] == [
        "Preface",
        "Preface to the Second Edition",
        "Childhood",
        "The Corps of Pages",
        "Siberia",
        "St. Petersburg — First Journey to Western Europe",
        "The Fortress — The Escape",
        "Western Europe",
    ]
    assert [c.title for c in work.chapters[2].children][:3] == ["I", "II", "III"]


def test_no_chapter_is_titled_with_junk(corpus: Path) -> None:
    for work in _load(corpus).works:
        for chapter in work.walk():
            title = chapter.title
            assert title.strip().lower() not in JUNK_TITLES, (work.meta.slug, title)
            assert "_" not in title, (work.meta.slug, title)
            assert title[:1].isupper() or not title[:1].isalpha(), (work.meta.slug, title)


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def test_nothing_is_lost_every_word_lands_in_one_block_in_order(corpus: Path) -> None:
    for work in _load(corpus).works:
        source = [_alnum(line) for line in kept_source_lines(work)]
        blocks = "".join(_alnum(block.text) for block in work.all_blocks())
        assert blocks == "".join(source), work.meta.slug
