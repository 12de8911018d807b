"""The words of a text a pronunciation lexicon may need: names (capitalised inside a sentence) and words
with letters from other languages (`Révolté`), counted. Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"[^\W\d_][\w’'-]*[^\W\d_]|[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|(?<!\b[A-Z])[.!?:;]\s+|[“\"(\[]\s*)$")  # not after an initial: P. Kropotkin
_FOREIGN = re.compile(r"[^\x00-\x7f’—–“”‘]")


def candidate_words(texts: Iterable[str]) -> Counter[str]:
    """Names and foreign words, with how often each occurs (possessives folded: `Bakunin’s` is Bakunin)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(word for word, is_name in _words(text) if is_name or _FOREIGN.search(word))
    return counts


def bare_word(word: str) -> str:
    """A word as two spellings of it are compared: its letters and digits, lower case (`Kropotkin’s,` is
    `kropotkins`)."""
    return "".join(char for char in word.lower() if char.isalnum())


def name_words(text: str) -> list[str]:
    """The words of `text` that are names: capitalised (not all in capitals), and not a sentence's first word."""
    return [word for word, is_name in _words(text) if is_name]


def _words(text: str) -> Iterator[tuple[str, bool]]:
    """Each word of two letters or more, and whether it is a name."""
    for match in _WORD.finditer(text):
        word = re.sub(r"[’']s$", "", match.group(0)).strip("’'-")
        if len(word) >= 2:
            yield word, word[:1].isupper() and not word.isupper() and not _SENTENCE_START.search(text[: match.start()])
