"""What the default voice's dictionary knows: hibari's pronouncing dictionaries (misaki's US gold and silver
lists, shipped in its package), and how it says a word it does not know."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources


@cache
def known_words() -> frozenset[str]:
    words: set[str] = set()
    for name in ("lexicon_us_gold.json.gz", "lexicon_us_silver.json.gz"):
        data = resources.files("hibari").joinpath("assets", name).read_bytes()
        words.update(json.loads(gzip.decompress(data)))
    return frozenset(words)


def is_known(word: str) -> bool:
    return word in known_words() or word.lower() in known_words()


@cache
def _hibari() -> object:
    from hibari import Hibari

    return Hibari()


def guessed_phonemes(word: str) -> str:
    """The phonemes hibari makes up for a word it does not know (misaki's notation)."""
    said = _hibari().phonemize(word)  # type: ignore[attr-defined]
    return str(said[0] if isinstance(said, list) else said).strip(" .")
