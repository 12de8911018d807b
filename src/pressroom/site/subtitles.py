"""Subtitles for each narrated file, WebVTT and SRT, a cue per sentence, timed from `narration.json`. Pure.

Where the voice told when it said each word (`said_words`), a WebVTT cue carries each word's start inside it
(`<00:00:01.250>`, which karaoke-style players light word by word) and a long sentence's cues start with their
first words; SRT, which has no such timestamps, stays a cue per sentence.

Each sentence's time is exact where the narration recorded it (where its clip says each sentence ends); in a plan
written before, a paragraph's sentences share its time in proportion to their length. A sentence too long for one
cue (subtitle conventions: at most about seven seconds, two lines of 42 characters) is cut between its clauses,
or between words, and its time shared the same way.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pressroom.records.narration import FileRecord, SpokenRecord
from pressroom.text.speech import split_clauses, split_sentences, without_phonemes

MAX_CUE_MS = 7000
LINE_CHARS = 42
MAX_CUE_CHARS = 2 * LINE_CHARS


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    word_starts: tuple[int | None, ...] = ()
    """When each word of `text` (split at white space) starts being said, where the voice told (`said_words`):
    WebVTT writes them as timestamps inside the cue, which karaoke-style players light word by word."""


def cues(record: FileRecord) -> tuple[Cue, ...]:
    return tuple(
        cue
        for spoken in record.utterances
        for text, start, end, starts in _timed_sentences(spoken)
        for cue in _cut(text, start, end, starts)
    )


def _timed_sentences(spoken: SpokenRecord) -> Iterator[tuple[str, int, int, list[int | None]]]:
    """Each sentence (its words joined by single spaces), its start and end, and when each of its words starts
    (None where not known)."""
    said = {index: start for index, start, _ in spoken.said_words}
    if spoken.sentences:
        base = 0
        for sentence in spoken.sentences:
            words = sentence.text.split()
            if sentence.end_ms > sentence.start_ms:
                starts = [said.get(base + k) for k in range(len(words))]
                yield " ".join(words), sentence.start_ms, sentence.end_ms, starts
            base += len(words)
        return
    sentences = [without_phonemes(s) for s in split_sentences(spoken.text) if s.strip()] or [spoken.text]
    for text, start, end in _shared(sentences, spoken.start_ms, spoken.start_ms + spoken.length_ms):
        yield " ".join(text.split()), start, end, [None] * len(text.split())


def _shared(pieces: Sequence[str], start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """The pieces one after another from `start` to `end`, each for a time in proportion to its length."""
    total = sum(len(piece) for piece in pieces) or 1
    position = 0
    for index, piece in enumerate(pieces):
        begin = start + round((end - start) * position / total)
        position += len(piece)
        finish = end if index == len(pieces) - 1 else start + round((end - start) * position / total)
        yield piece, begin, finish


def _cut(text: str, start: int, end: int, starts: Sequence[int | None]) -> Iterator[Cue]:
    """A sentence as one cue, or as several when it is too long to read in one: each starts when its first word
    is said where the voice told, else after a share of the time in proportion to its length."""
    count = max(math.ceil((end - start) / MAX_CUE_MS), math.ceil(len(text) / MAX_CUE_CHARS), 1)
    if count == 1:
        yield Cue(start, end, _lines(text), _inside(starts, start, end))
        return
    # Clauses first, words where a clause is itself too long; then joined again up to the cue's share.
    pieces = [part for clause in split_clauses(text) for part in _words_up_to(clause, MAX_CUE_CHARS)]
    share = max(len(text) / count, 1)
    joined: list[str] = []
    for piece in pieces:
        if joined and len(joined[-1]) + 1 + len(piece) <= min(share * 1.25, MAX_CUE_CHARS):
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    shared = list(_shared(joined, start, end))
    first = 0
    bounds: list[tuple[int, int]] = []
    for piece, begin, _ in shared:
        said = starts[first] if first < len(starts) else None
        bounds.append((first, said if said is not None and start <= said < end else begin))
        first += len(piece.split())
    for index, ((piece, _, _), (first, begin)) in enumerate(zip(shared, bounds, strict=True)):
        finish = bounds[index + 1][1] if index + 1 < len(bounds) else end
        words = starts[first : first + len(piece.split())]
        yield Cue(begin, max(finish, begin), _lines(piece), _inside(words, begin, finish))


def _inside(starts: Sequence[int | None], start: int, end: int) -> tuple[int | None, ...]:
    """The word starts a cue can carry: inside it, after its start and in order (WebVTT's rule); none if none."""
    kept: list[int | None] = []
    last = start
    for said in starts:
        fits = said is not None and last < said < end
        kept.append(said if fits else None)
        last = said if fits and said is not None else last
    return tuple(kept) if any(said is not None for said in kept) else ()


def _words_up_to(text: str, limit: int) -> list[str]:
    return textwrap.wrap(text, limit, break_long_words=False, break_on_hyphens=False) or [text]


def _lines(text: str) -> str:
    """A cue's text in at most two lines, broken between words."""
    if len(text) <= LINE_CHARS:
        return text
    width = max(LINE_CHARS, math.ceil(len(text) / 2) + 1)
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    if len(lines) > 2:  # a long compound (`fifty-six. nineteen oh-eight`): broken at a hyphen after all
        lines = textwrap.wrap(text, width, break_long_words=False)
    return "\n".join(lines) if len(lines) <= 2 else text


def webvtt(record: FileRecord) -> str:
    return _webvtt(cues(record))


def book_webvtt(records: Sequence[FileRecord], starts_ms: Sequence[int]) -> str:
    """The whole book's subtitles, as its M4B plays it: each file's cues from where the file starts in it."""
    shifted = [
        Cue(cue.start_ms + start, cue.end_ms + start, cue.text,
            tuple(None if said is None else said + start for said in cue.word_starts))
        for record, start in zip(records, starts_ms, strict=True)
        for cue in cues(record)
    ]  # fmt: skip
    return _webvtt(shifted)


def _webvtt(all_cues: Sequence[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(all_cues, start=1):
        lines += [str(number), f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}", _karaoke(cue), ""]
    return "\n".join(lines)


def _karaoke(cue: Cue) -> str:
    """The cue's text, each word the voice timed (after the cue's start) preceded by its start (`<00:00:01.250>`);
    a word broken at a hyphen between the lines carries it on its first part."""
    if not cue.word_starts:
        return _escaped(cue.text)
    words = iter(zip(cue.text.replace("-\n", "-").split(), cue.word_starts, strict=False))
    left = ""
    lines = []
    for line in cue.text.split("\n"):
        marked = []
        for token in line.split(" "):
            said = None
            if not left:
                left, said = next(words, (token, None))
            left = left[len(token) :] if left.startswith(token) else ""
            marked.append(_escaped(token) if said is None else f"<{_clock(said, '.')}>{_escaped(token)}")
        lines.append(" ".join(marked))
    return "\n".join(lines)


def srt(record: FileRecord) -> str:
    lines: list[str] = []
    for number, cue in enumerate(cues(record), start=1):
        lines += [str(number), f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}", cue.text, ""]
    return "\n".join(lines)


def _clock(ms: int, separator: str) -> str:
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}{separator}{millis:03d}"


def _escaped(text: str) -> str:
    """A cue's text may not hold `-->`, and `&` and `<` start markup in WebVTT."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("-->", "->")
