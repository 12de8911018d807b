"""Structure recovery on small texts: headings, sections, notes, letters, tables of contents, hard wrapping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.model import Block, BlockKind, Unit, Work, WorkMeta
from pressroom.sources.load import load_works, sample_path
from pressroom.sources.overrides import MetaOverrides
from pressroom.text.structure import build_work

from .conftest import SAMPLES

Write = Callable[[str, str | bytes], Path]
META = WorkMeta(title="The Conquest of Bread", author="Peter Kropotkin", source_id="pg_1", slug="conquest")


def _build(body: str, meta: WorkMeta = META) -> Work:
    return build_work(meta, [Unit("book.txt", body, 1)])


def _kinds(blocks: list[Block]) -> list[BlockKind]:
    return [block.kind for block in blocks]


GUTENBERG = """XVII. AGRICULTURE                           191

        NOTES                                 213

PREFACE

One of the current objections to Communism is
that the idea is so old.

THE CONQUEST OF BREAD

CHAPTER I

OUR RICHES

I

The human race has travelled a long way--and Nature, vast,
unknown, and terrific, with whom they had to fight.[1]

II

We are rich, far richer than we think.

       *       *       *       *       *

A short one.

FOOTNOTES:

[1] A note that runs over
two lines.

     Number of inhabitants in 1889                          3,900,000

     Area in acres                                          1,507,300

CHAPTER II

MUTUAL AID AMONG ANIMALS (continued)

