"""One utterance to one clip: sentence by sentence through the engine, with the same pause between sentences;
and a clip's bytes as the cache stores it and workers send it back."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import soundfile

from pressroom.model import NameHeard
from pressroom.text.said_words import TimedWord, printed_word_times
from pressroom.text.speech import split_clauses, split_sentences, without_phonemes
from pressroom.tts.engine import Engine, Samples, Takes, TimesWords

CLIP_MAGIC = b"PRESSROOM-CLIP-2\n"
"""A clip whose samples are FLAC."""
RAW_CLIP_MAGIC = b"PRESSROOM-CLIP-1\n"
"""A clip whose samples are raw PCM, as caches made before FLAC hold them: still read."""


@dataclass(frozen=True)
class Verdict:
    """What a listener heard of a clip made with `--verify`, kept with the clip so that a rerun hears it no more."""

    recogniser: str
    take: str
    """Which take was kept: `first`, `another seed` or `clauses` (each sentence said clause by clause)."""
    tried: int
    """How many takes were heard."""
    words: int
    errors: int
    longest_missing: int
    failed: bool
    heard: str
    proof: str = ""
    """The proof that vouched for the clip's sound (`hear/proof.py`), so that only `sentences` of it were heard
    (its sentences with guessed words, those the proof could not vouch for, and a sample); "" when heard whole."""
    unproved: str = ""
    """Why the proof could not vouch for some of the first take's sentences ("" when it vouched for all): those
    were heard, and a take made again is judged by the listener alone."""
    sentences: int = 0
    """How many of its sentences were heard, when it was proved."""
    names: tuple[NameHeard, ...] = ()
    """The words the voice guessed that the work first reads in this clip: heard right, or what was learnt."""


@dataclass(frozen=True)
class ClipTiming:
    """What a timeline needs of a clip, read from its header alone: its length, where its sentences end and when
    its words are said (samples)."""

    length: int
    sentence_ends: tuple[int, ...]
    words: tuple[TimedWord, ...] = ()


@dataclass(frozen=True)
class Clip:
    """One utterance's audio: mono 16-bit samples, where each sentence ends, and what a listener heard of it."""

    rate: int
    samples: Samples
    sentence_ends: tuple[int, ...] = ()
    """The sample after each sentence of `split_sentences(text)`, in order; a sentence starts a sentence pause
    after the one before ends (the first at 0), unless it was said as nothing."""
    verdict: Verdict | None = None
    words: tuple[TimedWord, ...] = ()
    """Each word of the text (its index among the words of `without_phonemes(text)`, split at spaces) said, with
    its start and end (samples), from the engine's own timing; empty when the engine does not tell."""

    @property
    def length(self) -> int:
        return len(self.samples)

    def sentence_spans(self, pause_samples: int) -> list[tuple[int, int]]:
        """Where each sentence is in the clip (see `sentence_spans`)."""
        return sentence_spans(self.sentence_ends, pause_samples)


def sentence_spans(ends: Sequence[int], pause_samples: int) -> list[tuple[int, int]]:
    """Each sentence's (start, end) sample from where the sentences end: a sentence starts a pause after the one
    before ends (the first at 0); one said as nothing is an empty span and puts no pause before the next."""
    spans: list[tuple[int, int]] = []
    previous = 0
    for end in ends:
        start = previous + pause_samples if previous and end > previous else previous
        spans.append((start, end))
        previous = end
    return spans


# Engines pad their output with silence of their own, unevenly; it is trimmed so that our pauses are the pauses.
_SILENCE_LEVEL = 160
_KEEP_MS = 30


CLAUSE_PAUSE_MS = 120
"""Between the clauses of a sentence said clause by clause: about the breath a reader takes at a comma."""


