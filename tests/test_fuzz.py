"""Hostile and broken text through the whole text pipeline (hypothesis): header parsing, structure recovery,
typography, speech normalization and the XHTML built from them. No crash, and every word accounted for."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from pressroom.epub.chapters import chapter_page
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.publish import publish_work
from pressroom.errors import PressroomError
from pressroom.model import Unit, WorkMeta
from pressroom.sources.document import parse_document
from pressroom.sources.load import load_works
from pressroom.text.speech import speech_text
from pressroom.text.structure import build_work
from pressroom.text.typography import typographic, xml_safe
from tests.conftest import document, survived

# Text from every corner of Unicode: controls, surrogates, right-to-left, combining marks, emoji, and the
# characters the parsers care about (newlines, dashes, quotes, brackets, markup).
_CHARACTERS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.characters(),
        st.sampled_from(list("\n\n\n  -_*#[]()<>&\"'`.:;,!?—–…\u202e\u0301\u200b\ufeff\x00\x01\x1f\x7f")),
    ),
    max_size=40,
)
_TOKENS = st.sampled_from(
    ["CHAPTER I", "\n\nPREFACE\n\n", "NOTES:", "[12]", "\n----\n", "* * *", "## ", "PART FIRST", "£5 10s.", "\n\n"]
)
HOSTILE = st.lists(st.one_of(_CHARACTERS, _TOKENS), max_size=30).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
META = WorkMeta(title="Fuzz", author="Peter Kropotkin", source_id="fuzz", slug="fuzz")


def _alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


@FUZZ
@given(HOSTILE)
def test_the_header_parser_reads_or_refuses_with_a_clear_error(text: str) -> None:
    try:
        document = parse_document(text, "fuzz.txt")
    except PressroomError as error:
        assert "fuzz.txt" in str(error)
    else:
        # The body is the text from the line after the header on, and each field is a line of the header.
        lines = text.split("\n")
        assert document.body == "\n".join(lines[document.body_first_line - 1 :])
        header_lines = [line.strip() for line in lines[: document.body_first_line - 1]]
        for key, value in document.header:
            assert any(line.startswith(f"{key}:") and line.endswith(value) for line in header_lines)
    survived("fuzz cases of hostile text (parser, structure, typography, speech, XHTML)")


@FUZZ
@given(st.lists(HOSTILE, min_size=1, max_size=3))
def test_structure_recovery_keeps_every_word_in_order(bodies: list[str]) -> None:
    units = [Unit(f"unit{n}.txt", xml_safe(body), 1) for n, body in enumerate(bodies)]
    work = build_work(META, units)
    dropped = {(d.source.path, d.source.line) for d in work.dropped}
    source = "".join(
        _alnum(line)
        for unit in units
        for number, line in enumerate(unit.body.split("\n"), start=1)
        if (unit.path, number) not in dropped
    )
    assert "".join(_alnum(block.text) for block in work.all_blocks()) == source
    survived("fuzz cases of hostile text (parser, structure, typography, speech, XHTML)")


@FUZZ
@given(HOSTILE)
def test_typography_keeps_every_letter_and_digit(text: str) -> None:
    assert _alnum(typographic(text)) == _alnum(xml_safe(text).replace("\t", " "))
    survived("fuzz cases of hostile text (parser, structure, typography, speech, XHTML)")


@FUZZ
@given(HOSTILE)
def test_speech_text_never_crashes_and_carries_no_control_characters(text: str) -> None:
    spoken = speech_text(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", spoken)
    assert not re.search("[\ud800-\udfff]", spoken)
    survived("fuzz cases of hostile text (parser, structure, typography, speech, XHTML)")


@FUZZ
@given(st.lists(HOSTILE, min_size=1, max_size=2))
def test_every_chapter_page_is_well_formed_xhtml(bodies: list[str]) -> None:
    work = build_work(META, [Unit(f"u{n}.txt", xml_safe(body), 1) for n, body in enumerate(bodies)])
    for chapter in work.chapters:
        page = chapter_page(chapter, "en")
        etree.fromstring(page.xhtml, etree.XMLParser(recover=False))
    survived("fuzz cases of hostile text (parser, structure, typography, speech, XHTML)")


# EPUBCheck takes seconds a book: fewer examples, each a whole book read from a file (its bytes written with
# surrogates left in, so the reader meets invalid UTF-8) with hostile text in its header and its pages.
@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, HOSTILE, st.lists(HOSTILE, min_size=1, max_size=4))
@example("x", "\x0c0", ["Body."])  # a form feed in SOURCE_ID once crashed the colophon (lxml refuses it)
@example("A\x07B\x1bC", "id\x01", ["Body \x0c text."])
def test_a_book_of_hostile_text_is_clean_under_epubcheck(title: str, source_id: str, bodies: list[str]) -> None:
    header = {"title": title.replace("\n", " "), "source_id": source_id.replace("\n", " ")}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "hostile.txt"
        source.write_bytes(document("\n\n".join(bodies), **header).encode("utf-8", "surrogatepass"))
        try:
            loaded = load_works(source)
        except PressroomError as error:
            assert "hostile.txt" in str(error)
        else:
            for work in loaded.works:
                report = run_epubcheck(publish_work(work, Path(folder) / "out").path, usage=True)
                assert [str(message) for message in report.messages] == []
    survived("fuzzed books clean under EPUBCheck (or refused with a clear error)")


@pytest.mark.slow
def test_a_long_line_and_a_long_paragraph_go_through(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(20_000))
    long_line = "x" * 100_000
    work = build_work(META, [Unit("big.txt", f"{words}\n\n{long_line}\n", 1)])
    assert work.words == 20_001
    assert len(speech_text(words).split()) >= 20_000
    etree.fromstring(chapter_page(work.chapters[0], "en").xhtml)
    report = run_epubcheck(publish_work(work, tmp_path).path, usage=True)
    assert [str(message) for message in report.messages] == []
    survived("fuzzed books clean under EPUBCheck (or refused with a clear error)")
