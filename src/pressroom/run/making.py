"""A synthesis job and how a worker makes its clip: synthesized, or heard and made again until heard right
(`--verify`); the engines a worker process has loaded."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from pressroom.ffmpeg import Samples
from pressroom.hear.learning import CARRIER, Reading, heard_as_printed, heard_in_place, learn, learnable
from pressroom.hear.listener import VERIFY, Listener, normaliser, recogniser_name
from pressroom.hear.retakes import ANOTHER_SEED, CLAUSES, FIRST, ChosenTake, Take, best_take
from pressroom.hear.sound_proof import PROOF, SentenceProof, prove_clip
from pressroom.model import NameHeard, SentenceReading
from pressroom.text.speech import split_clauses, split_sentences
from pressroom.tts.clip import Clip, Verdict, decode_clip, synthesize_clip
from pressroom.tts.engine import Engine, Takes, Voice
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.languages import name_meaning, name_readings
from pressroom.tts.registry import open_engine


@dataclass(frozen=True)
class Job:
    key: str
    text: str
    voice: Voice
    sentence_pause_ms: int
    label: str
    """Where the paragraph is, for a message if it fails (`Chapter I: Our Riches, paragraph 3`)."""
    verify: bool = False
    """Hear the clip when it is made, and make it again if it is heard wrong (`--verify`)."""
    readings: tuple[SentenceReading, ...] = ()
    """With `verify`, what the voice reads in each sentence, when it says exactly that: its sound is then proved,
    and only the sentences in `hear` (and any the proof cannot vouch for) are heard. Empty: heard whole."""
    hear: tuple[int, ...] = ()
    """The sentences to hear whatever their sound (`hear.proof.to_hear`)."""
    learn: tuple[str, ...] = ()
    """The words the voice guessed that the work first reads in this clip (`hear.proof.first_guesses`): each
    heard wrong is tried in the other readings the narration can make, and the nearest is proposed."""
    made: str | None = None
    """The cache file of a clip made before that is only to be heard (read by the worker, so that a run's jobs
    do not hold its audio; a worker that cannot read it makes the clip again)."""


@dataclass(frozen=True)
class Done:
    job: Job
    clip: Clip | None
    error: str | None = None
    engine_version: str = ""
    encoded: bytes | None = None
    """The clip as the cache stores it, when a worker sent it so: kept as it came, not encoded again."""


# The voices a worker process has loaded, one engine per voice, loaded on first use and kept for the next job.
_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def worker_engine(voice: Voice) -> Engine:
    with _ENGINES_LOCK:
        engine = _ENGINES.get(voice.settings_key())
        if engine is None:
            engine = _ENGINES[voice.settings_key()] = open_engine(voice)
        return engine


def make_clip(engine: Callable[[], Engine], job: Job) -> Clip:
    """The job's clip: synthesized, or heard (and made again if it must be) when the job asks for it."""
    made = _read_clip(job.made) if job.made is not None else None
    if job.verify:
        return verified_clip(engine, job, made)
    return made or synthesize_clip(engine(), job.text, job.sentence_pause_ms)


