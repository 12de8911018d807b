"""Subtitles for each narrated file, WebVTT and SRT, a cue per sentence, timed from `narration.json`. Pure.

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


def cues(record: FileRecord) -> tuple[Cue, ...]:
    return tuple(
        cue
        for spoken in record.utterances
        for text, start, end in _timed_sentences(spoken)
        for cue in _cut(" ".join(text.split()), start, end)
    )


def _timed_sentences(spoken: SpokenRecord) -> Iterator[tuple[str, int, int]]:
    if spoken.sentences:
        yield from ((s.text, s.start_ms, s.end_ms) for s in spoken.sentences if s.end_ms > s.start_ms)
        return
    sentences = [without_phonemes(s) for s in split_sentences(spoken.text) if s.strip()] or [spoken.text]
    yield from _shared(sentences, spoken.start_ms, spoken.start_ms + spoken.length_ms)


def _shared(pieces: Sequence[str], start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """The pieces one after another from `start` to `end`, each for a time in proportion to its length."""
    total = sum(len(piece) for piece in pieces) or 1
    position = 0
    for index, piece in enumerate(pieces):
        begin = start + round((end - start) * position / total)
        position += len(piece)
        finish = end if index == len(pieces) - 1 else start + round((end - start) * position / total)
        yield piece, begin, finish


def _cut(text: str, start: int, end: int) -> Iterator[Cue]:
    """A sentence as one cue, or as several when it is too long to read in one."""
    count = max(math.ceil((end - start) / MAX_CUE_MS), math.ceil(len(text) / MAX_CUE_CHARS), 1)
    if count == 1:
        yield Cue(start, end, _lines(text))
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
    for piece, begin, finish in _shared(joined, start, end):
        yield Cue(begin, finish, _lines(piece))


def _words_up_to(text: str, limit: int) -> list[str]:
    return textwrap.wrap(text, limit, break_long_words=False) or [text]


def _lines(text: str) -> str:
    """A cue's text in at most two lines, broken between words."""
    if len(text) <= LINE_CHARS:
        return text
    lines = textwrap.wrap(text, max(LINE_CHARS, math.ceil(len(text) / 2) + 1), break_long_words=False)
    return "\n".join(lines) if len(lines) <= 2 else text


def webvtt(record: FileRecord) -> str:
    return _webvtt(cues(record))


def book_webvtt(records: Sequence[FileRecord], starts_ms: Sequence[int]) -> str:
    """The whole book's subtitles, as its M4B plays it: each file's cues from where the file starts in it."""
    shifted = [
        Cue(cue.start_ms + start, cue.end_ms + start, cue.text)
        for record, start in zip(records, starts_ms, strict=True)
        for cue in cues(record)
    ]
    return _webvtt(shifted)


def _webvtt(all_cues: Sequence[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for number, cue in enumerate(all_cues, start=1):
        lines += [str(number), f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}", _escaped(cue.text), ""]
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
