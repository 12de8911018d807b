"""Assembling a work's files: each MP3 in turn and the M4B's audio all along, streamed clip after clip out of
the cache into ffmpeg (memory holds one clip at a time), mastered to the preset; then tags, the playlist and
`narration.json`, and every final name at once."""

from __future__ import annotations

import contextlib
import hashlib
import math
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from pressroom import __version__
from pressroom.audio.cache import ClipCache
from pressroom.audio.manifest import narration_record
from pressroom.audio.master import (
    FULL_SCALE,
    Preset,
    apply_gain_and_limit,
    db,
    gain_for,
    level_gain,
    sum_of_squares,
)
from pressroom.audio.names import chapter_file_name
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import AudioPlan, Pause
from pressroom.audio.reading import DEFAULT_READING_ALOUD, ReadingAloud
from pressroom.audio.tags import BookTags, tag_m4b, tag_mp3
from pressroom.audio.timeline import TrackTimeline, book_chapters, ffmetadata, pause_samples
from pressroom.errors import PressroomError
from pressroom.ffmpeg import Encoder, LoudnessMeter, add_chapters, m4b_audio_arguments, mp3_arguments, name_lame_encoder
from pressroom.layout import WorkFolder
from pressroom.model import NameHeard, Work
from pressroom.outputs import Staging, remove_leftovers
from pressroom.records.narration import NO_LEXICON, LexiconRecord, NarrationRecord
from pressroom.tts.clip import Clip
from pressroom.tts.engine import Samples

M4B_KBPS = 96
_LOUDNESS_PASSES = 4
_LOUDNESS_TOLERANCE_DB = 0.1
_WRITE_SAMPLES = 48_000
"""Audio goes to the encoders a stretch at a time, so a paragraph many minutes long needs no more memory."""


def track_gain(
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
        return _loudness_gain(timeline, keys, cache, preset, room)
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


def _loudness_gain(
    timeline: TrackTimeline, keys: list[str | None], cache: ClipCache, preset: Preset, room: Samples
) -> float:
    """The gain that brings the file's integrated loudness to the target, measured as the file will be heard.
    The limiter takes more off a peaky voice the louder it is set (joe lost 2 dB of loudness to it), so the
    mastered file is measured again and the gain corrected, until it is within a tenth of the window."""
    gain_db = db(gain_for(_measure_lufs(timeline, keys, cache, room, 1.0, None), preset.target))
    tried: list[tuple[float, float]] = []  # (gain in dB, loudness measured with it)
    for _ in range(_LOUDNESS_PASSES):
        measured = _measure_lufs(timeline, keys, cache, room, 10 ** (gain_db / 20), preset)
        if abs(measured - preset.target) <= _LOUDNESS_TOLERANCE_DB or not math.isfinite(measured):
            break
        tried.append((gain_db, measured))
        slope = 1.0
        if len(tried) >= 2 and tried[-1][1] != tried[-2][1]:
            # How much loudness a dB of gain buys once the limiter works: the secant of the last two tries.
            slope = max(0.1, (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0]))
        gain_db += (preset.target - measured) / slope
    return float(10 ** (gain_db / 20))


def _measure_lufs(
    timeline: TrackTimeline,
    keys: list[str | None],
    cache: ClipCache,
    room: Samples,
    gain: float,
    preset: Preset | None,
) -> float:
    with LoudnessMeter(timeline.rate) as meter:
        feed(timeline, keys, cache, (meter,), gain, preset, room)
    return meter.integrated_lufs


@dataclass(frozen=True)
class WrittenFiles:
    mp3s: tuple[Path, ...]
    m4b: Path
    playlist: Path
    manifest: Path


def book_tags(work: Work, narrator: Narrator, preset: Preset, cover: bytes | None, narrator_name: str) -> BookTags:
    """What every file of the work is tagged with."""
    meta = work.meta
    return BookTags(
        work=meta.title,
        author=meta.author,
        year=meta.year,
        source_url=meta.source_url,
        licence=meta.license_note,
        narrator=narrator_name,
        narration=f"Synthetic narration (not a human reader) by the voice {narrator.voice.name}, "
        f"{narrator.info.version}; made with Pressroom {__version__}.",
        cover_png=cover,
        settings=f"voice={narrator.voice.name}; {preset.describe()}; M4B AAC {M4B_KBPS} kbps",
    )


def made_from(record: NarrationRecord, tags: BookTags) -> str:
    """The digest of what the files are made from: the record less what the listener adds and the gains (which
    follow from the clips and the preset), the tags (the cover by its digest), and the encoders' settings."""
    # The names the listener heard are what it learnt, not what the files say (every clip keeps the voice's guess).
    bare = replace(record, made_from="", lexicon=replace(record.lexicon, names=()), files=tuple(
        replace(file, gain_db=0.0, utterances=tuple(replace(u, heard_words=()) for u in file.utterances))
        for file in record.files
    ))  # fmt: skip
    cover = hashlib.sha256(tags.cover_png).hexdigest() if tags.cover_png else ""
    material = [repr(bare), repr(replace(tags, cover_png=None)), cover, __version__, str(M4B_KBPS)]
    return hashlib.sha256("\x1f".join(material).encode("utf-8")).hexdigest()


