"""The proof desk's pure parts, without a voice or a recogniser: what a flagged paragraph marks, which names it
lists and how, and the page it makes of them (escaped, counted). Its HTTP layer is `test_desk_guard`; a curator's
whole round in Chromium is `test_proof` (slow)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html

from pressroom.model import Block, BlockKind, Chapter, SourceRef
from pressroom.proof.desk import Candidate, Flagged, candidates
from pressroom.proof.page import desk_page
from pressroom.records.proof import Kept
from pressroom.sources.load import load_works, sample_path
from pressroom.tts.registry import engine_dictionary


@pytest.mark.parametrize(
    ("meant", "heard", "marked"),
    [
        ("He spoke of entraide.", "He spoke of in trade.", [("same", "He spoke of"), ("meant", "entraide."),
                                                             ("heard", "in trade.")]),
        ("Nothing else was said.", "nothing else was said", [("same", "Nothing else was said.")]),
        ("Kropotkin walked on alone.", "walked on alone.", [("meant", "Kropotkin"), ("same", "walked on alone.")]),
        ("A short one.", "", [("meant", "A short one.")]),
        ("Said twice.", "Said twice. Said twice.", [("same", "Said twice."), ("heard", "Said twice.")]),
    ],
)  # fmt: skip
def test_a_flagged_paragraph_marks_what_was_meant_and_what_was_heard(
    meant: str, heard: str, marked: list[tuple[str, str]]
) -> None:
    assert Flagged("w", "01 - W.mp3", 0, 1000, meant, heard, 0.5).marked() == marked


def _work(*paragraphs: str) -> tuple[object, ...]:
    (letter,) = load_works(sample_path()).works
    blocks = tuple(Block(BlockKind.PARAGRAPH, text, SourceRef("t.txt", n)) for n, text in enumerate(paragraphs))
    return (replace(letter, chapters=(Chapter("One", 1, blocks),)),)


def test_the_names_listed_are_those_the_voice_does_not_know_most_used_first() -> None:
    dictionary = engine_dictionary("hibari")
    assert dictionary is not None
    (work,) = _work(
        "We read Malatesta, and Malatesta wrote back.", "Then Bakunin and Malatesta left the house in Geneva."
    )
    listed = candidates([work], {"Geneva": "Jeneeva"}, dictionary, top=10)  # type: ignore[list-item]
    words = [c.word for c in listed]
    assert words[0] == "Malatesta" and listed[0].count == 3, "most used first"
    assert "Bakunin" in words
    assert "house" not in words and "left" not in words, "words the voice knows are not listed"
    geneva = next(c for c in listed if c.word == "Geneva")
    assert geneva.entry == "Jeneeva", "a word the lexicon gives is listed with its entry"
    assert all(c.guessed for c in listed), "each says how the voice reads it now"
    assert candidates([work], {}, dictionary, top=1) == listed[:1]  # type: ignore[list-item]


def test_the_page_escapes_what_it_shows_and_counts_each_list() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    flagged = [Flagged("w", "01 - W.mp3", 61_500, 64_000, f"Meant {hostile}.", "heard", 0.75)]
    names = [Candidate(hostile, 3, ("w",), None, "kɹˈɑp"), Candidate("Reclus", 2, ("w", "v"), "Ruh-clue", "ɹˈɛkləs")]
    kept = [Kept("entraide", phonemes="ɑntɹˈɛd"), Kept("Élisée", respelling="Ay-lee-zay")]
    page = desk_page(flagged, ["w"], ["w", "v"], names, kept, Path("out/lexicon.toml"), "abc", ["ɑ", "ˈ"],
                     lambda guessed: guessed, token="T0KEN")  # fmt: skip
    assert hostile not in page, "the hostile word is text, not markup"
    tree = html.fromstring(page)
    assert not tree.xpath("//img"), "nothing the works say becomes an element"
    assert tree.xpath("string(//h2[@id='heard-heading'])") == "Heard wrong (1)"
    assert tree.xpath("string(//h2[@id='names-heading'])") == "Names and foreign words (2)"
    assert tree.xpath("string(//span[@id='kept-count'])") == "2"
    assert tree.xpath("string(//p[@class='where'])") == "w, 01 - W.mp3 at 1:01; 75% of its words heard wrong"
    play = tree.xpath("//button[@class='play']")[0]
    assert (play.get("data-start"), play.get("data-end")) == ("61.500", "64.000")
    assert "Not heard yet: v." in tree.text_content()
    assert tree.xpath("//meta[@name='pressroom-token']/@content") == ["T0KEN"]
    assert [li.text_content().split(" Remove")[0] for li in tree.xpath("//ul[@id='kept']/li")] == [
        "entraide: /ɑntɹˈɛd/", "Élisée: “Ay-lee-zay”",
    ]  # fmt: skip
    said = tree.text_content()
    assert "the book says it as the lexicon gives it, “Ruh-clue”" in said, "which reading the book uses is said"
    assert "(3 times, in w): the voice says /kɹˈɑp/, in its phonemes kɹˈɑp" in said
    assert tree.xpath("//button[@id='apply']/@data-seen") == ["abc"]


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        ("[Guillaume](/gijˈOm/)", "/gijˈOm/"),
        ("[Guillaume](/gijˈOm/) ", "/gijˈOm/"),
        ("Ghee-yohm", "“Ghee-yohm”"),
    ],
)
def test_a_lexicon_entry_is_shown_as_a_curator_reads_it_never_in_the_voices_notation(entry: str, shown: str) -> None:
    names = [Candidate("Guillaume", 4, ("w",), entry, "gwɪlˈOm")]
    page = desk_page([], ["w"], ["w"], names, [], Path("lexicon.toml"), "s", ["ɑ"], lambda phonemes: phonemes)
    said = html.fromstring(page).xpath("string(//li[@data-word='Guillaume']/p[1])")
    assert f"the lexicon gives it, {shown}" in said and "](/" not in said, said


def test_words_the_voice_knows_joined_by_hyphens_are_no_name() -> None:
    from pressroom.tts.engine import knows_word
    from pressroom.tts.hibari_engine import dictionary

    known = dictionary()
    for word in ("Church-and-State", "church-and-state", "self-government", "Self-Government", "well-known", "States"):
        assert knows_word(known, word), word
    for word in ("Kropotkin-Reclus", "Saint-Kropotkin", "Kropotkin", "Tchaikovsky"):
        assert not knows_word(known, word), word
