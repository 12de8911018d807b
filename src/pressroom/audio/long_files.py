"""Files too long for one: a track cut into parts at paragraph boundaries, each opening with its title read
aloud ("Chapter 5, part 2"), and the part headings to narrate beforehand. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace

from pressroom.audio.plan import AudioPlan, Marker, Pause, Pauses, Segment, Track, Utterance, spoken_title
from pressroom.model import WORDS_PER_MINUTE
from pressroom.text.announcements import ENGLISH, Wording
from pressroom.text.speech import speech_text


def split_long_tracks(
    plan: AudioPlan,
    duration_ms: Callable[[Segment], int],
    max_ms: int,
    lexicon: Mapping[str, str] | None = None,
) -> AudioPlan:
    """Cut every file longer than `max_ms` into parts at paragraph boundaries ("Chapter 5, part 2"); each part
    opens with room tone and its title read aloud and ends with room tone, like any file."""
    pauses = plan.pauses
    tracks: list[Track] = []
    for track in plan.tracks:
        pieces = _cut(track, duration_ms, max_ms, pauses)
        if len(pieces) == 1:
            tracks.append(replace(track, number=len(tracks) + 1))
            continue
        for part, (start, end) in enumerate(pieces, start=1):
            title = plan.wording.part_title(track.title, part)
            body = list(track.segments[start:end])
            offset = 0
            if part > 1:
                heading = part_heading(track.title, part, lexicon, plan.wording)
                kept = _drop_leading_pauses(body)
                offset = 3 - (len(body) - len(kept))
                body = [Pause(pauses.head), heading, Pause(pauses.after_heading), *kept]
            if part < len(pieces):
                body = _drop_trailing_pauses(body)
                body.append(Pause(pauses.tail))
            inner = [m for m in track.markers if start <= m.segment < end and m.segment != 0]
            markers = [Marker(title, 0), *(Marker(m.title, m.segment - start + offset) for m in inner)]
            tracks.append(replace(track, number=len(tracks) + 1, title=title, segments=tuple(body),
                                  markers=tuple(markers), part=part))  # fmt: skip
    return replace(plan, tracks=tuple(tracks))


def part_heading(title: str, part: int, lexicon: Mapping[str, str] | None, wording: Wording = ENGLISH) -> Utterance:
    """What a part after the first opens with: "Chapter 5, part 2."."""
    return Utterance(speech_text(wording.part_spoken(spoken_title(title), part), lexicon))


def likely_part_headings(
    track: Track, max_ms: int, pauses: Pauses, lexicon: Mapping[str, str] | None, wording: Wording = ENGLISH
) -> list[Utterance]:
    """The headings of the parts a track may be cut into, guessed generously (speech at half the usual pace)
    from its words and pauses, since a part's length is known only once its clips are: so that they are
    narrated with the rest, by the same workers."""
    words = sum(len(utterance.text.split()) for utterance in track.utterances)
    paused = sum(segment.ms for segment in track.segments if isinstance(segment, Pause))
    generous_ms = 2 * words * 60_000 / WORDS_PER_MINUTE + paused
    parts = math.ceil(generous_ms / _part_budget(max_ms, pauses))
    return [part_heading(track.title, part, lexicon, wording) for part in range(2, parts + 1)]


def _part_budget(max_ms: int, pauses: Pauses) -> int:
    """How long a part's own body may run: the limit less its title, room tone and a margin."""
    return max(1, max_ms - pauses.head - pauses.tail - pauses.after_heading - 10_000)


def _cut(track: Track, duration_ms: Callable[[Segment], int], max_ms: int, pauses: Pauses) -> list[tuple[int, int]]:
    """Segment ranges of at most `max_ms` each (room for a part's title and room tone kept), cut before an
    utterance; a single utterance longer than that stays whole."""
    budget = _part_budget(max_ms, pauses)
    pieces: list[tuple[int, int]] = []
    start = 0
    used = 0
    for index, segment in enumerate(track.segments):
        length = duration_ms(segment)
        if isinstance(segment, Utterance) and used + length > budget and index > start:
            pieces.append((start, index))
            start, used = index, 0
        used += length
    pieces.append((start, len(track.segments)))
    return pieces


def _drop_leading_pauses(segments: list[Segment]) -> list[Segment]:
    while segments and isinstance(segments[0], Pause):
        segments = segments[1:]
    return segments


def _drop_trailing_pauses(segments: list[Segment]) -> list[Segment]:
    while segments and isinstance(segments[-1], Pause):
        segments = segments[:-1]
    return segments
