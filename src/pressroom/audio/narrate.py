"""`publish audio` for one work: synthesize what the cache lacks, then stream every file out of the cache.

Memory holds one clip at a time: files are assembled by writing clip after clip (and silences) into ffmpeg,
never by adding segments together.
"""

from __future__ import annotations

import math
import queue
import re
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from pressroom import __version__
from pressroom.audio.cache import Clip, ClipCache, clip_key
from pressroom.audio.ffmpeg import (
    Encoder,
    LoudnessMeter,
    add_chapters,
    m4b_audio_arguments,
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
    sum_of_squares,
)
from pressroom.audio.plan import (
    AudioPlan,
    Pause,
    Segment,
    Track,
    Utterance,
    likely_part_headings,
    plan_narration,
    split_long_tracks,
)
from pressroom.audio.synthesis import synthesize_clip
from pressroom.audio.tags import BookTags, tag_m4b, tag_mp3
from pressroom.audio.timeline import TrackTimeline, book_chapters, ffmetadata, pause_samples, track_timeline
from pressroom.epub.cover import CoverText, cover_png
from pressroom.errors import PressroomError
from pressroom.info import counted
from pressroom.model import Work
from pressroom.outputs import remove_leftovers
from pressroom.run.executors import ENGINE_LOCK, Done, Executor, InProcess, Job
from pressroom.text.names import slugify
from pressroom.tts.engine import Engine, EngineInfo, Samples, Voice
from pressroom.tts.registry import engine_info, open_engine

M4B_KBPS = 96
_WRITE_SAMPLES = 48_000
"""Audio goes to the encoders a stretch at a time, so a paragraph many minutes long needs no more memory."""
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


class Narrator:
    """A voice with its cache. The voice's model is loaded only when this process speaks; with worker
    processes, the main one only needs to know the engine's version and sample rate."""

    def __init__(self, voice: Voice, cache: ClipCache, engine: Engine | None = None) -> None:
        self.voice = voice
        self.cache = cache
        self._engine = engine
        self._info: EngineInfo | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.voice)
        return self._engine

    @property
    def loaded(self) -> bool:
        """Whether this process has loaded the voice (it need not, when workers do all the speaking)."""
        return self._engine is not None

    @property
    def info(self) -> EngineInfo:
        if self._info is None:
            loaded = self._engine
            self._info = engine_info(self.voice) if loaded is None else EngineInfo(loaded.version, loaded.sample_rate)
        return self._info


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
    executor: Executor | None = None,
) -> MadeAudio:
    """Narrate the work into its folder. Clips the cache lacks are synthesized by the executor (this process by
    default); each file is assembled as soon as its clips are ready, in order, while later ones are still being
    made. `block_ids` (per chapter, the ids of its spoken elements on the EPUB page) ties each utterance to the
    block it reads, for a narrated EPUB."""
    plan = plan_narration(work, lexicon, block_ids=block_ids)
    rate = narrator.info.sample_rate
    max_ms = round(preset.max_file_minutes * 60_000)
    headings = {track.number: likely_part_headings(track, max_ms, plan.pauses, lexicon) for track in plan.tracks}
    supply = _ClipSupply(plan, narrator, executor or InProcess(narrator.engine), progress, headings)
    room = room_tone(rate, preset, seed=0)
    writer = _Writer(work, audio_folder(outdir, work), narrator, preset, room)
    timelines: list[TrackTimeline] = []
    gains: list[float] = []
    try:
        for track in plan.tracks:
            supply.wait_for(track)
            for part in supply.split(track, max_ms, lexicon):
                part = replace(part, number=len(timelines) + 1)
                keys = supply.keys(part)
                timeline = track_timeline(part, keys, supply.lengths, rate)
                gain = _track_gain(timeline, keys, narrator.cache, preset, room)
                writer.add(timeline, keys, gain)
                timelines.append(timeline)
                gains.append(gain)
        files = writer.finish(replace(plan, tracks=tuple(t.track for t in timelines)), tuple(timelines), tuple(gains))
    except BaseException:
        writer.abort()
        raise
    return MadeAudio(writer.folder, *files, timelines=tuple(timelines), synthesized=supply.synthesized,
                     cached=supply.cached)  # fmt: skip


