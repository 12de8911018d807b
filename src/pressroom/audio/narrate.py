"""`publish audio` for one work: synthesize what the cache lacks, stream every file out of the cache, check it.

The steps live beside this module: `supply` (the clips, from the cache or an executor), `assemble` (the files,
streamed into ffmpeg) and `check` (the files measured as a platform would). This module runs them in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pressroom.audio.assemble import AudioWriter, book_tags, made_from, remove_stale_tracks, track_gain
from pressroom.audio.file_checks import CheckResult, check_audio, write_report
from pressroom.audio.long_files import likely_part_headings
from pressroom.audio.manifest import narration_record
from pressroom.audio.master import room_tone
from pressroom.audio.names import chapter_file_name
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import AudioPlan, Utterance, plan_narration
from pressroom.audio.settings import DEFAULT_NARRATION, NarrationSettings
from pressroom.audio.supply import ClipSupply, ProgressCallback, Verification
from pressroom.audio.timeline import SentenceEnds, TrackTimeline, track_timeline
from pressroom.cover import work_cover_png
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.outputs import remove_leftovers
from pressroom.records.narration import LexiconRecord
from pressroom.run.executors import Executor, InProcess
from pressroom.text.announcements import wording_for
from pressroom.text.speech import lexicon_words_used
from pressroom.tts.languages import FOREIGN_PHRASES
from pressroom.tts.registry import takes_phonemes


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
    check: CheckResult | None = None
    """The checks of the files just made (also written to `check.json`), unless they were not asked for."""
    verification: Verification | None = None
    """What the listener heard of every clip, with `--verify`."""
    unchanged: bool = False
    """Nothing had changed since the files were made: none was made again, nor checked again."""
    untimed: int = 0
    """Clips from the cache made before the voice's word times were kept: their words are not timed."""

    @property
    def duration_s(self) -> float:
        return sum(timeline.duration_ms for timeline in self.timelines) / 1000


def planned(
    work: Work, narrator: Narrator, settings: NarrationSettings, block_ids: Mapping[int, tuple[str, ...]] | None = None
) -> tuple[AudioPlan, dict[int, list[Utterance]]]:
    """What the work's narration says, and the part titles a file too long to be one is likely to be cut at."""
    wording = wording_for(work.meta.language, narrator.voice.language)
    # Phrases in other languages are read by their rules only by a voice that takes phonemes.
    foreign = FOREIGN_PHRASES if takes_phonemes(narrator.voice.engine) else None
    plan = plan_narration(
        work, settings.lexicon, block_ids=block_ids, wording=wording, reading=settings.reading, foreign=foreign
    )
    max_ms = round(settings.preset.max_file_minutes * 60_000)
    headings = {
        track.number: likely_part_headings(track, max_ms, plan.pauses, settings.lexicon, wording)
        for track in plan.tracks
    }
    return plan, headings


def clip_keys(work: Work, narrator: Narrator, settings: NarrationSettings = DEFAULT_NARRATION) -> frozenset[str]:
    """Every clip the work's narration is made of (the part titles a long file may be cut at too): what a run
    counts in the cache to say how far along a work on another process is."""
    plan, headings = planned(work, narrator, settings)
    return frozenset(
        narrator.key(utterance.text, plan.pauses.sentence)
        for track in plan.tracks
        for utterance in (*track.utterances, *headings.get(track.number, []))
    )


def standing_audio(
    work: Work,
    outdir: Path,
    narrator: Narrator,
    settings: NarrationSettings = DEFAULT_NARRATION,
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
) -> MadeAudio | None:
    """The work's files as they stand when nothing they are made from has changed (`_standing`), asked without
    making anything or loading the voice: for a run that would otherwise send the work to a worker."""
    plan, headings = planned(work, narrator, settings, block_ids)
    supply = ClipSupply(plan, narrator, InProcess(None), None, headings, settings.verify, settings.hear_all)
    if supply.cached != supply.total:
        return None
    folder = WorkFolder.of(outdir, work.meta.slug)
    credit = settings.narrator_name or narrator.credit
    return _standing(work, plan, folder, narrator, settings, supply, credit, work_cover_png(work.meta))


def _standing(
    work: Work,
    plan: AudioPlan,
    folder: WorkFolder,
    narrator: Narrator,
    settings: NarrationSettings,
    supply: ClipSupply,
    credit: str,
    artwork: bytes | None,
) -> MadeAudio | None:
    """The work's files as they stand, when every clip is in the cache and what they would be made from is what
    they were made from (`narration.json` says): nothing is assembled, encoded or checked again. None when
    anything differs, or a file is missing."""
    before = folder.load_narration()
    if before is None or not before.made_from:
        return None
    rate, preset = narrator.info.sample_rate, settings.preset
    timelines: list[TrackTimeline] = []
    keys: list[list[str | None]] = []
    for track in plan.tracks:
        for part in supply.split(track, round(preset.max_file_minutes * 60_000), settings.lexicon):
            part = replace(part, number=len(timelines) + 1)
            part_keys = supply.keys(part)
            said = SentenceEnds(supply.sentence_ends, plan.pauses.sentence, supply.words)
            timelines.append(track_timeline(part, part_keys, supply.lengths, rate, said))
            keys.append(part_keys)
    names = [chapter_file_name(t.track.number, t.track.title) for t in timelines]
    voice = (narrator.voice.name, narrator.info.version)
    laid = replace(plan, tracks=tuple(t.track for t in timelines))
    record = narration_record(laid, timelines, keys, [1.0] * len(timelines), names, folder.m4b.name, voice, preset,
                              settings.reading, settings.narrator_name, lexicon_record(work, settings))  # fmt: skip
    tags = book_tags(work, narrator, preset, artwork, credit)
    files = [folder.path / name for name in names]
    if made_from(record, tags) != before.made_from or not all(p.is_file() for p in (*files, folder.m4b)):
        return None
    remove_leftovers(folder.path)  # what a killed run left, as a run that writes clears it first
    remove_stale_tracks(folder.path, set(names))  # and an earlier run's chapter files since renamed
    return MadeAudio(folder.path, tuple(files), folder.m4b, folder.playlist, folder.narration, tuple(timelines),
                     synthesized=0, cached=supply.cached, verification=supply.verification(),
                     unchanged=True, untimed=supply.untimed)  # fmt: skip


