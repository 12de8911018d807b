"""Phrases in other languages read by their own rules (issue 39): a phrase in italics that the language detector
(lingua) places in French, German, Italian, Latin or Russian with confidence is given its phonemes by that
language's spelling-to-sound rules (espeak-ng), in the default voice's sounds; English in italics (emphasis,
titles) is left alone, the lexicon still wins, and the words said are the words printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import planned
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.model import Block, BlockKind, Chapter, SourceRef, Work, WorkMeta
from pressroom.text.speech import speech_text, without_phonemes
from pressroom.tts.languages import FOREIGN_PHRASES, phrase_language
from pressroom.tts.voices import find_voice

_GIVEN = re.compile(r"\[([^\[\]]+)\]\(/([^/)]*)/\)")


def _read(text: str, lexicon: dict[str, str] | None = None) -> str:
    return speech_text(text, lexicon, FOREIGN_PHRASES)


@pytest.mark.parametrize(
    ("phrase", "language"),
    [("Temps Nouveaux", "fr"), ("Revue des Deux Mondes", "fr"), ("Le Révolté", "fr"), ("corvée", "fr"),
     ("Allgemeine Zeitung", "de"), ("Die Gesellschaft", "de"), ("Vorwärts", "de"), ("Il Risveglio", "it"),
     ("Народная воля", "ru"), ("must", None), ("Mutual Aid", None), ("the Conquest of Bread", None),
     ("Contemporary Review", None), ("Origin of Species", None), ("Nineteenth Century", None), ("per se", None),
     ("Narodnaya Volya", None), ("mir", None)],
)  # fmt: skip
def test_a_phrase_is_placed_in_its_language_only_with_confidence(phrase: str, language: str | None) -> None:
    """English titles and emphasis stay English (every word in the voice's dictionary); a short phrase the
    detector cannot place (it says Latin for "Narodnaya Volya") is left to the voice, not read by wrong rules."""
    assert phrase_language(phrase) == language


@pytest.mark.parametrize(
    "printed",
    ["He wrote for _Le Révolté_ in Geneva.", "He wrote for _Le Révolté,_ in Geneva.", "_Le Révolté_ was his paper.",
     "It was _Le Révolté_", "He wrote for _Le\nRévolté_ in Geneva.", "He wrote for _LE RÉVOLTÉ_ in Geneva.",
     "He wrote for _Le  Révolté_ in Geneva."],
)  # fmt: skip
def test_an_italic_french_title_is_read_by_french_rules_wherever_it_stands(printed: str) -> None:
    said = _read(printed)
    given_words = [word.lower() for word, _ in _GIVEN.findall(said)]
    assert given_words == ["le", "révolté"], said
    phonemes = {word.lower(): sound for word, sound in _GIVEN.findall(said)}
    assert phonemes["révolté"].endswith("ˈA"), phonemes  # the French stress on its last syllable, é as in "say"
    assert "_" not in said and not re.search("[\ue000-\ue002]", said)


def test_english_in_italics_is_read_as_english() -> None:
    for printed in ("It _must_ be so.", "In _Mutual Aid_ he showed it.", "See _The Conquest of Bread_, ch. iv."):
        assert _read(printed) == speech_text(printed), printed


@pytest.mark.parametrize(
    ("printed", "read"),
    [("In his “Lettres à un Français” he wrote.", ["Lettres", "à", "un", "Français"]),
     ('They sang "Ça ira!" in the street.', ["Ça", "ira"]),
     ("Proudhon asked “_Qu’est-ce que la Propriété?_” in 1840.", ["Qu’est", "ce", "que", "la", "Propriété"]),
     ("Hume spoke of the “Supreme Creator,” as he put it.", []),
     ('He said "we are all socialists now" and left.', [])],
)  # fmt: skip
def test_a_quoted_phrase_in_another_language_is_read_by_its_rules(printed: str, read: list[str]) -> None:
    """Cleaned texts often quote a title where the book set it in italics (the corpus's notes do)."""
    assert [word for word, _ in _GIVEN.findall(_read(printed))] == read


def test_the_lexicon_wins_over_the_rules_and_numbers_are_still_said() -> None:
    said = _read("The _Allgemeine Zeitung_ of 12 May 1890.", {"Zeitung": "[Zeitung](/tsˈItʊŋ/)"})
    assert "[Zeitung](/tsˈItʊŋ/)" in said and said.count("[Zeitung]") == 1
    assert "[Allgemeine](/" in said and "the twelfth of May, eighteen ninety" in said


def test_russian_in_cyrillic_is_read_by_russian_rules() -> None:
    said = _read("The paper _Новое время_ said so.")
    assert [word for word, _ in _GIVEN.findall(said)] == ["Новое", "время"]


def test_the_rules_give_only_sounds_the_voice_has() -> None:
    """espeak marks a clitic's join (`la` is lˈɑ-): the voice has no sound for it and would drop it unseen."""
    said = _read("He read _La Révolte_ there.")
    assert all("-" not in sound for _, sound in _GIVEN.findall(said)), said


_PHRASES = st.sampled_from(
    ["Le Révolté", "Temps Nouveaux", "must", "Allgemeine Zeitung", "Mutual Aid", "Il Risveglio", "Народная воля"]
)
_WORDS = st.sampled_from(["He", "wrote", "in", "12", "May", "1890", "M.", "Reclus", "—", "...", "(sic)", "£5"])


@settings(max_examples=60, deadline=None)
@given(before=st.lists(_WORDS, max_size=5), phrase=_PHRASES, after=st.lists(_WORDS, max_size=5))
def test_reading_phrases_by_their_rules_changes_how_words_sound_never_which_words(
    before: list[str], phrase: str, after: list[str]
) -> None:
    printed = " ".join([*before, f"_{phrase}_", *after, f"“{phrase}”"])
    said = _read(printed)
    assert without_phonemes(said) == speech_text(printed)
    assert not re.search("[\ue000-\ue002]", said)


def _work(text: str) -> Work:
    block = Block(BlockKind.PARAGRAPH, text, SourceRef("x.txt", 1))
    return Work(WorkMeta("Papers", "A. Writer", "papers", "papers"), (Chapter("One", 1, (block,)),))


def test_the_default_voice_is_given_the_rules_and_a_voice_without_phonemes_the_text(tmp_path: Path) -> None:
    work = _work("He wrote for _Le Révolté_ in Geneva.")
    said = {}
    for name in ("heart", "joe"):
        plan, _ = planned(work, Narrator(find_voice(name, None), ClipCache(tmp_path)), NarrationSettings())
        said[name] = " ".join(u.text for track in plan.tracks for u in track.utterances)
    assert "[Révolté](/" in said["heart"]
    assert "[Révolté]" not in said["joe"] and "Révolté" in said["joe"]
