"""`publish audio` for one work: synthesize what the cache lacks, then stream every file out of the cache.

Memory holds one clip at a time: files are assembled by writing clip after clip (and silences) into ffmpeg,
never by adding segments together.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pressroom import __version__
from pressroom.audio.cache import Clip, ClipCache, clip_key
from pressroom.audio.ffmpeg import (
    Encoder,
    LoudnessMeter,
    m4b_arguments,
    m4b_inputs,
    mp3_arguments,
    name_lame_encoder,
)
from pressroom.audio.manifest import narration_manifest
from pressroom.audio.master import (
    DEFAULT_PRESET,
    FULL_SCALE,
    PRESETS,
    Preset,
    apply_gain_and_limit,
    db,
    gain_for,
    level_gain,
    room_tone,
)
from pressroom.audio.plan import AudioPlan, Pause, Segment, Utterance, plan_narration, split_long_tracks
from pressroom.audio.synthesis import synthesize_clip
from pressroom.audio.tags import BookTags, tag_m4b, tag_mp3
from pressroom.audio.timeline import TrackTimeline, book_chapters, ffmetadata, pause_samples, track_timeline
from pressroom.epub.cover import CoverText, cover_png
from pressroom.errors import PressroomError
from pressroom.model import Work
from pressroom.text.names import slugify
from pressroom.tts.engine import Engine, Samples, Voice
from pressroom.tts.registry import open_engine

M4B_KBPS = 96
MANIFEST_NAME = "narration.json"


@dataclass(frozen=True)
class Progress:
    """What a progress bar shows: utterances done of all, and seconds of audio made."""

    done: int
    total: int
    audio_seconds: float
    synthesized: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class MadeAudio:
    folder: Path
    mp3s: tuple[Path, ...]
    m4b: Path
    playlist: Path
    manifest: Path
    timelines: tuple[TrackTimeline, ...]
    synthesized: int
    """How many clips were made in this run (the rest came from the cache)."""
    cached: int
    gains: tuple[float, ...] = ()


class Narrator:
    """A voice, loaded on first need, with its cache."""

    def __init__(self, voice: Voice, cache: ClipCache, engine: Engine | None = None) -> None:
        self.voice = voice
        self.cache = cache
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.voice)
        return self._engine


def audio_folder(outdir: Path, work: Work) -> Path:
    return outdir / slugify(work.meta.slug)


def publish_audio(
    work: Work,
    outdir: Path,
    narrator: Narrator,
    lexicon: Mapping[str, str] | None = None,
    preset: Preset = PRESETS[DEFAULT_PRESET],
    progress: ProgressCallback | None = None,
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
) -> MadeAudio:
    """`block_ids` (per chapter, the ids of its spoken elements on the EPUB page) ties each utterance to the
    block it reads, for a narrated EPUB."""
    plan = plan_narration(work, lexicon, block_ids=block_ids)
    engine = narrator.engine
    rate = engine.sample_rate
    keys = _segment_keys(plan, narrator.voice, engine)
    synthesized, cached = _synthesize_missing(plan, keys, narrator, progress)

    def duration_ms(segment: Segment) -> int:
        if isinstance(segment, Pause):
            return segment.ms
        key = _key(segment.text, plan, narrator.voice, engine)
        return round((narrator.cache.length(key) or 0) * 1000 / rate)

    split = split_long_tracks(plan, duration_ms, round(preset.max_file_minutes * 60_000), lexicon)
    if split.tracks != plan.tracks:
        plan = split
        keys = _segment_keys(plan, narrator.voice, engine)
        more, _ = _synthesize_missing(plan, keys, narrator, None)
        synthesized += more
    lengths = {key: narrator.cache.length(key) or 0 for track_keys in keys for key in track_keys if key}
    timelines = tuple(
        track_timeline(track, track_keys, lengths, rate) for track, track_keys in zip(plan.tracks, keys, strict=True)
    )
    room = room_tone(rate, preset, seed=0)
    gains = tuple(
        _track_gain(timeline, track_keys, narrator.cache, preset, room)
        for timeline, track_keys in zip(timelines, keys, strict=True)
    )
    folder = audio_folder(outdir, work)
    made = _assemble(plan, keys, timelines, gains, narrator, folder, preset, room)
    return MadeAudio(folder, *made, timelines=timelines, synthesized=synthesized, cached=cached, gains=gains)


def _key(text: str, plan: AudioPlan, voice: Voice, engine: Engine) -> str:
    return clip_key(text, voice.settings_key(), engine.version, plan.pauses.sentence)


def _track_gain(
    timeline: TrackTimeline, keys: list[str | None], cache: ClipCache, preset: Preset, room: Samples
) -> float:
    """The gain that brings the file to the preset's level, measured as the file will be heard: with its room
    tone, and after the limiter (so a second measurement corrects for what the limiter takes off)."""
    room_energy = float(np.mean(room.astype(np.float64) ** 2))
    pause_samples_total = sum(
        length for segment, length in zip(timeline.track.segments, timeline.lengths, strict=True)
        if isinstance(segment, Pause)
    )  # fmt: skip
    if preset.measure == "lufs":
        return gain_for(_measure_lufs(timeline, keys, cache, room), preset.target)
    speech_energy = sum(float(np.sum(_clip(cache, key).samples.astype(np.float64) ** 2)) for key in keys if key)
    gain = level_gain(speech_energy + room_energy * pause_samples_total, timeline.total, preset)
    # The limiter takes a little off the loudest passages: measure once more through it and correct.
    energy = room_energy * pause_samples_total
    for key in keys:
        if key is not None:
            limited = apply_gain_and_limit(_clip(cache, key).samples, gain, preset.ceiling_db, timeline.rate)
            energy += float(np.sum(limited.astype(np.float64) ** 2))
    measured = db(math.sqrt(energy / max(timeline.total, 1)) / FULL_SCALE)
    return gain * gain_for(measured, preset.target)


def _measure_lufs(timeline: TrackTimeline, keys: list[str | None], cache: ClipCache, room: Samples) -> float:
    with LoudnessMeter(timeline.rate) as meter:
        _feed(timeline, keys, cache, (meter,), 1.0, None, room)
    return meter.integrated_lufs


def _segment_keys(plan: AudioPlan, voice: Voice, engine: Engine) -> list[list[str | None]]:
    settings = voice.settings_key()
    return [
        [
            clip_key(segment.text, settings, engine.version, plan.pauses.sentence)
            if isinstance(segment, Utterance)
            else None
            for segment in track.segments
        ]
        for track in plan.tracks
    ]


def _synthesize_missing(
    plan: AudioPlan, keys: list[list[str | None]], narrator: Narrator, progress: ProgressCallback | None
) -> tuple[int, int]:
    todo: dict[str, str] = {}
    for track, track_keys in zip(plan.tracks, keys, strict=True):
        for segment, key in zip(track.segments, track_keys, strict=True):
            if isinstance(segment, Utterance) and key is not None:
                todo.setdefault(key, segment.text)
    synthesized = 0
    seconds = 0.0
    for done, (key, text) in enumerate(todo.items(), start=1):
        length = narrator.cache.length(key) if narrator.cache.get(key) is not None else None
        if length is None:
            clip = synthesize_clip(narrator.engine, text, plan.pauses.sentence)
            narrator.cache.put(key, clip)
            length = clip.length
            synthesized += 1
        seconds += length / narrator.engine.sample_rate
        if progress is not None:
            progress(Progress(done, len(todo), seconds, synthesized))
    return synthesized, len(todo) - synthesized


def _assemble(
    plan: AudioPlan,
    keys: list[list[str | None]],
    timelines: tuple[TrackTimeline, ...],
    gains: tuple[float, ...],
    narrator: Narrator,
    folder: Path,
    preset: Preset,
    room: Samples,
) -> tuple[tuple[Path, ...], Path, Path, Path]:
    meta = plan.work.meta
    rate = narrator.engine.sample_rate
    tags = BookTags(
        work=meta.title,
        author=meta.author,
        year=meta.year,
        source_url=meta.source_url,
        licence=meta.license_note or "Public domain",
        narration=f"Synthetic narration (not a human reader) by the voice {narrator.voice.name}, "
        f"{narrator.engine.version}; made with Pressroom {__version__}.",
        cover_png=cover_png(CoverText(meta.title, meta.author, str(meta.year) if meta.year else "")),
        settings=f"voice={narrator.voice.name}; {preset.describe()}; M4B AAC {M4B_KBPS} kbps",
    )
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{t.track.number:02d} - {_file_title(t.track.title)}.mp3" for t in timelines]
    finals = [folder / name for name in names] + [folder / f"{slugify(meta.slug)}.m4b"]
    temporaries = [folder / f".{path.name}.part" for path in finals]
    playlist = folder / f"{slugify(meta.slug)}.m3u"
    playlist_temp = folder / f".{playlist.name}.part"
    manifest = folder / MANIFEST_NAME
    manifest_temp = folder / f".{manifest.name}.part"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            chapters_file = Path(scratch) / "chapters.ffmeta"
            chapters_file.write_text(ffmetadata(book_chapters(timelines)), encoding="utf-8")
            m4b = Encoder(rate, temporaries[-1], m4b_arguments(M4B_KBPS), m4b_inputs(chapters_file))
            with m4b:
                for index, timeline in enumerate(timelines):
                    with Encoder(rate, temporaries[index], mp3_arguments(preset.bitrate_kbps)) as mp3:
                        _feed(timeline, keys[index], narrator.cache, (mp3, m4b), gains[index], preset, room)
                        mp3.finish()
                    name_lame_encoder(temporaries[index])
                    tag_mp3(temporaries[index], tags, f"{timeline.track.number:02d} - {timeline.track.title}",
                            timeline.track.number, len(timelines), timeline.marker_spans())  # fmt: skip
                m4b.finish()
        tag_m4b(temporaries[-1], tags)
        playlist_temp.write_text(_m3u(timelines, names, meta.author), encoding="utf-8")
        manifest_temp.write_text(
            narration_manifest(plan, timelines, gains, names, finals[-1].name, narrator, preset), encoding="utf-8"
        )
        _remove_stale_tracks(folder, set(names))
        for temporary, final in zip([*temporaries, playlist_temp, manifest_temp],
                                    [*finals, playlist, manifest], strict=True):  # fmt: skip
            temporary.replace(final)
    except BaseException:
        for temporary in [*temporaries, playlist_temp, manifest_temp]:
            temporary.unlink(missing_ok=True)
        raise
    return tuple(finals[:-1]), finals[-1], playlist, manifest


def _feed(
    timeline: TrackTimeline,
    keys: list[str | None],
    cache: ClipCache,
    sinks: tuple[Encoder | LoudnessMeter, ...],
    gain: float,
    preset: Preset | None,
    room: Samples,
) -> None:
    """Write one file's audio, clip by clip, into the encoders: pauses as room tone, clips mastered."""
    position = 0
    for segment, key in zip(timeline.track.segments, keys, strict=True):
        if isinstance(segment, Pause):
            samples = _room_slice(room, position, pause_samples(segment, timeline.rate))
        else:
            assert key is not None
            samples = _clip(cache, key).samples
            if preset is not None:
                # Room tone runs under the voice too, so the pauses between sentences are never digital silence.
                mastered = apply_gain_and_limit(samples, gain, preset.ceiling_db, timeline.rate)
                under = _room_slice(room, position, len(mastered))
                samples = np.clip(mastered.astype(np.int32) + under, -32768, 32767).astype(np.int16)
        for sink in sinks:
            sink.write(samples)
        position = (position + len(samples)) % len(room)