class _ClipSupply:
    """The clips a plan needs: those in the cache, and those the executor is making. A background thread takes
    the executor's results into the cache as they come, so synthesis never waits for the files being written."""

    def __init__(
        self,
        plan: AudioPlan,
        narrator: Narrator,
        executor: Executor,
        progress: ProgressCallback | None,
        part_headings: Mapping[int, list[Utterance]],
    ):
        self.plan = plan
        self.narrator = narrator
        self.progress = progress
        self.lengths: dict[str, int] = {}
        self.synthesized = 0
        self._seconds = 0.0
        self._lock = threading.Lock()
        self._part_headings = part_headings
        jobs: dict[str, Job] = {}
        for track in plan.tracks:
            utterances = [*track.utterances, *part_headings.get(track.number, [])]
            for number, segment in enumerate(utterances, start=1):
                key = self.key(segment.text)
                if key in self.lengths or key in jobs:
                    continue
                length = narrator.cache.length(key)
                if length is None:
                    label = f"{track.title}, utterance {number}: “{segment.text[:60]}”"
                    jobs[key] = Job(key, segment.text, narrator.voice, plan.pauses.sentence, label)
                else:
                    self.lengths[key] = length
                    self._seconds += length / narrator.info.sample_rate
        self.cached = len(self.lengths)
        self.total = self.cached + len(jobs)
        self._arrivals: queue.Queue[tuple[str, Done | None] | None] = queue.Queue()
        self._report()
        self._thread = threading.Thread(target=self._take_in, args=(executor, list(jobs.values())), daemon=True)
        self._thread.start()

    def key(self, text: str) -> str:
        version = self.narrator.info.version
        return clip_key(text, self.narrator.voice.settings_key(), version, self.plan.pauses.sentence)

    def keys(self, track: Track) -> list[str | None]:
        return [self.key(s.text) if isinstance(s, Utterance) else None for s in track.segments]

    def _take_in(self, executor: Executor, jobs: list[Job]) -> None:
        try:
            for done in executor.run(jobs):
                self._arrivals.put((done.job.key, self._accept(done)))
        except BaseException as error:  # the executor itself broke: the main thread reports it
            failure = Done(
                Job("", "", self.narrator.voice, 0, "the executor"), None, f"{type(error).__name__}: {error}"
            )
            self._arrivals.put(("", failure))
        finally:
            self._arrivals.put(None)

    def wait_for(self, track: Track) -> None:
        """Wait until every clip of the track is there; if a clip could not be made, let the rest of the run
        finish into the cache, then fail naming every paragraph that could not be narrated."""
        headings = [self.key(heading.text) for heading in self._part_headings.get(track.number, [])]
        with self._lock:
            needed = {key for key in [*self.keys(track), *headings] if key is not None and key not in self.lengths}
        failures: list[Done] = []
        finished = False
        while needed and not failures and not finished:
            arrival = self._arrivals.get()
            if arrival is None:
                finished = True
                continue
            key, failed = arrival
            if failed is not None:
                failures.append(failed)
            needed.discard(key)
        if failures or needed:
            while not finished:
                arrival = self._arrivals.get()
                if arrival is None:
                    break
                if arrival[1] is not None:
                    failures.append(arrival[1])
            raise _failure_report(failures, self.synthesized)

    def split(self, track: Track, max_ms: int, lexicon: Mapping[str, str] | None) -> list[Track]:
        """The track, or its parts when it is too long. A part's spoken title was narrated with the track when
        its words foretold the cut; one that was not is made here, directly."""
        rate = self.narrator.info.sample_rate

        def duration_ms(segment: Segment) -> int:
            if isinstance(segment, Pause):
                return segment.ms
            return round(self.lengths.get(self.key(segment.text), 0) * 1000 / rate)

        parts = list(split_long_tracks(replace(self.plan, tracks=(track,)), duration_ms, max_ms, lexicon).tracks)
        for part in parts:
            for segment in part.utterances:
                key = self.key(segment.text)
                if key not in self.lengths:
                    length = self.narrator.cache.length(key)
                    if length is None:
                        with ENGINE_LOCK:
                            clip = synthesize_clip(self.narrator.engine, segment.text, self.plan.pauses.sentence)
                        self.narrator.cache.put(key, clip)
                        length = clip.length
                    with self._lock:
                        self.lengths[key] = length
        return parts

    def _accept(self, done: Done) -> Done | None:
        """Take a result into the cache; a failure comes back (with why), a success gives None."""
        info = self.narrator.info
        if done.clip is None:
            return done
        if done.engine_version != info.version:
            why = f"a worker has {done.engine_version} but this process {info.version}; install the same"
            return replace(done, clip=None, error=why)
        self.narrator.cache.put(done.job.key, done.clip)
        with self._lock:
            self.lengths[done.job.key] = done.clip.length
            self.synthesized += 1
            self._seconds += done.clip.length / info.sample_rate
        self._report()
        return None

    def _report(self) -> None:
        if self.progress is not None:
            done = self.cached + self.synthesized
            self.progress(Progress(done, self.total, self._seconds, self.synthesized))


