"""`--verify`'s proof: what a clip's sound shows without a listener, for a voice that says exactly the phonemes it
reads (hibari never skips, repeats or garbles a word: it voices the phonemes its G2P gives, each for a time its
model predicts). Measured on heart (The Conquest of Bread, 219 sentences): 49 to 80 ms of sound a phoneme
(median 57), at most 0.86 s of silence inside a sentence. A sentence is vouched for when every phoneme its reading
has is one its model voices, its length is that of speech at the voice's pace, and it never stalls; the words its
G2P guessed are not vouched for (how a name is said is for a listener to judge), so the sentences that have them
are heard where each is first read in the work (a guess sounds the same wherever it is read). Pure: the sound and
the readings are given."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pressroom.ffmpeg import Samples
from pressroom.model import SentenceReading

PROOF = "proof 1: every phoneme voiced, at a speaking pace, no stall"
"""What a clip's verdict names when its sound was proved (a verdict by another proof is made again)."""

MS_PER_PHONEME = (35.0, 110.0)
"""Sound (its silences left out) a phoneme at speed 1.0, lowest and highest: heart's sentences have 49 to 80 ms
(median 57), so a sentence cut to two thirds of its sound or stretched by a half (a model that drops or drags part
of it) falls outside."""
LONGEST_SILENCE_MS = 1500
"""A sentence's longest silence inside it: heart's longest pause at a comma or dash is under 0.9 s."""
_FRAME_MS = 20
_QUIET = 300
"""A 20 ms frame whose peak stays below this is silence (heart's breath between words stays under it)."""

SAMPLE = 0.02
"""The share of the sentences it vouches for that are heard all the same, chosen reproducibly by the clip and
the sentence: what keeps a measure of what the listener hears in the sentences the proof passes (one in fifty:
two hours of a hundred-hour corpus; each costs a recogniser's pass of 30 s however short it is)."""


@dataclass(frozen=True)
class SentenceProof:
    """What the proof says of one sentence: why its sound is not vouched for ("" when it is), and whether it is
    to be heard (its sound not vouched for, a guessed word in it, or in the sample)."""

    unproved: str
    heard: bool


def prove_sentence(samples: Samples, rate: int, reading: SentenceReading, speed: float) -> str:
    """Why the sentence's sound cannot be vouched for, or "" when it can."""
    if reading.unvoiced:
        return f"its voice has no sound for {reading.unvoiced}"
    if reading.phonemes == 0:
        return "" if len(samples) == 0 else "a sound where nothing was to be said"
    quiet = _quiet_frames(samples, rate)
    if len(samples) == 0 or quiet.all():
        return "said as nothing"
    per_phoneme = int((~quiet).sum()) * _FRAME_MS * speed / reading.phonemes
    low, high = MS_PER_PHONEME
    if not low <= per_phoneme <= high:
        return f"{per_phoneme:.0f} ms of sound a phoneme (speech has {low:.0f} to {high:.0f})"
    silence = _longest_run(quiet) * _FRAME_MS
    if silence > LONGEST_SILENCE_MS:
        return f"{silence / 1000:.1f} s of silence inside it"
    return ""


def prove_clip(
    samples: Samples, rate: int, spans: Sequence[tuple[int, int]], readings: Sequence[SentenceReading], speed: float,
    chosen: Collection[int],
) -> list[SentenceProof]:  # fmt: skip
    """Each sentence's proof; the sentences `chosen` (`to_hear`) are heard, and so is any it cannot vouch for.
    A clip whose sentences are not its readings' is vouched for nowhere."""
    if len(spans) != len(readings):
        return [SentenceProof("its sentences are not the text's", True) for _ in readings]
    proofs = []
    for number, ((start, end), reading) in enumerate(zip(spans, readings, strict=True)):
        unproved = prove_sentence(samples[start:end], rate, reading, speed)
        proofs.append(SentenceProof(unproved, bool(unproved) or number in chosen))
    return proofs


def to_hear(clips: Sequence[tuple[str, Sequence[SentenceReading]]]) -> list[tuple[int, ...]]:
    """For each clip of a work (its cache key and its sentences' readings, in the order they are read), the
    sentences to hear whatever their sound: where a word the voice guessed is first read in the work (the same
    guess sounds the same wherever it is read again), and the sample."""
    return [tuple(number for number, _ in heard) for heard in _first_reads(clips)]


def first_guesses(clips: Sequence[tuple[str, Sequence[SentenceReading]]]) -> list[tuple[str, ...]]:
    """For each clip of a work, the words the voice guessed that the work reads first in it (in the order read):
    the words `--verify` hears, and learns a reading for when they are heard wrong."""
    return [tuple(word for _, words in heard for word in words) for heard in _first_reads(clips)]


def _first_reads(clips: Sequence[tuple[str, Sequence[SentenceReading]]]) -> list[list[tuple[int, list[str]]]]:
    """For each clip, each sentence to hear and the guessed words first read in it."""
    first_read: set[str] = set()
    chosen: list[list[tuple[int, list[str]]]] = []
    for key, readings in clips:
        heard = []
        for number, reading in enumerate(readings):
            new = [word for word in dict.fromkeys(reading.guessed) if word not in first_read]
            first_read.update(new)
            if new or in_sample(key, number):
                heard.append((number, new))
        chosen.append(heard)
    return chosen


def in_sample(key: str, sentence: int) -> bool:
    """Whether the clip's sentence is one of the sample heard though vouched for: the same on every run."""
    digest = hashlib.sha256(f"{key}:{sentence}".encode()).digest()
    return int.from_bytes(digest[:4], "big") < SAMPLE * 2**32


def longest_silence_ms(samples: Samples, rate: int) -> int:
    """The longest run of silent 20 ms frames, in ms."""
    return _longest_run(_quiet_frames(samples, rate)) * _FRAME_MS


def _quiet_frames(samples: Samples, rate: int) -> npt.NDArray[np.bool_]:
    """Whether each whole 20 ms frame is silent."""
    frame = rate * _FRAME_MS // 1000
    count = len(samples) // frame
    peaks = np.abs(samples[: count * frame].astype(np.int32)).reshape(count, frame).max(axis=1)
    return np.asarray(peaks < _QUIET)


def _longest_run(flags: npt.NDArray[np.bool_]) -> int:
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0