def _room_slice(room: Samples, start: int, count: int) -> Samples:
    """`count` samples of the room-tone loop from `start`, wrapping round."""
    if count <= 0:
        return room[:0]
    indices = (start + np.arange(count)) % len(room)
    return room[indices]


def _clip(cache: ClipCache, key: str) -> Clip:
    clip = cache.get(key)
    if clip is None:
        raise PressroomError(
            f"a clip went missing from the cache while the files were being made: {cache.path(key)}",
            hint="run the same command again; it makes only what is missing",
        )
    return clip


def _file_title(title: str) -> str:
    """A chapter title as a file name any system accepts."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title.replace(": ", " - "))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return cleaned[:80].rstrip(" .") or "Chapter"


def _m3u(timelines: tuple[TrackTimeline, ...], names: list[str], author: str) -> str:
    lines = ["#EXTM3U"]
    for timeline, name in zip(timelines, names, strict=True):
        lines.append(f"#EXTINF:{round(timeline.duration_ms / 1000)},{author} - {timeline.track.title}")
        lines.append(name)
    return "\n".join(lines) + "\n"


def _remove_stale_tracks(folder: Path, keep: set[str]) -> None:
    """Chapter files from an earlier run whose chapters have since been renamed or removed."""
    for path in folder.glob("[0-9][0-9] - *.mp3"):
        if path.name not in keep:
            path.unlink()
