"""Subtitles for each narrated file, WebVTT and SRT, a cue per sentence, timed from `narration.json`. Pure.

The narration times each utterance (a paragraph, a heading); a paragraph's sentences share its time in
proportion to their length, which is how long speech of even pace takes to say them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.audio.manifest import FileRecord
from pressroom.text.speech import split_sentences


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def cues(record: FileRecord) -> tuple[Cue, ...]:
    out: list[Cue] = []
    for spoken in record.utterances:
        sentences = [s for s in split_sentences(spoken.text) if s.strip()] or [spoken.text]
        total = sum(len(s) for s in sentences) or 1
        start = spoken.start_ms
        for index, sentence in enumerate(sentences):
            end = (
                spoken.start_ms + spoken.length_ms
                if index == len(sentences) - 1
                else start + round(spoken.length_ms * len(sentence) / total)
            )
            out.append(Cue(start, end, " ".join(sentence.split())))
            start = end
    return tuple(out)


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