def _failure_report(failures: list[Done], made: int) -> PressroomError:
    listed = "; ".join(f"{done.job.label} ({done.error})" for done in failures[:5])
    more = f" and {len(failures) - 5} more" if len(failures) > 5 else ""
    return PressroomError(
        f"{counted(len(failures), 'paragraph')} could not be narrated: {listed}{more}",
        hint=f"what this run narrated ({counted(made, 'clip')}) is kept in the cache; "
        "run the same command again to do the rest",
    )


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
    speech_energy = sum(sum_of_squares(_clip(cache, key).samples) for key in keys if key)
    gain = level_gain(speech_energy + room_energy * pause_samples_total, timeline.total, preset)
    # The limiter takes a little off the loudest passages: measure once more through it and correct.
    energy = room_energy * pause_samples_total
    for key in keys:
        if key is not None:
            limited = apply_gain_and_limit(_clip(cache, key).samples, gain, preset.ceiling_db, timeline.rate)
            energy += sum_of_squares(limited)
    measured = db(math.sqrt(energy / max(timeline.total, 1)) / FULL_SCALE)
    return gain * gain_for(measured, preset.target)


def _measure_lufs(timeline: TrackTimeline, keys: list[str | None], cache: ClipCache, room: Samples) -> float:
    with LoudnessMeter(timeline.rate) as meter:
        _feed(timeline, keys, cache, (meter,), 1.0, None, room)
    return meter.integrated_lufs


