"""What language a phrase is in, and what its words are meant to sound like.

Two readers, both for the default voice's notation (misaki's):
- `ForeignPhrases`, for the narration: a phrase set apart in italics (`_Revue des Deux Mondes_`) that a language
  detector (lingua, its models shipped in its wheel) places in French, German, Italian, Latin or Russian with
  confidence is read by that language's spelling-to-sound rules (espeak-ng's, `tts.foreign`), brought to English
  sounds, instead of by English rules.
- `meant_reading`, for the listener's verdicts: the phonemes a word is *meant* to have, never the voice's own
  guess for a word it had to guess. A phrase in another language: its rules; a word the voice's dictionary has:
  that reading; a name whose shape says its language: that language's rules; anything else: None, and it is
  judged by its spelling alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from pressroom.tts.foreign import name_rules, read_by_rule
from pressroom.tts.hibari_engine import dictionary

if TYPE_CHECKING:
    from lingua import LanguageDetector

LANGUAGES = ("fr", "de", "it", "la", "ru")
"""The languages a phrase can be read in besides English: the corpus's, and espeak's rules for each are good."""
CONFIDENT = 0.7
"""The detector's confidence a phrase's language needs (measured on 45 italic phrases of the corpus: French
titles 0.75-1.00, German 0.93-1.00; English titles at most 0.54 as any other language)."""
CONFIDENT_LATIN = 0.9
"""Latin is where the detector puts a short phrase it cannot place ("Narodnaya Volya" 0.81, "Origin of Species"
0.50, "Bibliographie de l'anarchie" 0.76): only a near-certain Latin is read as Latin."""
CERTAIN = 0.95
"""The confidence at which a phrase whose every word an English dictionary also has is foreign all the same."""
MIN_LETTERS = 4
Meaning = Callable[[str], "str | None"]
"""A word of an utterance -> the phonemes it is meant to have, or None: judged by its spelling alone."""


@cache
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in ("en", *LANGUAGES)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _english_words(text: str) -> bool:
    """Every word is one the voice's English dictionary has (`_must_`, `_Mutual Aid_`: emphasis and titles)."""
    known = dictionary()
    words = ["".join(ch for ch in word if ch.isalpha() or ch == "'") for word in text.split()]
    words = [word.strip("'") for word in words if word.strip("'")]
    return bool(words) and all(known.knows(word) for word in words)


@lru_cache(maxsize=8192)
def phrase_language(text: str) -> str | None:
    """The language of a phrase when it is one of `LANGUAGES` with confidence; None for English or unsure."""
    if _letters(text) < MIN_LETTERS:
        return None
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    needed = CONFIDENT_LATIN if code == "la" else CONFIDENT
    if code not in LANGUAGES or best.value < needed:
        return None
    # Words an English dictionary has too ("Die Gesellschaft", "laissez faire") are foreign only for certain.
    return code if best.value >= CERTAIN or not _english_words(text) else None


@dataclass(frozen=True)
class ForeignPhrases:
    """The narration's reader of foreign phrases (`text.speech.ForeignReading`); a value, so it travels to
    workers whole."""

    def language_of(self, phrase: str) -> str | None:
        return phrase_language(phrase)

    def phonemes(self, word: str, language: str) -> str | None:
        return _rule_phonemes(word, language)


FOREIGN_PHRASES = ForeignPhrases()


LANGUAGE_NAMES = {"fr": "French", "de": "German", "it": "Italian", "la": "Latin", "ru": "Russian"}


def name_meaning(word: str) -> str | None:
    """The phonemes a name is meant to have when its shape tells its language (its rules'), else None."""
    shape = name_rules().language_of(word)
    return _rule_phonemes(word, shape) if shape is not None else None


def name_readings(word: str) -> list[tuple[str, str]]:
    """The readings the narration can make for a word the voice guessed, best first, as phoneme markup for the
    default voice and where each came from: the rules of the language its shape says, then French, German and
    Italian rules (the corpus's names come mostly from them), each once."""
    shape = name_rules().language_of(word)
    languages = dict.fromkeys([*([shape] if shape else []), "fr", "de", "it"])
    readings: dict[str, str] = {}
    for language in languages:
        phonemes = _rule_phonemes(word, language)
        if phonemes and phonemes not in readings:
            readings[phonemes] = f"{LANGUAGE_NAMES[language]} rules"
    return [(f"[{word}](/{phonemes}/)", how) for phonemes, how in readings.items()]


@lru_cache(maxsize=65536)
def _rule_phonemes(word: str, language: str) -> str | None:
    """The word by its language's rules, in English sounds (misaki's notation); None when espeak gives nothing."""
    reading = read_by_rule(word, language)
    if reading is None:
        return None
    # espeak marks a clitic's join (`la` is lˈɑ-); the voice has no sound for it and would drop it.
    voiced = dictionary().symbols()
    phonemes = "".join(symbol for symbol in reading.english if symbol in voiced)
    return phonemes or None


def meant_reading(utterance: str) -> Meaning:
    """How each word of `utterance` is meant to sound: by the rules of the utterance's language when a detector
    places it in another, else the voice's dictionary, else a name's language told by its shape, else None."""
    language = phrase_language(utterance) if _letters(utterance) >= 3 * MIN_LETTERS else None
    known = dictionary()

    def meaning(word: str) -> str | None:
        bare = word.strip(".,;:!?\"'“”‘’()[]—–-")
        if not bare:
            return ""
        if language is not None:
            return _rule_phonemes(bare, language)
        if known.knows(bare) or _number_or_initial(bare):
            return known.guess(bare)
        shape = name_rules().language_of(bare)
        return _rule_phonemes(bare, shape) if shape is not None else None

    return meaning


def _number_or_initial(word: str) -> bool:
    """Digits (the normaliser's, said as numbers) and single letters (initials) are read as English reads them."""
    plain = unicodedata.normalize("NFD", word)
    return word.isdigit() or sum(1 for ch in plain if ch.isalpha()) <= 1