Well-being for all is not a dream.
"""


def test_chapters_sections_and_titles_come_from_the_text() -> None:
    work = _build(GUTENBERG)
    assert [(c.level, c.label, c.title) for c in work.walk()] == [
        (1, None, "Preface"),
        (1, "Chapter I", "Our Riches"),
        (2, None, "I"),
        (2, None, "II"),
        (1, "Chapter II", "Mutual Aid Among Animals (Continued)"),
    ]


def test_table_of_contents_leftovers_and_the_half_title_are_dropped_and_listed() -> None:
    work = _build(GUTENBERG)
    assert [(d.text, d.source.line, d.reason) for d in work.dropped] == [
        ("XVII. AGRICULTURE                           191", 1, "table of contents"),
        ("NOTES                                 213", 3, "table of contents"),
        ("THE CONQUEST OF BREAD", 10, "half-title (the book's title repeated)"),
    ]


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    preface = _build(GUTENBERG).chapters[0]
    assert preface.blocks[1].text == "One of the current objections to Communism is that the idea is so old."
    section = _build(GUTENBERG).chapters[1].children[0]
    assert section.blocks[1].text.startswith("The human race has travelled a long way--and Nature, vast, unknown,")


def test_notes_scene_breaks_and_tables_are_blocks_of_their_own() -> None:
    section_two = _build(GUTENBERG).chapters[1].children[1]
    assert _kinds(list(section_two.blocks)) == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.SCENE_BREAK,
        BlockKind.PARAGRAPH,
        BlockKind.NOTES_HEADING,
        BlockKind.NOTE,
        BlockKind.TABLE,
    ]
    note = section_two.blocks[5]
    assert (note.label, note.text) == ("1", "[1] A note that runs over two lines.")
    assert section_two.blocks[6].text.splitlines()[1].startswith("Area in acres")


def test_markup_headings_nest_by_their_marks() -> None:
    work = _build(
        "## Introduction\n\nText.\n\n** Chapter 2: Púshkin — Lérmontoff\n\nText.\n\n"
        "## His Lyrics\n\nText.\n\n## Drama\n\nText.\n"
    )
    assert [(c.level, c.label, c.title) for c in work.walk()] == [
        (1, None, "Introduction"),
        (1, "Chapter 2", "Púshkin — Lérmontoff"),
        (2, None, "His Lyrics"),
        (2, None, "Drama"),
    ]


def test_numerals_alone_are_sections_of_a_chapter_named_after_the_work() -> None:
    work = _build("An opening paragraph.\n\n## I\n\nFirst part.\n\n## II\n\nSecond part.\n")
    assert [(c.level, c.title) for c in work.walk()] == [(1, "The Conquest of Bread"), (2, "I"), (2, "II")]


def test_one_line_paragraphs_stay_as_they_are() -> None:
    work = _build("A first line.\nA second line of the same paragraph.\n\nA one-line paragraph.\n")
    assert [b.text for b in work.all_blocks()] == [
        "A first line. A second line of the same paragraph.",
        "A one-line paragraph.",
    ]


def test_the_letter_to_lenin_has_its_letter_parts() -> None:
    (work,) = load_works(sample_path()).works
    (chapter,) = work.chapters
    kinds = _kinds(list(chapter.blocks))
    assert chapter.title == "Letter to Lenin"
    assert kinds == [BlockKind.PLACE, BlockKind.DATELINE, BlockKind.SALUTATION] + [BlockKind.PARAGRAPH] * 12 + [
        BlockKind.SIGNATURE
    ]
    assert [b.text for b in chapter.blocks[:3]] == [
        "Dmitrov (Moscow province)",
        "21 December, 1920",
        "Respected Vladimir Illich,",
    ]
    assert chapter.blocks[-1].text == "P. Kropotkin"


def test_the_raw_letter_yields_the_same_blocks() -> None:
    raw = SAMPLES / "letter_to_lenin.raw.txt"
    if not raw.is_file():
        pytest.skip("the shared samples are not beside the project (../shared/samples)")
    overrides = MetaOverrides(title="Letter to Lenin", author="Peter Kropotkin")
    (from_raw,) = load_works(raw, overrides=overrides).works
    (cleaned,) = load_works(sample_path()).works
    assert [(b.kind, b.text) for b in from_raw.all_blocks()] == [(b.kind, b.text) for b in cleaned.all_blocks()]


def test_a_letter_closes_with_valediction_signature_and_date() -> None:
    meta = WorkMeta(title="Open Letter", author="Peter Kropotkin", source_id="x", slug="x")
    work = _build(
        "Dear comrades and friends!\n\nThe body of the letter.\n\nWith fraternal greetings,\n\n"
        "Peter Kropotkin\n\n4 June (N.S.) 1917.\n",
        meta,
    )
    assert _kinds(list(work.all_blocks())) == [
        BlockKind.SALUTATION,
        BlockKind.PARAGRAPH,
        BlockKind.VALEDICTION,
        BlockKind.SIGNATURE,
        BlockKind.DATELINE,
    ]


def test_units_split_mid_paragraph_are_joined_but_whole_paragraphs_are_not() -> None:
    units = [
        Unit("a.txt", "A sentence that the corpus builder cut in", 11),
        Unit("b.txt", "two halves.\n\nA full paragraph.", 11),
        Unit("c.txt", "Another paragraph.", 11),
    ]
    work = build_work(META, units)
    assert [b.text for b in work.all_blocks()] == [
        "A sentence that the corpus builder cut in two halves.",
        "A full paragraph.",
        "Another paragraph.",
    ]
    assert [str(b.source) for b in work.all_blocks()] == ["a.txt:11", "b.txt:13", "c.txt:11"]


def test_a_unit_that_opens_with_a_numbered_item_does_not_run_on_from_the_last() -> None:
    units = [
        Unit("a.txt", "The prisons he passed through were these.\n\nIn 1905", 11),
        Unit("b.txt", "57. In the prison of Schlüsselburg, for two years.\n\n58. In the fortress.", 11),
    ]
    texts = [b.text for b in build_work(META, units).all_blocks()]
    assert "In 1905 57. In the prison of Schlüsselburg, for two years." not in texts
    assert texts[-2:] == ["57. In the prison of Schlüsselburg, for two years.", "58. In the fortress."]


def test_indented_text_is_verse_a_quotation_or_a_drawn_table() -> None:
    work = _build(
        "    Thou art not dead,\n    Nor yet asleep.\n\n"
        "  Extension of market-gardening and fruit growing: in France;\n  in the United States--Conclusion.\n\n"
        "  +--------+-------+\n  | Years. | Area. |\n  +--------+-------+\n"
    )
    blocks = list(work.all_blocks())
    assert _kinds(blocks) == [BlockKind.VERSE, BlockKind.BLOCK_QUOTE, BlockKind.TABLE]
    assert blocks[0].text == "Thou art not dead,\nNor yet asleep."
    assert blocks[1].text.endswith("in France; in the United States--Conclusion.")
