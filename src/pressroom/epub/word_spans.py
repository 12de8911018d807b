"""A page's narrated paragraphs with each word said in a span of its own, and when the voice said it (issue 41,
`--readalong word`). Pure.

A paragraph's printed words are matched to the words its narration said, by their letters (`bare_word`), in
order: a word said as printed is lit where it is printed; a word said otherwise (a figure said in words, `M.`
said "Monsieur") is lit with its neighbours' silence between them, never at a wrong place. Only paragraphs of
running text are cut, as sentences are (`sentence_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from pressroom.epub.sentence_spans import TimedSpan, running_paragraph, text_of, wrap
from pressroom.epub.xhtml import serialize
from pressroom.text.said_words import printed_of_said
from pressroom.text.sentences import ReadUnit
from pressroom.text.vocabulary import bare_word

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class SaidWord:
    """A word the narration said for a block (as its text has it), the audio that holds it and when, if the voice
    told."""

    text: str
    source: str
    start_ms: int | None
    end_ms: int | None


@dataclass(frozen=True)
class WordPage:
    xhtml: bytes
    spans: Mapping[str, tuple[TimedSpan, ...]]
    """For each block cut into words, its timed words in order; a block not cut is not here."""


def word_page(xhtml: bytes, said: Mapping[str, Sequence[SaidWord]]) -> WordPage:
    """The page with each block in `said` (by element id) cut into the words the voice timed."""
    root = etree.fromstring(xhtml)
    found: dict[str, tuple[TimedSpan, ...]] = {}
    for block_id, words in said.items():
        target = running_paragraph(root, block_id)
        if target is None:
            continue
        placed = _placed(text_of(target), words)
        if not placed:
            continue
        units = [ReadUnit(start, end, n, n) for n, (start, end, _) in enumerate(placed)]
        ids = [f"{block_id}-w{n}" for n in range(1, len(placed) + 1)]
        wrap(target, units, ids)
        found[block_id] = tuple(
            TimedSpan(fragment, word.source, word.start_ms or 0, word.end_ms or 0)
            for fragment, (_, _, word) in zip(ids, placed, strict=True)
        )
    return WordPage(serialize(root) if found else xhtml, found)


def _placed(text: str, words: Sequence[SaidWord]) -> list[tuple[int, int, SaidWord]]:
    """Each printed word a timed said word reads (its letters: start, end in `text`), timed from the first said
    word that reads it to the last."""
    times: dict[tuple[int, int], SaidWord] = {}
    for said, place in sorted(word_places(text, [word.text for word in words]).items()):
        word = words[said]
        if word.start_ms is None or word.end_ms is None or word.end_ms <= word.start_ms or place[1] <= place[0]:
            continue
        before = times.get(place)
        if before is not None and before.source == word.source and before.start_ms is not None:
            word = SaidWord(before.text, word.source, before.start_ms, word.end_ms)
        elif before is not None:
            continue  # a word said across two files is lit in the first
        times[place] = word
    return [(start, end, word) for (start, end), word in sorted(times.items())]


def word_places(text: str, said: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Where in the printed `text` each said word (by its index) is lit: the letters of the printed word it reads
    (`printed_of_said`), the punctuation around them left out. What the book's word spans and the site's
    underline both light."""
    printed = [(match.start(), match.end()) for match in _TOKEN.finditer(text)]
    printed_bare = [bare_word(text[start:end]) or f"\x00{n}" for n, (start, end) in enumerate(printed)]
    said_bare = [bare_word(word) or f"\x01{n}" for n, word in enumerate(said)]
    places = {}
    for index, where in printed_of_said(said_bare, printed_bare).items():
        start, end = printed[where]
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        places[index] = (start, end)
    return places