class AudioWriter:
    """The files of one work, written as the tracks come: each MP3 in turn, tagged and put under its name as
    soon as it is complete (a listener can start while the rest is narrated), and the M4B's audio all along;
    the M4B gets its chapters and its name, and the playlist and `narration.json` are written, at the end."""

    def __init__(
        self,
        work: Work,
        folder: WorkFolder,
        narrator: Narrator,
        preset: Preset,
        room: Samples,
        cover: bytes | None,
        narrator_name: str = "",
        *,
        reading: ReadingAloud = DEFAULT_READING_ALOUD,
        chosen_narrator: str | None = None,
        lexicon: LexiconRecord = NO_LEXICON,
    ) -> None:
        self.work = work
        self.reading, self.chosen_narrator, self.lexicon = reading, chosen_narrator, lexicon
        """How notes and tables are read, and the narrator named (`--narrator`), as narration.json records them."""
        self.folder = folder.path
        self.work_folder = folder
        self.narrator = narrator
        self.preset = preset
        self.room = room
        self.rate = narrator.info.sample_rate
        self.slug = folder.slug
        self.names: list[str] = []
        self.keys: list[list[str | None]] = []
        """Each file's clip keys, one per segment, as its narration record keeps them."""
        self._staging = Staging()
        self.tags = book_tags(work, narrator, preset, cover, narrator_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.folder)
        # The M4B's audio as it is encoded; its chapters are added when all is there (a scratch file, not staged).
        self._m4b_audio = self.folder / f".{self.slug}.m4b.audio.part"
        # At the voice's own rate: the MP3s' 44.1 kHz is a platform rule (ACX), and the M4B is not for ACX. No
        # resampling, and the AAC coder's work shrinks with the rate (hibari's 24 kHz: about a third less).
        m4b_arguments = m4b_audio_arguments(M4B_KBPS, preset.m4b_gain_db)
        self._m4b = Encoder(self.rate, self._m4b_audio, m4b_arguments, output_rate=self.rate)

    def add(self, timeline: TrackTimeline, keys: list[str | None], gain: float) -> Path:
        """Encode, tag and publish one chapter file; returns its path."""
        track = timeline.track
        name = chapter_file_name(track.number, track.title)
        with Staging() as staging:
            temporary = staging.path(self.folder / name)
            with Encoder(self.rate, temporary, mp3_arguments(self.preset.bitrate_kbps)) as mp3:
                feed(timeline, keys, self.narrator.cache, (mp3, self._m4b), gain, self.preset, self.room)
                mp3.finish()
            name_lame_encoder(temporary)
            # The number of files is known only at the end (a long chapter is cut into parts as it comes), so
            # a file published now says its own number alone.
            tag_mp3(temporary, self.tags, f"{track.number:02d} - {track.title}", track.number, None,
                    timeline.marker_spans())  # fmt: skip
            staging.commit()
        self.names.append(name)
        self.keys.append(keys)
        return self.folder / name

    def finish(
        self, plan: AudioPlan, timelines: tuple[TrackTimeline, ...], gains: tuple[float, ...],
        names: tuple[NameHeard, ...] = (),
    ) -> WrittenFiles:  # fmt: skip
        """The M4B, the playlist and `narration.json` (with `names`, what `--verify` heard of the guessed words)."""
        meta = self.work.meta
        self._m4b.finish()
        m4b = self.work_folder.m4b
        m4b_temporary = self._staging.path(m4b)
        with tempfile.TemporaryDirectory() as scratch:
            chapters = Path(scratch) / "chapters.ffmeta"
            chapters.write_text(ffmetadata(book_chapters(timelines)), encoding="utf-8")
            add_chapters(self._m4b_audio, chapters, m4b_temporary)
        tag_m4b(m4b_temporary, self.tags)
        playlist = self.work_folder.playlist
        manifest = self.work_folder.narration
        voice = (self.narrator.voice.name, self.narrator.info.version)
        record = narration_record(plan, timelines, self.keys, gains, self.names, m4b.name, voice, self.preset,
                                  self.reading, self.chosen_narrator, replace(self.lexicon, names=names))  # fmt: skip
        record = replace(record, made_from=made_from(record, self.tags))
        files = {
            playlist: m3u(timelines, self.names, meta.author).encode("utf-8"),
            manifest: self.work_folder.narration_bytes(record),
        }
        for path, data in files.items():
            self._staging.path(path).write_bytes(data)
        remove_stale_tracks(self.folder, set(self.names))
        self._staging.commit()
        self._m4b_audio.unlink(missing_ok=True)
        return WrittenFiles(tuple(self.folder / name for name in self.names), m4b, playlist, manifest)

    def abort(self) -> None:
        self._m4b.abort()
        self._staging.abort()
        self._m4b_audio.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.folder.rmdir()  # only if nothing is in it: a failed first run leaves no empty folder behind


def feed(
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


def m3u(timelines: tuple[TrackTimeline, ...], names: list[str], author: str) -> str:
    lines = ["#EXTM3U"]
    for timeline, name in zip(timelines, names, strict=True):
        lines.append(f"#EXTINF:{round(timeline.duration_ms / 1000)},{author} - {timeline.track.title}")
        lines.append(name)
    return "\n".join(lines) + "\n"


def remove_stale_tracks(folder: Path, keep: set[str]) -> None:
    """Chapter files from an earlier run whose chapters have since been renamed or removed."""
    for path in folder.glob("[0-9][0-9] - *.mp3"):
        if path.name not in keep:
            path.unlink()