class _Writer:
    """The files of one work, written as the tracks come: each MP3 in turn, and the M4B's audio all along; the
    M4B gets its chapters, every file its tags, and all their final names, at the end."""

    def __init__(self, work: Work, folder: Path, narrator: Narrator, preset: Preset, room: Samples) -> None:
        self.work = work
        self.folder = folder
        self.narrator = narrator
        self.preset = preset
        self.room = room
        self.rate = narrator.info.sample_rate
        self.slug = slugify(work.meta.slug)
        self.names: list[str] = []
        self.temporaries: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)
        remove_leftovers(folder)
        self._m4b_audio = folder / f".{self.slug}.m4b.audio.part"
        self.temporaries.append(self._m4b_audio)
        self._m4b = Encoder(self.rate, self._m4b_audio, m4b_audio_arguments(M4B_KBPS, preset.m4b_gain_db))

    def add(self, timeline: TrackTimeline, keys: list[str | None], gain: float) -> None:
        name = f"{timeline.track.number:02d} - {_file_title(timeline.track.title)}.mp3"
        temporary = self.folder / f".{name}.part"
        self.names.append(name)
        self.temporaries.append(temporary)
        with Encoder(self.rate, temporary, mp3_arguments(self.preset.bitrate_kbps)) as mp3:
            _feed(timeline, keys, self.narrator.cache, (mp3, self._m4b), gain, self.preset, self.room)
            mp3.finish()
        name_lame_encoder(temporary)

    def finish(
        self, plan: AudioPlan, timelines: tuple[TrackTimeline, ...], gains: tuple[float, ...]
    ) -> tuple[tuple[Path, ...], Path, Path, Path]:
        meta = self.work.meta
        self._m4b.finish()
        tags = BookTags(
            work=meta.title,
            author=meta.author,
            year=meta.year,
            source_url=meta.source_url,
            licence=meta.license_note or "Public domain",
            narration=f"Synthetic narration (not a human reader) by the voice {self.narrator.voice.name}, "
            f"{self.narrator.info.version}; made with Pressroom {__version__}.",
            cover_png=cover_png(CoverText(meta.title, meta.author, str(meta.year) if meta.year else "")),
            settings=f"voice={self.narrator.voice.name}; {self.preset.describe()}; M4B AAC {M4B_KBPS} kbps",
        )
        m4b = self.folder / f"{self.slug}.m4b"
        m4b_temporary = self.folder / f".{m4b.name}.part"
        self.temporaries.append(m4b_temporary)
        with tempfile.TemporaryDirectory() as scratch:
            chapters = Path(scratch) / "chapters.ffmeta"
            chapters.write_text(ffmetadata(book_chapters(timelines)), encoding="utf-8")
            add_chapters(self._m4b_audio, chapters, m4b_temporary)
        tag_m4b(m4b_temporary, tags)
        for index, timeline in enumerate(timelines):
            title = f"{timeline.track.number:02d} - {timeline.track.title}"
            tag_mp3(self.temporaries[index + 1], tags, title, timeline.track.number, len(timelines),
                    timeline.marker_spans())  # fmt: skip
        playlist = self.folder / f"{self.slug}.m3u"
        manifest = self.folder / MANIFEST_NAME
        texts = {
            playlist: _m3u(timelines, self.names, meta.author),
            manifest: narration_manifest(plan, timelines, gains, self.names, m4b.name, self.narrator, self.preset),
        }
        for path, text in texts.items():
            temporary = self.folder / f".{path.name}.part"
            self.temporaries.append(temporary)
            temporary.write_text(text, encoding="utf-8")
        _remove_stale_tracks(self.folder, set(self.names))
        finals = [self.folder / name for name in self.names]
        renames = [*zip(self.temporaries[1 : len(finals) + 1], finals, strict=True), (m4b_temporary, m4b)]
        renames += [(self.folder / f".{path.name}.part", path) for path in texts]
        for temporary, final in renames:
            temporary.replace(final)
        self._m4b_audio.unlink(missing_ok=True)
        return tuple(finals), m4b, playlist, manifest

    def abort(self) -> None:
        self._m4b.abort()
        for temporary in self.temporaries:
            temporary.unlink(missing_ok=True)


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
                samples = apply_gain_and_limit(samples, gain, preset.ceiling_db, timeline.rate)
        for start in range(0, len(samples), _WRITE_SAMPLES):
            piece = samples[start : start + _WRITE_SAMPLES]
            if preset is not None and not isinstance(segment, Pause):
                # Room tone runs under the voice too, so the pauses between sentences are never digital silence.
                under = _room_slice(room, position, len(piece))
                piece = np.clip(piece.astype(np.int32) + under, -32768, 32767).astype(np.int16)
            for sink in sinks:
                sink.write(piece)
            position = (position + len(piece)) % len(room)


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
