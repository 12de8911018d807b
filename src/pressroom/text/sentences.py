"""A paragraph's printed sentences matched to the sentences its narration says, for reading along. Pure.

The voice is given the speech text sentence by sentence (`split_sentences`), so where each spoken sentence
starts and ends is exact. The page prints the same sentences with other words (`£5` for "five pounds", `M.` for
"Monsieur", a note's label for "Note twelve"), cut by the same rules (`sentence_spans(printed=True)`). The two
are matched word by word on what each would say; a printed sentence whose start is not where a spoken sentence
starts (the voice heard one sentence where print has two, or the other way round) is joined to the one before,
so every unit read along is whole on both sides.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.text.speech import sentence_spans, speech_text, without_phonemes

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class ReadUnit:
    """Printed characters `start:end` of a paragraph, said by its spoken sentences `first` to `last`."""

    start: int
    end: int
    first: int
    last: int


def read_along_units(printed: str, spoken: Sequence[str]) -> tuple[ReadUnit, ...]:
    """The paragraph's printed text cut into units that each begin where a spoken sentence begins; `spoken` is
    every sentence the narration says for it, in order (across its utterances). One unit when nothing matches."""
    if not spoken or not printed.strip():
        return ()
    printed_spans = _worded(printed, sentence_spans(printed, printed=True))
    if not printed_spans:
        return (ReadUnit(0, len(printed), 0, len(spoken) - 1),)
    book_words = [_words(speech_text(printed[start:end])) for start, end in printed_spans]
    said_words = [_words(without_phonemes(sentence)) for sentence in spoken]
    said_at = _starts(said_words)
    place = _placement([w for words in book_words for w in words], [w for words in said_words for w in words])
    cuts = [0]
    firsts = [0]
    position = 0
    for index, words in enumerate(book_words[:-1]):
        position += len(words)
        # A cut is kept where the word before and the word after both match, side by side, a spoken start.
        after, before = place.get(position), place.get(position - 1)
        if after is not None and before == after - 1 and said_at.get(after, 0) > firsts[-1]:
            cuts.append(index + 1)
            firsts.append(said_at[after])
    units = []
    for number, (cut, first) in enumerate(zip(cuts, firsts, strict=True)):
        following = number + 1 < len(cuts)
        end = printed_spans[cuts[number + 1] - 1 if following else -1][1]
        last = firsts[number + 1] - 1 if following else len(spoken) - 1
        units.append(ReadUnit(printed_spans[cut][0], end, first, last))
    return tuple(units)


def _worded(printed: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, one with no word said (a note's mark alone) joined to the one before (or after)."""
    joined: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        if not _words(speech_text(printed[start:end])):
            if joined:
                joined[-1] = (joined[-1][0], end)
            elif pending is None:
                pending = start
            continue
        joined.append((pending if pending is not None else start, end))
        pending = None
    return joined


def _words(text: str) -> list[str]:
    return [word.lower().replace("’", "'") for word in _WORD.findall(text)]


def _starts(said_words: Sequence[Sequence[str]]) -> dict[int, int]:
    """The word position where each spoken sentence starts -> its index (the first of those starting there, so
    a sentence said as no word belongs to the unit before)."""
    starts: dict[int, int] = {}
    position = 0
    for index, words in enumerate(said_words):
        if words:
            starts.setdefault(position, index)
        position += len(words)
    return starts


def _placement(book: Sequence[str], said: Sequence[str]) -> dict[int, int]:
    """Each printed word that matches a spoken one -> the spoken word's position."""
    matcher = difflib.SequenceMatcher(None, book, said, autojunk=False)
    return {a + k: b + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}
