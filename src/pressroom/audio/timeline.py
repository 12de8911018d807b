"""When everything is heard: sample offsets of every segment and marker, from clip lengths. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pressroom.audio.plan import Marker, Pause, Segment, Track, Utterance


@dataclass(frozen=True)
class TrackTimeline:
    track: Track
    rate: int
    starts: tuple[int, ...]
    """The first sample of each segment, in the file."""
    lengths: tuple[int, ...]
    total: int

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


def track_timeline(track: Track, keys: Sequence[str | None], lengths: Mapping[str, int], rate: int) -> TrackTimeline:
    """`keys` holds each segment's clip key (None for a pause); `lengths` each clip's length in samples."""
    starts: list[int] = []
    sizes: list[int] = []
    position = 0
    for segment, key in zip(track.segments, keys, strict=True):
        size = lengths[key] if isinstance(segment, Utterance) and key is not None else 0
        if isinstance(segment, Pause):
            size = pause_samples(segment, rate)
        starts.append(position)
        sizes.append(size)
        position += size
    return TrackTimeline(track, rate, tuple(starts), tuple(sizes), position)


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
