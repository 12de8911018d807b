"""A stand-in voice for tests and benchmarks: each word a short voiced tone, shaped like speech but not speech.

It costs milliseconds per sentence, loads nothing, gives the same samples for the same text on every machine,
and runs wherever a real engine runs (this process, worker processes, Dask), so tests and benches that measure
what Pressroom does around an engine (assembly, mastering, executors, memory) need no model. The tests that
prove the product keep the real voices.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from pressroom.tts.engine import EngineInfo, Samples, Voice

# What it can do: no more than an engine of plain text (the registry reads these).
from pressroom.tts.plain_engine import dictionary as dictionary
from pressroom.tts.plain_engine import loose_voices as loose_voices
from pressroom.tts.plain_engine import resolve_model as resolve_model

NAME = "tone"
DESCRIPTION = "a stand-in for tests and benchmarks: tones in the rhythm of speech, no words"
PHONEMES = None
"""It takes plain text only."""


SAMPLE_RATE = 22050
VERSION = "pressroom tone 1"
_SECONDS_PER_LETTER = 0.065
_SHORTEST_WORD_S = 0.12
_GAP_S = 0.06
_RAMP_S = 0.01
_AMPLITUDE = 0.3
_FORMANTS = ((700.0, 1.0), (1200.0, 0.5), (2600.0, 0.25))
"""Harmonics near these frequencies are louder, as a vowel's formants make them: a buzz that sounds voiced."""
_WORD = re.compile(r"[^\W_]+")


def engine_info(voice: Voice) -> EngineInfo:
    return EngineInfo(VERSION, SAMPLE_RATE)


def open_engine(voice: Voice) -> ToneEngine:
    return ToneEngine(voice)


class ToneEngine:
    name = NAME
    version = VERSION
    sample_rate = SAMPLE_RATE

    def __init__(self, voice: Voice) -> None:
        self._speed = voice.speed

    def synthesize(self, text: str) -> Samples:
        pieces: list[Samples] = []
        gap = np.zeros(round(_GAP_S * SAMPLE_RATE / self._speed), np.int16)
        for word in _WORD.findall(text):
            if pieces:
                pieces.append(gap)
            pieces.append(_word_tone(word.lower(), self._speed))
        return np.concatenate(pieces) if pieces else np.zeros(0, np.int16)


@lru_cache(maxsize=4096)
def _word_tone(word: str, speed: float) -> Samples:
    """A word's tone: as long as the word, at a pitch of its own (the same on every machine)."""
    seconds = max(_SHORTEST_WORD_S, len(word) * _SECONDS_PER_LETTER) / speed
    count = round(seconds * SAMPLE_RATE)
    wave = _voiced(100 + zlib.crc32(word.encode("utf-8")) % 90)
    while len(wave) < count:
        wave = np.concatenate([wave, wave])
    ramp = min(round(_RAMP_S * SAMPLE_RATE), count // 2)
    envelope = np.ones(count)
    envelope[:ramp] = np.linspace(0.0, 1.0, ramp)
    envelope[count - ramp :] = np.linspace(1.0, 0.0, ramp)
    tone = np.rint(wave[:count] * envelope).astype(np.int16)
    tone.flags.writeable = False  # shared by every use of the word
    return tone


@lru_cache(maxsize=128)
def _voiced(pitch: int) -> npt.NDArray[np.float64]:
    """One second of a voiced buzz at `pitch` Hz (a whole number of periods, so it loops without a click),
    its harmonics shaped by three formants, at the stand-in's loudness."""
    time = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    wave = np.zeros(SAMPLE_RATE)
    for harmonic in range(1, int(3200 / pitch) + 1):
        frequency = harmonic * pitch
        weight = sum(gain / (1.0 + ((frequency - centre) / 150.0) ** 2) for centre, gain in _FORMANTS)
        wave += weight * np.sin(2 * np.pi * frequency * time)
    peak = float(np.max(np.abs(wave))) or 1.0
    return wave * (_AMPLITUDE * 32767 / peak)
