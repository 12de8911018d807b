"""Names whose stress the book marks with an accent (`Tolstóy`, `Nekrásoff`) are said with the stress there: the
default voice's own guess for the word, its stress moved. Checked with hibari's real phonemizer."""

from __future__ import annotations

from functools import cache

import pytest

from pressroom.tts.stress import stressed, stressed_names


@cache
def _phonemize(text: str) -> str:
    return " ".join(_hibari().phonemize(text))


@cache
def _hibari():  # type: ignore[no-untyped-def]
    from hibari import Hibari

    return Hibari(voice="heart", threads=1)


@pytest.mark.parametrize(
    ("word", "phonemes"),
    [
        ("Tolstóy", "tɑlstˈY"),  # the voice alone says tˈɑlstY: TOL-stoy
        ("Nekrásoff", "nɛkɹˈɑsˌɔf"),  # nˈɛkɹəsˌɔf: the stressed schwa becomes the a it is spelled
        ("Kropótkin", "kɹɑpˈɔtkˌɪn"),
        ("Yásnaya", "jˈæsnAə"),  # a y before a vowel is a consonant: three syllables, the first stressed
        ("Tchernyshévskiy", "ʧɜɹnɪʃˈɛvskɪi"),  # é with a Russian ending; Tch said as ch
    ],
)
def test_an_accent_moves_the_voices_stress_to_its_syllable(word: str, phonemes: str) -> None:
    assert stressed(word, _phonemize) == phonemes


@pytest.mark.parametrize("word", ["Révolte", "café", "Société", "régime", "Paris", "Zürich"])
def test_french_accents_and_words_without_a_stress_mark_are_left_to_the_voice(word: str) -> None:
    assert stressed(word, _phonemize) is None


def test_a_sentence_gets_markup_for_its_stressed_names_only() -> None:
    said = stressed_names("Count Tolstóy met [Kropotkin](/kɹəpˈɑtkɪn/) at the café.", _phonemize)
    assert said == "Count [Tolstóy](/tɑlstˈY/) met [Kropotkin](/kɹəpˈɑtkɪn/) at the café."


def test_a_word_whose_syllables_do_not_match_its_phonemes_is_left_alone() -> None:
    """`Dmítri`: the voice says three syllables (dəmˈɪtɹi) for two spelled ones; no guess is better than a wrong one."""
    assert stressed("Dmítri", _phonemize) is None
