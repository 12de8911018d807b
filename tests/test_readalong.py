"""Reading along sentence by sentence: the page's paragraphs cut into spans at the sentences the narration said,
with nothing of the page changed but the spans. Pure parts; the book and the player are in test_book/test_site."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pressroom.epub.chapters import chapter_page
from pressroom.epub.sentence_spans import SaidSentence, sentence_page
from pressroom.sources.load import load_works
from pressroom.text.speech import speech_text, split_sentences

GOLDEN = Path(__file__).parent / "golden" / "sentences" / "input.txt"
X = "{http://www.w3.org/1999/xhtml}"


def _page() -> tuple[bytes, dict[str, str]]:
    (work,) = load_works(GOLDEN).works
    page = chapter_page(work.chapters[0], "en")
    root = etree.fromstring(page.xhtml)
    printed = {p.get("id", ""): "".join(p.itertext()) for p in root.iter(f"{X}p")}
    return page.xhtml, printed


def _said(printed: dict[str, str]) -> dict[str, list[SaidSentence]]:
    """Each paragraph's spoken sentences, a second apart (as a clip would time them)."""
    said = {}
    for block_id, text in printed.items():
        sentences = split_sentences(speech_text(text))
        said[block_id] = [SaidSentence(s, "audio/chapter-001.mp3", 1000 * n, 1000 * n + 900) for n, s in
                          enumerate(sentences)]  # fmt: skip
    return said


def test_each_sentence_of_a_paragraph_is_a_span_and_nothing_else_changes() -> None:
    xhtml, printed = _page()
    cut = sentence_page(xhtml, _said(printed))
    root = etree.fromstring(cut.xhtml)
    for p in root.iter(f"{X}p"):
        block_id = p.get("id", "")
        assert "".join(p.itertext()) == printed[block_id], "the text of the page is the same, character by character"
        spans = [child for child in p if child.get("id", "").startswith(f"{block_id}-s")]
        assert [s.get("id") for s in spans] == [t.fragment for t in cut.spans.get(block_id, ())]
    italics = root.find(f".//{X}span[@id='p-5-s1']/{X}i[2]")
    assert italics is not None and italics.text == "without rule."
    second = root.find(f".//{X}span[@id='p-5-s2']")
    assert second is not None and "".join(second.itertext()) == "It is older than the movement."
    ids = [node.get("id") for node in root.iter() if node.get("id")]
    assert len(ids) == len(set(ids))


def test_a_unit_is_timed_from_its_first_sentence_to_its_last() -> None:
    xhtml, printed = _page()
    cut = sentence_page(xhtml, _said(printed))
    assert [(s.start_ms, s.end_ms) for s in cut.spans["p-2"]] == [(0, 900), (1000, 1900)]
    # Three printed sentences said as four spoken ones would be lit as three; here each is one.
    assert len(cut.spans["p-4"]) == 4 and cut.spans["p-4"][-1].end_ms == 3900


def test_a_paragraph_said_as_one_sentence_or_not_said_is_left_whole() -> None:
    xhtml, printed = _page()
    said = {"p-2": [SaidSentence(" ".join(printed["p-2"].split()), "a.mp3", 0, 5000)]}
    assert sentence_page(xhtml, said).xhtml == xhtml
    assert sentence_page(xhtml, {}).xhtml == xhtml
