"""`publish audio` for one work: synthesize what the cache lacks, then stream every file out of the cache.

Memory holds one clip at a time: files are assembled by writing clip after clip (and silences) into ffmpeg,
never by adding segments together.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pressroom import __version__
from pressroom.audio.cache import ClipCache, clip_key
from pressroom.audio.ffmpeg import Encoder, m4b_arguments, m4b_inputs, mp3_arguments, name_lame_encoder
from pressroom.audio.plan import AudioPlan, Pause, Utterance, plan_narration
from pressroom.audio.synthesis import synthesize_clip
from pressroom.audio.tags import BookTags, tag_m4b, tag_mp3
from pressroom.audio.timeline import TrackTimeline, book_chapters, ffmetadata, pause_samples, track_timeline
from pressroom.epub.cover import CoverText, cover_png
from pressroom.errors import PressroomError
from pressroom.model import Work
from pressroom.text.names import slugify
from pressroom.tts.engine import Engine, Voice
from pressroom.tts.registry import open_engine


@dataclass(frozen=True)
class AudioSettings:
    mp3_kbps: int = 192
    m4b_kbps: int = 64


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
    timelines: tuple[TrackTimeline, ...]
    synthesized: int
    """How many clips were made in this run (the rest came from the cache)."""
    cached: int


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
    settings: AudioSettings = AudioSettings(),
    progress: ProgressCallback | None = None,
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
) -> MadeAudio:
    """`block_ids` (per chapter, the ids of its spoken elements on the EPUB page) ties each utterance to the
    block it reads, for a narrated EPUB."""
    plan = plan_narration(work, lexicon, block_ids=block_ids)
    engine = narrator.engine
    keys = _segment_keys(plan, narrator.voice, engine)
    synthesized, cached = _synthesize_missing(plan, keys, narrator, progress)
    lengths = {key: narrator.cache.length(key) or 0 for track_keys in keys for key in track_keys if key}
    timelines = tuple(
        track_timeline(track, track_keys, lengths, engine.sample_rate)
        for track, track_keys in zip(plan.tracks, keys, strict=True)
    )
    folder = audio_folder(outdir, work)
    made = _assemble(plan, keys, timelines, narrator, folder, settings)
    return MadeAudio(folder, *made, timelines=timelines, synthesized=synthesized, cached=cached)


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
    narrator: Narrator,
    folder: Path,
    settings: AudioSettings,
) -> tuple[tuple[Path, ...], Path, Path]:
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
        settings=f"voice={narrator.voice.name}; mp3={settings.mp3_kbps}k CBR 44.1 kHz mono; "
        f"m4b=AAC {settings.m4b_kbps}k",
    )
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{t.track.number:02d} - {_file_title(t.track.title)}.mp3" for t in timelines]
    finals = [folder / name for name in names] + [folder / f"{slugify(meta.slug)}.m4b"]
    temporaries = [folder / f".{path.name}.part" for path in finals]
    playlist = folder / f"{slugify(meta.slug)}.m3u"
    playlist_temp = folder / f".{playlist.name}.part"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            chapters_file = Path(scratch) / "chapters.ffmeta"
            chapters_file.write_text(ffmetadata(book_chapters(timelines)), encoding="utf-8")
            m4b = Encoder(rate, temporaries[-1], m4b_arguments(settings.m4b_kbps), m4b_inputs(chapters_file))
            with m4b:
                for index, timeline in enumerate(timelines):
                    with Encoder(rate, temporaries[index], mp3_arguments(settings.mp3_kbps)) as mp3:
                        _stream_track(timeline, keys[index], narrator.cache, (mp3, m4b))
                        mp3.finish()
                    name_lame_encoder(temporaries[index])
                    tag_mp3(temporaries[index], tags, f"{timeline.track.number:02d} - {timeline.track.title}",
                            timeline.track.number, len(timelines), timeline.marker_spans())  # fmt: skip
                m4b.finish()
        tag_m4b(temporaries[-1], tags)
        playlist_temp.write_text(_m3u(timelines, names, meta.author), encoding="utf-8")
        _remove_stale_tracks(folder, set(names))
        for temporary, final in zip([*temporaries, playlist_temp], [*finals, playlist], strict=True):
            temporary.replace(final)
    except BaseException:
        for temporary in [*temporaries, playlist_temp]:
            temporary.unlink(missing_ok=True)
        raise
    return tuple(finals[:-1]), finals[-1], playlist


def _stream_track(
    timeline: TrackTimeline, keys: list[str | None], cache: ClipCache, encoders: tuple[Encoder, ...]
) -> None:
    for segment, key in zip(timeline.track.segments, keys, strict=True):
        if isinstance(segment, Pause):
            for encoder in encoders:
                encoder.write_silence(pause_samples(segment, timeline.rate))
            continue
        assert key is not None
        clip = cache.get(key)
        if clip is None:
            raise PressroomError(
                f"a clip went missing from the cache while the files were being made: {cache.path(key)}",
                hint="run the same command again; it makes only what is missing",
            )
        for encoder in encoders:
            encoder.write(clip.samples)


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
