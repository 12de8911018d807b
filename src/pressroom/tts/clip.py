"""One utterance to one clip: sentence by sentence through the engine, with the same pause between sentences;
and a clip's bytes as the cache stores it and workers send it back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np

from pressroom.text.speech import split_sentences
from pressroom.tts.engine import Engine, Samples

CLIP_MAGIC = b"PRESSROOM-CLIP-1\n"


@dataclass(frozen=True)
class Clip:
    """One utterance's audio: mono 16-bit samples, and where each sentence ends."""

    rate: int
    samples: Samples
    sentence_ends: tuple[int, ...] = ()

    @property
    def length(self) -> int:
        return len(self.samples)


# Engines pad their output with silence of their own, unevenly; it is trimmed so that our pauses are the pauses.
_SILENCE_LEVEL = 160
_KEEP_MS = 30


def synthesize_clip(engine: Engine, text: str, sentence_pause_ms: int) -> Clip:
    rate = engine.sample_rate
    pause = np.zeros(rate * sentence_pause_ms // 1000, np.int16)
    pieces: list[Samples] = []
    ends: list[int] = []
    total = 0
    for sentence in split_sentences(text):
        samples = trim_silence(engine.synthesize(sentence), rate)
        if not len(samples):
            continue
        if pieces:
            pieces.append(pause)
            total += len(pause)
        pieces.append(samples)
        total += len(samples)
        ends.append(total)
    audio = np.concatenate(pieces) if pieces else np.zeros(0, np.int16)
    return Clip(rate, audio, tuple(ends))


def trim_silence(samples: Samples, rate: int) -> Samples:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _SILENCE_LEVEL)
    if not len(loud):
        return samples[:0]
    keep = rate * _KEEP_MS // 1000
    return samples[max(0, loud[0] - keep) : min(len(samples), loud[-1] + 1 + keep)]


def encode_clip(clip: Clip) -> bytes:
    pcm = clip.samples.astype("<i2", copy=False).tobytes()
    header = {
        "rate": clip.rate,
        "samples": clip.length,
        "sentence_ends": list(clip.sentence_ends),
        "sha256": hashlib.sha256(pcm).hexdigest(),
    }
    return CLIP_MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + pcm


def decode_clip(data: bytes) -> Clip | None:
    if not data.startswith(CLIP_MAGIC):
        return None
    end = data.find(b"\n", len(CLIP_MAGIC))
    try:
        header = json.loads(data[len(CLIP_MAGIC) : end])
        pcm = memoryview(data)[end + 1 :]  # a view, not a copy: a clip may be many minutes long
        if len(pcm) != 2 * int(header["samples"]) or hashlib.sha256(pcm).hexdigest() != header["sha256"]:
            return None
        samples = np.frombuffer(data, dtype="<i2", offset=end + 1).astype(np.int16, copy=False)
        return Clip(int(header["rate"]), samples, tuple(int(n) for n in header["sentence_ends"]))
    except (ValueError, KeyError, TypeError):
        return None