def lexicon_record(work: Work, settings: NarrationSettings) -> LexiconRecord:
    """Which lexicon files the work is narrated with, and the entries whose words it uses (`narration.json`)."""
    used = lexicon_words_used(work.texts(), settings.lexicon)
    entries = tuple((word, settings.lexicon[word]) for word in used)
    return LexiconRecord(settings.lexicon_files, settings.lexicon_chosen, entries)


def narration_keys(work: Work, narrator: Narrator, settings: NarrationSettings) -> list[str]:
    """The cache keys of every clip the work's narration says (but a part title made only when a file is cut)."""
    plan, headings = planned(work, narrator, settings)
    texts = [u.text for track in plan.tracks for u in [*track.utterances, *headings.get(track.number, [])]]
    return list(dict.fromkeys(narrator.key(text, plan.pauses.sentence) for text in texts))


def publish_audio(
    work: Work,
    outdir: Path,
    narrator: Narrator,
    settings: NarrationSettings = DEFAULT_NARRATION,
    *,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
) -> MadeAudio:
    """Narrate the work into its folder. Clips the cache lacks are synthesized by the executor (this process by
    default); each file is assembled as soon as its clips are ready, in order, while later ones are still being
    made. `block_ids` (per chapter, the ids of its spoken elements on the EPUB page) ties each utterance to the
    block it reads, for a narrated EPUB. Every file's tags carry the work's cover (set in type as the EPUB's
    is, when it has none of its own). `settings` say how (`NarrationSettings`)."""
    lexicon, preset = settings.lexicon, settings.preset
    plan, headings = planned(work, narrator, settings, block_ids)
    rate = narrator.info.sample_rate
    max_ms = round(preset.max_file_minutes * 60_000)
    supply = ClipSupply(
        plan, narrator, executor or InProcess(narrator.engine), progress, headings, settings.verify, settings.hear_all
    )
    room = room_tone(rate, preset, seed=0)
    artwork = work_cover_png(work.meta)
    credit = settings.narrator_name or narrator.credit
    folder = WorkFolder.of(outdir, work.meta.slug)
    folder.claim(work.meta.title, work.meta.author)
    if supply.cached == supply.total:
        standing = _standing(work, plan, folder, narrator, settings, supply, credit, artwork)
        if standing is not None:
            return standing
    writer = AudioWriter(work, folder, narrator, preset, room, artwork, credit, reading=settings.reading,
                         chosen_narrator=settings.narrator_name, lexicon=lexicon_record(work, settings))  # fmt: skip
    timelines: list[TrackTimeline] = []
    gains: list[float] = []
    try:
        for track in plan.tracks:
            supply.wait_for(track)
            for part in supply.split(track, max_ms, lexicon):
                part = replace(part, number=len(timelines) + 1)
                supply.tell(f"writing file {part.number}", files_complete=part.number - 1)
                keys = supply.keys(part)
                said = SentenceEnds(supply.sentence_ends, plan.pauses.sentence, supply.words)
                timeline = track_timeline(part, keys, supply.lengths, rate, said)
                gain = track_gain(timeline, keys, narrator.cache, preset, room)
                writer.add(timeline, keys, gain)
                timelines.append(timeline)
                gains.append(gain)
        supply.tell("the M4B and the playlist", len(timelines), all_files_complete=True)
        laid = replace(plan, tracks=tuple(t.track for t in timelines))
        files = writer.finish(laid, tuple(timelines), tuple(gains), supply.names())
    except Exception:
        writer.abort()
        # No thread may be left inside the engine as the program exits on this error: its C++ runtime would
        # abort the process ("terminate called without an active exception", exit -6, not the error's 1).
        supply.stop(wait=True)
        raise
    except BaseException:  # Ctrl-C: stopped at once, as promised, not after the clip being made
        writer.abort()
        supply.stop(wait=False)
        raise
    verdict = None
    if settings.check:
        supply.tell("checking the audio", len(timelines), all_files_complete=True)
        verdict = check_audio(writer.folder)
        write_report(writer.folder, verdict)
    return MadeAudio(writer.folder, files.mp3s, files.m4b, files.playlist, files.manifest, tuple(timelines),
                     synthesized=supply.synthesized, cached=supply.cached, check=verdict,
                     verification=supply.verification(), untimed=supply.untimed)  # fmt: skip