def synthesize_clip(engine: Engine, text: str, sentence_pause_ms: int, take: int = 0, clauses: bool = False) -> Clip:
    """The utterance sentence by sentence; `take` > 0 asks an engine that can for another rendering, and
    `clauses` says each sentence clause by clause (what a voice that drops words in a long sentence needs). An
    engine that says when it says each word (`TimesWords`) gives the clip its words' times."""
    pause = np.zeros(engine.sample_rate * sentence_pause_ms // 1000, np.int16)
    said = [(sentence, *_sentence(engine, sentence, take, clauses)) for sentence in split_sentences(text)]
    audio, words, ends = _joined(said, pause)
    return Clip(engine.sample_rate, audio, tuple(ends), words=tuple(words))


def _joined(
    parts: Sequence[tuple[str, Samples, list[TimedWord]]], gap: Samples
) -> tuple[Samples, list[TimedWord], list[int]]:
    """Pieces of text said one after another, a gap between those said as something; each piece's words moved to
    where it is said (their index counted over the text's words), and where each piece ends (one said as nothing
    ends where the one before does: the read-along counts a clip's sentences as the text's)."""
    pieces: list[Samples] = []
    words: list[TimedWord] = []
    ends: list[int] = []
    total = counted = 0
    for text, samples, timed in parts:
        if len(samples):
            if pieces:
                pieces.append(gap)
                total += len(gap)
            words.extend((counted + index, total + start, total + end) for index, start, end in timed)
            pieces.append(samples)
            total += len(samples)
        counted += len(without_phonemes(text).split())
        ends.append(total)
    return (np.concatenate(pieces) if pieces else np.zeros(0, np.int16)), words, ends


def _sentence(engine: Engine, sentence: str, take: int, clauses: bool) -> tuple[Samples, list[TimedWord]]:
    """The sentence's samples, and each of its printed words said with when (samples in them), when the engine
    tells."""

    def say(text: str) -> tuple[Samples, list[TimedWord]]:
        if isinstance(engine, TimesWords):
            said, spoken = engine.synthesize_timed(text, take)
        else:
            said = engine.synthesize_take(text, take) if take and isinstance(engine, Takes) else engine.synthesize(text)
            spoken = ()
        start, end = loud_span(said, engine.sample_rate)
        timed = printed_word_times(without_phonemes(text).split(), spoken)
        kept = [(index, max(0, first - start), min(end, last) - start) for index, first, last in timed]
        return said[start:end], [(index, first, last) for index, first, last in kept if last > first]

    if not clauses:
        return say(sentence)
    gap = np.zeros(engine.sample_rate * CLAUSE_PAUSE_MS // 1000, np.int16)
    samples, words, _ = _joined([(clause, *say(clause)) for clause in split_clauses(sentence)], gap)
    return samples, words


def trim_silence(samples: Samples, rate: int) -> Samples:
    start, end = loud_span(samples, rate)
    return samples[start:end]


def loud_span(samples: Samples, rate: int) -> tuple[int, int]:
    """Where the sound is, a little kept either side: engines pad their output with silence of their own."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _SILENCE_LEVEL)
    if not len(loud):
        return 0, 0
    keep = rate * _KEEP_MS // 1000
    return max(0, int(loud[0]) - keep), min(len(samples), int(loud[-1]) + 1 + keep)


def encode_clip(clip: Clip) -> bytes:
    """The clip as the cache keeps it and workers send it: a header (rate, length, sentence ends, and the
    checksum of the samples), then the samples compressed losslessly with FLAC (half the size of raw PCM)."""
    buffer = io.BytesIO()
    soundfile.write(buffer, clip.samples, clip.rate, format="FLAC", subtype="PCM_16")
    flac = buffer.getvalue()
    header: dict[str, Any] = {
        "rate": clip.rate,
        "samples": clip.length,
        "sentence_ends": list(clip.sentence_ends),
        "sha256": _checksum(clip.samples),
        "flac_bytes": len(flac),
    }
    if clip.words:
        header["words"] = [list(word) for word in clip.words]
    if clip.verdict is not None:
        header["heard"] = asdict(clip.verdict)
    return CLIP_MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + flac


def clip_header(data: bytes) -> tuple[dict[str, Any], int] | None:
    """A clip's header and where its payload starts, or None if it is not one."""
    if not data.startswith(CLIP_MAGIC) and not data.startswith(RAW_CLIP_MAGIC):
        return None
    end = data.find(b"\n", len(CLIP_MAGIC))
    try:
        header = json.loads(data[len(CLIP_MAGIC) : end])
    except ValueError:
        return None
    return (header, end + 1) if isinstance(header, dict) else None


def payload_bytes(magic: bytes, header: dict[str, Any]) -> int:
    """How long the payload after the header must be: the FLAC's size, or two bytes a sample for raw PCM."""
    return int(header["flac_bytes"]) if magic == CLIP_MAGIC else 2 * int(header["samples"])


def decode_clip(data: bytes) -> Clip | None:
    """The clip, or None when the bytes are not a whole, intact clip (truncated, or a byte changed)."""
    found = clip_header(data)
    if found is None:
        return None
    header, start = found
    magic = data[: len(CLIP_MAGIC)]
    try:
        payload = memoryview(data)[start:]  # a view, not a copy: a clip may be many minutes long
        if len(payload) != payload_bytes(magic, header):
            return None
        if magic == CLIP_MAGIC and int(header["samples"]) == 0:
            # An utterance said as nothing: libsndfile writes a FLAC of no frames but will not read one back.
            samples = np.zeros(0, dtype=np.int16)
        elif magic == CLIP_MAGIC:
            samples, _ = soundfile.read(io.BytesIO(payload), dtype="int16", always_2d=False)
        else:
            samples = np.frombuffer(data, dtype="<i2", offset=start)
        samples = np.asarray(samples, dtype=np.int16)
        if len(samples) != int(header["samples"]) or _checksum(samples) != header["sha256"]:
            return None
        ends = tuple(int(n) for n in header["sentence_ends"])
        return Clip(int(header["rate"]), samples, ends, verdict_in(header), words_in(header))
    except (ValueError, KeyError, TypeError, RuntimeError, soundfile.LibsndfileError):
        return None


def words_in(header: dict[str, Any]) -> tuple[TimedWord, ...]:
    """The words a clip's header times (none in a clip made before they were kept, or by an engine that does not
    tell)."""
    words = header.get("words", [])
    if not isinstance(words, list):
        return ()
    try:
        return tuple((int(index), int(start), int(end)) for index, start, end in words)
    except (TypeError, ValueError):
        return ()


def verdict_in(header: dict[str, Any]) -> Verdict | None:
    """The listener's verdict a clip's header carries, or None (not heard, or a header this version cannot read)."""
    heard = header.get("heard")
    if not isinstance(heard, dict):
        return None
    try:
        names = tuple(NameHeard(**name) for name in heard.get("names", []))
        return Verdict(**{**heard, "names": names})
    except TypeError:
        return None


def _checksum(samples: Samples) -> str:
    return hashlib.sha256(samples.astype("<i2", copy=False).tobytes()).hexdigest()
