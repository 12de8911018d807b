"""misaki's notation (the default voice's phonemes) as IPA writes it. Pure."""

from __future__ import annotations

_MISAKI_IPA = {"A": "eɪ", "I": "aɪ", "W": "aʊ", "Y": "ɔɪ", "O": "oʊ", "Q": "əʊ", "ʤ": "dʒ", "ʧ": "tʃ", "ᵊ": "ə"}
"""misaki's symbols that IPA writes otherwise: its one-letter diphthongs, its ligatures and its small schwa
(misaki's own table, EN_PHONES.md)."""


def misaki_to_ipa(phonemes: str) -> str:
    return "".join(_MISAKI_IPA.get(symbol, symbol) for symbol in phonemes)
