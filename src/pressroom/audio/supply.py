"""The clips a narration needs: those in the cache, and those an executor is making.

A background thread takes the executor's results into the cache as they come, so synthesis never waits for
the files being written; the main thread waits for a file's clips before it assembles the file.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from pressroom.audio.long_files import split_long_tracks
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import AudioPlan, Pause, Segment, Track, Utterance
from pressroom.errors import PressroomError, ServiceUnreachableError
from pressroom.hear.listener import recogniser_name
from pressroom.hear.scoring import plain_words
from pressroom.hear.sound_proof import PROOF, first_guesses, to_hear
from pressroom.model import NameHeard
from pressroom.run.executors import ENGINE_LOCK, Done, Executor, Job
from pressroom.text.said_words import TimedWord
from pressroom.text.speech import split_sentences
from pressroom.text.wording import counted
from pressroom.tts.clip import ClipTiming, Verdict, synthesize_clip
from pressroom.tts.engine import Reads
from pressroom.tts.registry import reads_exactly, times_words


@dataclass(frozen=True)
class Progress:
    """What a progress bar shows: utterances done of all, and seconds of audio made."""

    done: int
    total: int
    audio_seconds: float
    """Seconds of speech made so far (the files add pauses and room tone to it)."""
    synthesized: int
    stage: str = "narrating"
    """What is being done now, in words: narrating, writing a file, the M4B, the checks, the read-along book."""
    files_complete: int = 0
    """How many of the work's chapter files are complete under their names (a run stopped now keeps them)."""
    all_files_complete: bool = False
    """Every chapter file is complete (the M4B, the checks or the read-along book are being made)."""


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class Verification:
    """What `--verify` heard of a narration's clips: how many, how many were made again, which are still heard
    wrong (where, and the verdict), and the heard word error rate of the takes kept."""

    heard: int
    """Clips verified (their sound proved, or heard whole)."""
    heard_now: int
    remade: int
    failing: tuple[tuple[str, Verdict], ...]
    words: int
    errors: int
    proved: int = 0
    """Clips whose sound was proved (the rest were heard whole)."""
    sentences_heard: int = 0
    """Sentences heard in the clips proved."""
    unproved: int = 0
    """Clips proved with a sentence whose sound the proof could not vouch for (heard)."""
    names: tuple[NameHeard, ...] = ()
    """Each word the voice guessed, heard where the work first reads it, and what was learnt for it."""

    @property
    def word_error_rate(self) -> float:
        return self.errors / self.words if self.words else 0.0


