"""Names said by their own language's rules: what language a name is in, told by its shape (the rules are data,
`data/name_languages.toml`), and its phonemes by espeak-ng's spelling-to-sound rules for that language (shipped
with piper), in two forms the default voice can read: as espeak writes them, and brought to English sounds (a
French r, a German ö, a Russian soft sign as an English speaker says them). Which form, if either, is kept is
the listener's call (`publish lexicon check`): the rules guess, the ear decides."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from piper.phonemize_espeak import EspeakPhonemizer

_ENGLISH_SOUNDS = {
    "ʁ": "ɹ", "r": "ɹ", "y": "u", "ø": "ɜ", "œ": "ɜ", "ʲ": "", "ɐ": "ə", "ɨ": "ɪ", "x": "h", "ç": "h",
    "e": "A", "o": "O", "a": "ɑ", "\u0303": "n", "ɲ": "nj", "ʎ": "lj", "ɕ": "ʃ", "ʂ": "ʃ", "ʐ": "ʒ", "ɣ": "ɡ", "ɭ": "l",
}  # fmt: skip
"""Sounds of other languages as the default voice (misaki's notation) has them nearest."""
_STRESS = "\u0301"


@dataclass(frozen=True)
class Rule:
    language: str
    letters: tuple[str, ...]
    endings: tuple[str, ...]

    def matches(self, word: str) -> bool:
        lower = word.lower()
        bare = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
        return (
            any(letter in lower for letter in self.letters)
            or lower.endswith(self.endings)
            or bare.endswith(self.endings)
        )


@dataclass(frozen=True)
class NameRules:
    rules: tuple[Rule, ...]
    cyrillic: tuple[tuple[str, str], ...]
    """Latin spellings to Cyrillic, longest first."""

    def language_of(self, word: str) -> str | None:
        return next((rule.language for rule in self.rules if rule.matches(word)), None)

    def as_cyrillic(self, word: str) -> str:
        """A Russian name as English books spell it, back in Cyrillic (Kharkoff: харкoв); an accent stays on its
        vowel as Russian's stress mark."""
        decomposed = unicodedata.normalize("NFD", word.lower())
        out, index = [], 0
        while index < len(decomposed):
            if decomposed[index] == _STRESS:
                out.append(_STRESS)
                index += 1
                continue
            for latin, letter in self.cyrillic:
                if decomposed.startswith(latin, index):
                    out.append(letter)
                    index += len(latin)
                    break
            else:
                out.append(decomposed[index])
                index += 1
        return unicodedata.normalize("NFC", "".join(out))


@cache
def name_rules() -> NameRules:
    data = tomllib.loads(resources.files("pressroom.data").joinpath("name_languages.toml").read_text("utf-8"))
    rules = tuple(Rule(r["language"], tuple(r["letters"]), tuple(r["endings"])) for r in data["rule"])
    cyrillic = tuple(sorted(data["cyrillic"].items(), key=lambda item: -len(item[0])))
    return NameRules(rules, cyrillic)


@dataclass(frozen=True)
class RuleReading:
    word: str
    language: str
    spelt: str
    """What espeak read: the word, or its Cyrillic for a Russian name."""
    phonemes: str
    """espeak's IPA."""

    @property
    def english(self) -> str:
        """The phonemes brought to English sounds, in misaki's notation."""
        return "".join(_ENGLISH_SOUNDS.get(symbol, symbol) for symbol in self.phonemes)


def read_by_rule(word: str, language: str | None = None) -> RuleReading | None:
    """The word read by its language's rules (the language told by its shape unless given); None when no rule
    knows its language."""
    rules = name_rules()
    language = language or rules.language_of(word)
    if language is None:
        return None
    spelt = rules.as_cyrillic(word) if language == "ru" else word
    phonemes = "".join(symbol for part in _espeak().phonemize(language, spelt) for symbol in part)
    return RuleReading(word, language, spelt, phonemes.strip())


@cache
def _espeak() -> EspeakPhonemizer:
    from piper.phonemize_espeak import EspeakPhonemizer

    return EspeakPhonemizer()
