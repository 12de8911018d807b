"""`narration.json`: what was said in each file and when, written beside the audio for `publish check`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pressroom.audio.master import Preset, db
from pressroom.audio.plan import AudioPlan, Utterance
from pressroom.audio.timeline import TrackTimeline, book_chapters
from pressroom.model import count_words

if TYPE_CHECKING:
    from pressroom.audio.narrate import Narrator

FORMAT = 1


def narration_manifest(
    plan: AudioPlan,
    timelines: tuple[TrackTimeline, ...],
    gains: tuple[float, ...],
    names: list[str],
    m4b_name: str,
    narrator: Narrator,
    preset: Preset,
) -> str:
    meta = plan.work.meta
    document: dict[str, Any] = {
        "format": FORMAT,
        "work": meta.title,
        "author": meta.author,
        "slug": meta.slug,
        "voice": narrator.voice.name,
        "engine": narrator.info.version,
        "preset": preset.name,
        "files": [_file(timeline, gain, name) for timeline, gain, name in zip(timelines, gains, names, strict=True)],
        "m4b": {"name": m4b_name, "chapters": [list(chapter) for chapter in book_chapters(timelines)]},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _file(timeline: TrackTimeline, gain: float, name: str) -> dict[str, Any]:
    track = timeline.track
    utterances = []
    for index, segment in enumerate(track.segments):
        if isinstance(segment, Utterance):
            utterances.append(
                {
                    "start_ms": timeline.ms(timeline.starts[index]),
                    "length_ms": timeline.ms(timeline.lengths[index]),
                    "words": count_words(segment.text),
                    "block_id": segment.block_id,
                    "text": segment.text,
                }
            )
    return {
        "name": name,
        "title": track.title,
        "number": track.number,
        "chapter": track.chapter,
        "part": track.part,
        "duration_ms": timeline.duration_ms,
        "gain_db": round(db(gain), 2),
        "markers": [list(span) for span in timeline.marker_spans()],
        "utterances": utterances,
    }
