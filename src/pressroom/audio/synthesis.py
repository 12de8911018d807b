"""One utterance to one clip: sentence by sentence through the engine, with the same pause between sentences."""

from __future__ import annotations

import numpy as np

from pressroom.audio.cache import Clip
from pressroom.text.speech import split_sentences
from pressroom.tts.engine import Engine, Samples

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