def verified_clip(engine: Callable[[], Engine], job: Job, first: Clip | None) -> Clip:
    """The job's clip, verified (`--verify`): `first` (a clip made before) or a new one, and the other takes the
    engine and the text allow until one is heard right, with the listener's verdict on the one kept. For a voice
    that says exactly what it reads (the job carries its readings), the clip's sound is proved and only the
    sentences the job names, and those the proof cannot vouch for, are heard. The engine is loaded only when a
    take must be made."""
    sentences = split_sentences(job.text)

    def make(take: Take) -> Clip:
        if take is FIRST and first is not None:
            return first
        return synthesize_clip(engine(), job.text, job.sentence_pause_ms, take.seed, take.clauses)

    def takes() -> Iterator[Take]:
        yield FIRST
        if isinstance(engine(), Takes):
            yield ANOTHER_SEED
        if any(len(split_clauses(sentence)) > 1 for sentence in sentences):
            yield CLAUSES

    readings = job.readings
    if not readings:
        clip, kept = best_take(takes(), make, lambda clip: (clip.samples, clip.rate), job.text, job.voice.language)
        return replace(clip, verdict=_verdict(kept))
    proofs: list[SentenceProof] = []

    def heard_part(clip: Clip) -> tuple[Samples, int]:
        """The sentences to hear, a sentence pause apart (the first take's proof picks them)."""
        pause = clip.rate * job.sentence_pause_ms // 1000
        spans = clip.sentence_spans(pause)
        if not proofs:
            proofs.extend(prove_clip(clip.samples, clip.rate, spans, readings, job.voice.speed, job.hear))
        if len(spans) != len(readings):  # a clip made before clips kept where their sentences end: heard whole
            return clip.samples, clip.rate
        gap = np.zeros(pause, np.int16)
        parts = [clip.samples[start:end] for (start, end), proof in zip(spans, proofs, strict=False) if proof.heard]
        return np.concatenate([piece for part in parts for piece in (gap, part)][1:] or [gap[:0]]), clip.rate

    first_take = make(FIRST)
    heard_part(first_take)
    to_hear = " ".join(sentence for sentence, proof in zip(sentences, proofs, strict=True) if proof.heard)
    unproved = "; ".join(dict.fromkeys(proof.unproved for proof in proofs if proof.unproved))
    if not to_hear:
        verdict = Verdict(recogniser=recogniser_name(), take=FIRST.name, tried=0, words=0, errors=0,
                          longest_missing=0, failed=False, heard="", proof=PROOF)  # fmt: skip
        return replace(first_take, verdict=verdict)
    clip, kept = best_take(
        takes(), lambda take: first_take if take is FIRST else make(take), heard_part, to_hear, job.voice.language
    )
    heard = kept.heard
    names = tuple(learnt_name(engine, word, heard.meant, heard.heard, job.voice.language) for word in job.learn)
    return replace(clip, verdict=replace(_verdict(kept), proof=PROOF, unproved=unproved,
                                         sentences=sum(proof.heard for proof in proofs), names=names))  # fmt: skip


TRIED_READINGS = 2
"""Readings tried for a name heard wrong, each a recogniser's pass (about a second): what keeps `--verify` within
twice plain narration (bench/verify.py)."""


def learnt_name(engine: Callable[[], Engine], word: str, meant: str, heard: str, language: str) -> NameHeard:
    """A guessed word as it was heard in its sentence: right, or else the reading learnt for it by listening."""
    normalise = normaliser()
    if heard_as_printed(word, heard, normalise):
        return NameHeard(word, right=True)
    in_place = heard_in_place(word, meant, heard, normalise)
    if not learnable(word):
        return NameHeard(word, right=False, heard_before=f"{CARRIER} {in_place}")
    readings = [Reading(spoken, how) for spoken, how in name_readings(word)][:TRIED_READINGS]

    def say(text: str) -> tuple[Samples, int]:
        clip = synthesize_clip(engine(), text, 0)
        return clip.samples, clip.rate

    return learn(word, in_place, readings, say, Listener(VERIFY.threads, language), spelling_reader(),
                 name_meaning(word))  # fmt: skip


def _verdict(kept: ChosenTake) -> Verdict:
    best = kept.heard
    return Verdict(
        recogniser=recogniser_name(), take=kept.take.name, tried=kept.tried, words=best.words, errors=best.errors,
        longest_missing=best.longest_missing, failed=best.failed, heard=best.heard,
    )  # fmt: skip


def _read_clip(path: str) -> Clip | None:
    try:
        return decode_clip(Path(path).read_bytes())
    except OSError:
        return None


def synthesized(job: Job, clip: Clip) -> bool:
    """Whether the job's clip was made by the engine, not only heard. A clip only heard comes back naming no
    engine version: the voice need not be loaded for it (the cache key holds the version)."""
    return job.made is None or (clip.verdict is not None and clip.verdict.take != FIRST.name)
