"""When everything is heard: sample offsets of every segment and marker, from clip lengths. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pressroom.audio.plan import Marker, Pause, Segment, Track, Utterance
from pressroom.text.said_words import TimedWord
from pressroom.text.speech import split_sentences
from pressroom.tts.clip import sentence_spans

Span = tuple[int, int]
"""A first sample and the sample after the last, in the file."""


@dataclass(frozen=True)
class TrackTimeline:
    track: Track
    rate: int
    starts: tuple[int, ...]
    """The first sample of each segment, in the file."""
    lengths: tuple[int, ...]
    total: int
    sentences: tuple[tuple[Span, ...], ...] = ()
    """Each segment's sentences (those of `split_sentences(text)`), where each is said in the file: exact, from
    the clip's own sentence ends. Empty for a pause, and for a clip that does not say where its sentences end
    (then the utterance is timed as one)."""
    words: tuple[tuple[TimedWord, ...], ...] = ()
    """Each segment's words said (their index among the text's words less phonemes), where each is said in the
    file, from the voice's own timing. Empty for a pause, and for a clip whose engine does not tell."""

    def ms(self, samples: int) -> int:
        return round(samples * 1000 / self.rate)

    @property
    def duration_ms(self) -> int:
        return self.ms(self.total)

    def marker_spans(self) -> list[tuple[str, int, int]]:
        """(title, start ms, end ms) for each marker, in time order, each ending where the next begins."""
        markers = self.listed_markers()
        # The first marker starts the file, so that the opening words belong to the chapter they open.
        starts = [0, *(self.starts[marker.segment] for marker in markers[1:])]
        ends = [*starts[1:], self.total]
        return [(m.title, self.ms(s), self.ms(e)) for m, s, e in zip(markers, starts, ends, strict=True)]

    def listed_markers(self) -> list[Marker]:
        """The markers a listener is shown. A heading followed at once by its first section (nothing said
        between but the heading's title) is no entry of its own lasting a few seconds: its title covers the
        first section, which is not listed apart."""
        segments = self.track.segments
        markers = self.track.markers
        listed: list[Marker] = []
        for marker in markers:
            if listed and _said_between(segments, listed[-1].segment, marker.segment) <= 1:
                continue
            listed.append(marker)
        return listed


def pause_samples(pause: Pause, rate: int) -> int:
    return rate * pause.ms // 1000


@dataclass(frozen=True)
class SentenceEnds:
    """Where each clip's sentences end (samples, by clip key), and the pause a clip puts between them."""

    ends: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    pause_ms: int = 0
    words: Mapping[str, tuple[TimedWord, ...]] = field(default_factory=dict)
    """When each clip's words are said (samples in the clip), where its engine told."""


def track_timeline(
    track: Track,
    keys: Sequence[str | None],
    lengths: Mapping[str, int],
    rate: int,
    sentences: SentenceEnds = SentenceEnds(),
) -> TrackTimeline:
    """`keys` holds each segment's clip key (None for a pause); `lengths` each clip's length in samples."""
    starts: list[int] = []
    sizes: list[int] = []
    spans: list[tuple[Span, ...]] = []
    words: list[tuple[TimedWord, ...]] = []
    position = 0
    pause = pause_samples(Pause(sentences.pause_ms), rate)
    for segment, key in zip(track.segments, keys, strict=True):
        size = lengths[key] if isinstance(segment, Utterance) and key is not None else 0
        said: tuple[Span, ...] = ()
        if isinstance(segment, Pause):
            size = pause_samples(segment, rate)
        elif key is not None and key in sentences.ends:
            said = _sentence_spans(segment.text, sentences.ends[key], pause, position)
        timed = sentences.words.get(key, ()) if isinstance(segment, Utterance) and key is not None else ()
        starts.append(position)
        sizes.append(size)
        spans.append(said)
        words.append(tuple((index, position + start, position + end) for index, start, end in timed))
        position += size
    return TrackTimeline(track, rate, tuple(starts), tuple(sizes), position, tuple(spans), tuple(words))


def _sentence_spans(text: str, ends: Sequence[int], pause: int, offset: int) -> tuple[Span, ...]:
    """Each sentence's span in the file: it starts a pause after the one before ends (a sentence said as nothing
    is an empty span, and puts no pause before the next). None when the clip's sentences are not the text's (a
    clip made before every sentence kept its end)."""
    if len(ends) != len(split_sentences(text)):
        return ()
    return tuple((offset + start, offset + end) for start, end in sentence_spans(ends, pause))


def book_chapters(timelines: Sequence[TrackTimeline]) -> list[tuple[str, int, int]]:
    """(title, start ms, end ms) of every track within the whole book, end to end."""
    out = []
    offset = 0
    for timeline in timelines:
        start = timeline.ms(offset)
        offset += timeline.total
        out.append((timeline.track.title, start, timeline.ms(offset)))
    return out


def ffmetadata(chapters: Sequence[tuple[str, int, int]]) -> str:
    """An ffmpeg metadata file with one chapter each (the M4B's chapters)."""
    lines = [";FFMETADATA1"]
    for title, start, end in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}", f"title={_escape(title)}"]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value


def _said_between(segments: Sequence[Segment], start: int, end: int) -> int:
    return sum(1 for segment in segments[start:end] if isinstance(segment, Utterance))
