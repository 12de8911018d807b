"""Names whose stress the text marks with an acute accent (`Tolstóy`, `Nekrásoff`, `Bakúnin`: how Kropotkin's
English books print Russian names), said with the stress there. The voice's own guess for the word without its
accent is kept, its stress moved to the syllable the accent marks; a reduced vowel there becomes the letter's
full one. Pure: the phonemizer is given.

Only accents that mark stress: á, í, ó, ú, ý (French has none of them), and é in a capitalised word with a
Russian ending (`Turguéneff`, `Tchernyshévskiy`); French `é` (`Révolte`, `café`) is left alone. A word whose
syllables cannot be matched one to one with its phonemes is left to the voice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

STRESS_ACCENTS = "áíóúý"
_FULL_VOWEL = {"á": "ɑ", "é": "ɛ", "í": "i", "ó": "ɔ", "ú": "u", "ý": "i"}
_RUSSIAN_ENDING = re.compile(r"(?:[oe]ff|ieff|[ie]y|sky|skiy|ko|in|ina|[eo]v|ova|ovna|itch|ich|ei|oi|ya)$")
_WORD = re.compile(r"(?<![\[\w])([^\W\d_]+(?:-[^\W\d_]+)*)(?![\w\]])")
_SPELLED_VOWELS = "aeiouyáéíóúýàèìòùäëïöüâêîôû"
_NUCLEUS = re.compile("[AIWOY]|[aeiouɑæəɛɪʊʌɔɜɐᵻᵊɚ]+")
"""A syllable's vowel in misaki's notation: a diphthong (one capital letter) or a run of vowels."""
_REDUCED = "əᵻᵊ"
Phonemize = Callable[[str], str]


def stressed_names(text: str, phonemize: Phonemize) -> str:
    """`text` with each name whose stress an accent marks given as phoneme markup (`[Tolstóy](/tɑlstˈY/)`)."""

    def mark(match: re.Match[str]) -> str:
        word = match.group(1)
        phonemes = stressed(word, phonemize)
        return f"[{word}](/{phonemes}/)" if phonemes else word

    return _WORD.sub(mark, text)


def stressed(word: str, phonemize: Phonemize) -> str | None:
    """The word's phonemes with the stress its accent marks, or None when it marks none (or cannot be placed)."""
    accented = _stress_accent(word)
    if accented is None:
        return None
    plain = _without_accents(word)
    spoken = phonemize(_respelled(plain)).strip()
    if not spoken or " " in spoken:
        return None
    groups = _spelled_groups(word.lower())
    nuclei = [match.span() for match in _NUCLEUS.finditer(spoken)]
    target = next((n for n, (start, end) in enumerate(groups) if start <= accented < end), None)
    if target is None or len(groups) != len(nuclei):
        return None
    start, end = nuclei[target]
    nucleus = spoken[start:end]
    if nucleus in _REDUCED:
        nucleus = _FULL_VOWEL[word.lower()[accented]]
    unmarked = spoken[:start].replace("ˈ", "").replace("ˌ", ""), spoken[end:].replace("ˈ", "")
    return f"{unmarked[0]}ˈ{nucleus}{unmarked[1]}"


def _stress_accent(word: str) -> int | None:
    """Where the one accent that marks stress is, if the word has exactly one."""
    lower = word.lower()
    marks = [i for i, letter in enumerate(lower) if letter in STRESS_ACCENTS]
    acutes_e = [i for i, letter in enumerate(lower) if letter == "é"]
    if len(marks) == 1 and not acutes_e:
        return marks[0]
    plain = _without_accents(lower)
    if not marks and len(acutes_e) == 1 and word[:1].isupper() and _RUSSIAN_ENDING.search(plain):
        return acutes_e[0]
    return None


def _spelled_groups(word: str) -> list[tuple[int, int]]:
    """Runs of vowel letters; a y before a vowel is a consonant (`Yásnaya`: á, a, a)."""
    groups: list[tuple[int, int]] = []
    start: int | None = None
    for i, letter in enumerate(word):
        consonant_y = letter == "y" and i + 1 < len(word) and word[i + 1] in _SPELLED_VOWELS
        vowel = letter in _SPELLED_VOWELS and not consonant_y
        if vowel and start is None:
            start = i
        elif not vowel and start is not None:
            groups.append((start, i))
            start = None
    if start is not None:
        groups.append((start, len(word)))
    return groups


def _respelled(word: str) -> str:
    """Spellings an English guesser misreads: `Tch` is the sound of `ch`."""
    return re.sub(r"^Tch", "Ch", re.sub(r"^tch", "ch", word))


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
