"""Whether a name was heard right by sound, not by spelling: a recogniser that never learnt a name spells what it
hears ("Kharkoff" as "Karkov", "Kieff" as "Kiev"), and that spelling, said by an English reader, sounds like the
name. Both sides are phonemes (IPA, or misaki's notation that the default voice reads); the distance is an edit
distance over coarse sound classes, since a recogniser's spelling says nothing finer than which vowel region was
heard. Pure: phonemes in, a number out.
"""

from __future__ import annotations

from functools import lru_cache

from pressroom.text.phonemes import misaki_to_ipa

ALIKE = 0.34
"""The largest distance at which two phoneme strings sound like one name (measured on names heard right and
wrong: "Karkov" for Kharkoff 0.17, "Kiev" for Kieff 0.0, "Ravenclaw" for Ravachol 0.5, "goat" for Goethe 0.5)."""

_CLASSES = {
    **dict.fromkeys("ɑɒaʌəɐɜɚæ", "a"),
    **dict.fromkeys("iɪeɛyᵻɨ", "i"),
    **dict.fromkeys("uʊoɔøœɵ", "u"),
    **dict.fromkeys("ɹrʁɾɽʀ", "r"),
    **dict.fromkeys("ɡg", "g"),
    **dict.fromkeys("xχh", "h"),
    **dict.fromkeys("ðθ", "θ"),
    **dict.fromkeys("vf", "f"),
    **dict.fromkeys("zs", "s"),
    **dict.fromkeys("ʒʃ", "ʃ"),
    "ç": "h",
    "ɫ": "l",
    "ʎ": "l",
    "ɲ": "n",
    "ŋ": "n",
}
"""Vowels in three regions (a recogniser's spelling of an unstressed vowel is a guess), rhotics as one, fricatives
without their voicing (a spelling often loses it: "Kieff", "Kiev"), and the consonants other languages have as
the English ones a listener hears."""
_SILENT = frozenset("ˈˌːˑ̃ʲʰ'-. ")
"""Stress, length, nasality and palatal marks, and spacing: not in a spelling, so not compared."""


@lru_cache(maxsize=65536)
def coarse(phonemes: str) -> str:
    """Phonemes reduced to what a spelling can carry: diphthongs written out, marks dropped, classes merged."""
    spelt = misaki_to_ipa(phonemes)
    classes = [_CLASSES.get(symbol, symbol) for symbol in spelt if symbol not in _SILENT]
    # A glide beside a front vowel is that vowel's own ending ("Kieff" is said kʲijɪf, spelt "Kiev").
    classes = [c for i, c in enumerate(classes) if not (c == "j" and "i" in classes[max(i - 1, 0) : i + 2])]
    # A vowel region written twice (eɪ is two front vowels) is one vowel heard.
    return "".join(c for i, c in enumerate(classes) if not (i and c in "aiu" and classes[i - 1] == c))


def sound_distance(meant: str, heard: str) -> float:
    """0.0 for the same sounds, 1.0 for nothing alike: the edit distance of the coarse forms over the longer."""
    a, b = coarse(meant), coarse(heard)
    if not a or not b:
        return 0.0 if a == b else 1.0
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] / max(len(a), len(b))


def sounds_alike(meant: str, heard: str) -> bool:
    return sound_distance(meant, heard) <= ALIKE