class ClipSupply:
    """The clips a plan needs: those in the cache, and those the executor is making. A background thread takes
    the executor's results into the cache as they come, so synthesis never waits for the files being written."""

    def __init__(
        self,
        plan: AudioPlan,
        narrator: Narrator,
        executor: Executor,
        progress: ProgressCallback | None,
        part_headings: Mapping[int, list[Utterance]],
        verify: bool = False,
        hear_all: bool = False,
    ):
        self.plan = plan
        self.narrator = narrator
        self.verify = verify
        """Verify every clip, and make again those heard wrong (`--verify`)."""
        self.hear_all = hear_all
        """Hear every clip whole, proving none (`--hear-all`)."""
        self.progress = progress
        self.lengths: dict[str, int] = {}
        self.sentence_ends: dict[str, tuple[int, ...]] = {}
        """Where each clip's sentences end (what the read-along times its sentences by)."""
        self.words: dict[str, tuple[TimedWord, ...]] = {}
        """When each clip's words are said, where its engine told (what the read-along times its words by)."""
        self.synthesized = 0
        self._finished = 0
        """Jobs done: clips made, and clips made before that were only heard."""
        self._seconds = 0.0
        self._lock = threading.Lock()
        self._part_headings = part_headings
        self._fatal: ServiceUnreachableError | None = None
        self._stage = "narrating"
        self._files: tuple[int, bool] = (0, False)
        self.verdicts: dict[str, tuple[str, Verdict]] = {}
        """With `--verify`, what the listener heard of each clip (where it is, and the verdict)."""
        self._heard_from_cache: set[str] = set()
        self.untimed = 0
        """Clips from the cache made before their words were timed, by a voice that times them now: they keep
        their sentences' times only."""
        timing_told = times_words(narrator.voice.engine)
        jobs: dict[str, Job] = {}
        for track in plan.tracks:
            utterances = [*track.utterances, *part_headings.get(track.number, [])]
            for number, segment in enumerate(utterances, start=1):
                key = self.key(segment.text)
                if key in self.lengths or key in jobs:
                    continue
                label = f"{track.title}, utterance {number}: “{plain_words(segment.text)[:60]}”"
                job = Job(key, segment.text, narrator.voice, plan.pauses.sentence, label, verify)
                timing = narrator.cache.timing(key)
                if timing is None:
                    jobs[key] = job
                elif verify and not self._heard_before(key, label):
                    jobs[key] = replace(job, made=str(narrator.cache.path(key)))
                else:
                    self._timed(key, timing)
                    self._seconds += timing.length / narrator.info.sample_rate
                    self.untimed += timing.length > 0 and not timing.words and timing_told
        if verify and not hear_all:
            jobs = self._with_proofs(jobs)
        self.cached = len(self.lengths)
        self.total = self.cached + len(jobs)
        self._arrivals: queue.Queue[tuple[str, Done | None] | None] = queue.Queue()
        self._report()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._take_in, args=(executor, list(jobs.values())), daemon=True)
        self._thread.start()

    def stop(self, wait: bool) -> None:
        """Take no more work from the executor once the clip being made is done (kept in the cache); with `wait`,
        until then."""
        self._stopping.set()
        if wait:
            self._thread.join(timeout=120)

    def _timed(self, key: str, timing: ClipTiming) -> None:
        self.lengths[key], self.sentence_ends[key] = timing.length, timing.sentence_ends
        if timing.words:
            self.words[key] = timing.words

    def _with_proofs(self, jobs: dict[str, Job]) -> dict[str, Job]:
        """The jobs with what the voice reads in each sentence, when it says exactly that (its sound is proved),
        and which sentences to hear: chosen over the whole work, made now or before, so that the same are heard
        however much of it is in the cache."""
        if not jobs or not reads_exactly(self.narrator.voice.engine):  # the voice is loaded here only if it is
            return jobs
        engine = self.narrator.engine
        if not isinstance(engine, Reads):
            return jobs
        texts: dict[str, str] = {}
        for track in self.plan.tracks:
            for segment in [*track.utterances, *self._part_headings.get(track.number, [])]:
                texts.setdefault(self.key(segment.text), segment.text)
        with ENGINE_LOCK:
            readings = {key: tuple(engine.reading(s) for s in split_sentences(text)) for key, text in texts.items()}
        clips = list(readings.items())
        chosen = dict(zip(readings, to_hear(clips), strict=True))
        learn = dict(zip(readings, first_guesses(clips), strict=True))
        return {
            key: replace(job, readings=readings[key], hear=chosen[key], learn=learn[key]) for key, job in jobs.items()
        }

    def _heard_before(self, key: str, label: str) -> bool:
        """Whether the cached clip carries a verdict of this listener (then it is not heard again)."""
        verdict = self.narrator.cache.verdict(key)
        if verdict is None or verdict.recogniser != recogniser_name():
            return False
        if verdict.proof and (self.hear_all or verdict.proof != PROOF):  # proved, but now to be heard whole
            return False
        self.verdicts[key] = (label, verdict)
        self._heard_from_cache.add(key)
        return True

    def key(self, text: str) -> str:
        return self.narrator.key(text, self.plan.pauses.sentence)

    def keys(self, track: Track) -> list[str | None]:
        return [self.key(s.text) if isinstance(s, Utterance) else None for s in track.segments]

    def _take_in(self, executor: Executor, jobs: list[Job]) -> None:
        try:
            for done in executor.run(jobs):
                self._arrivals.put((done.job.key, self._accept(done)))
                if self._stopping.is_set():
                    break
        except ServiceUnreachableError as error:  # nothing can be narrated: the main thread says so, and only that
            self._fatal = error
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
        while needed and not failures and not finished and self._fatal is None:
            arrival = self._arrivals.get()
            if arrival is None:
                finished = True
                continue
            key, failed = arrival
            if failed is not None:
                failures.append(failed)
            needed.discard(key)
        if self._fatal is not None:
            raise self._fatal
        if failures or needed:
            while not finished:
                arrival = self._arrivals.get()
                if arrival is None:
                    break
                if arrival[1] is not None:
                    failures.append(arrival[1])
            raise failure_report(failures, self.synthesized)

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
                    timing = self.narrator.cache.timing(key)
                    if timing is None:
                        with ENGINE_LOCK:
                            clip = synthesize_clip(self.narrator.engine, segment.text, self.plan.pauses.sentence)
                        self.narrator.cache.put(key, clip)
                        timing = ClipTiming(clip.length, clip.sentence_ends, clip.words)
                    with self._lock:
                        self._timed(key, timing)
        return parts

    def _accept(self, done: Done) -> Done | None:
        """Take a result into the cache; a failure comes back (with why), a success gives None."""
        info = self.narrator.info
        if done.clip is None:
            return done
        if done.engine_version and done.engine_version != info.version:  # none when a clip was only heard
            why = f"a worker has {done.engine_version} but this process {info.version}; install the same"
            return replace(done, clip=None, error=why)
        self.narrator.cache.put(done.job.key, done.clip, done.encoded)
        with self._lock:
            self._timed(done.job.key, ClipTiming(done.clip.length, done.clip.sentence_ends, done.clip.words))
            if done.clip.verdict is not None:
                self.verdicts[done.job.key] = (done.job.label, done.clip.verdict)
            if done.engine_version:
                self.synthesized += 1
            self._finished += 1
            self._seconds += done.clip.length / info.sample_rate
        self._report()
        return None

    def verification(self) -> Verification | None:
        """What the listener heard, when the run was asked to verify (`--verify`)."""
        if not self.verify:
            return None
        verdicts = list(self.verdicts.values())
        return Verification(
            heard=len(verdicts),
            heard_now=len(verdicts) - sum(1 for key in self.verdicts if key in self._heard_from_cache),
            remade=sum(1 for _, verdict in verdicts if verdict.tried > 1),
            failing=tuple((label, verdict) for label, verdict in verdicts if verdict.failed),
            words=sum(verdict.words for _, verdict in verdicts),
            errors=sum(verdict.errors for _, verdict in verdicts),
            proved=sum(1 for _, verdict in verdicts if verdict.proof),
            sentences_heard=sum(verdict.sentences for _, verdict in verdicts),
            unproved=sum(1 for _, verdict in verdicts if verdict.unproved),
            names=self.names(),
        )

    def names(self) -> tuple[NameHeard, ...]:
        """What `--verify` heard of each word the voice guessed, in the order the work first reads them."""
        heard: dict[str, NameHeard] = {}
        for track in self.plan.tracks:
            for segment in [*track.utterances, *self._part_headings.get(track.number, [])]:
                found = self.verdicts.get(self.key(segment.text))
                for name in found[1].names if found is not None else ():
                    heard.setdefault(name.word, name)
        return tuple(heard.values())

    def tell(self, stage: str, files_complete: int = 0, all_files_complete: bool = False) -> None:
        """Say what the run does now, for work that takes seconds after the narration itself, and how many of
        the chapter files are complete."""
        self._stage, self._files = stage, (files_complete, all_files_complete)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            done = self.cached + self._finished
            files, every = self._files
            self.progress(Progress(done, self.total, self._seconds, self.synthesized, self._stage, files, every))


def failure_report(failures: list[Done], made: int) -> PressroomError:
    """One line however many failed: each reason once, with the paragraphs it stopped (the first few named)."""
    reasons: dict[str, list[str]] = {}
    for done in failures:
        reasons.setdefault(done.error or "no reason given", []).append(done.job.label)
    told = []
    for reason, labels in reasons.items():
        more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
        told.append(f"{'; '.join(labels[:3])}{more} ({reason})")
    return PressroomError(
        f"{counted(len(failures), 'paragraph')} could not be narrated: {' / '.join(told)}",
        hint=f"what this run narrated ({counted(made, 'clip')}) is kept in the cache; "
        "run the same command again to do the rest",
    )
