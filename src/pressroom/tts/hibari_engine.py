"""hibari (PyPI `hibari-tts`): the default engine, offline, with its bundled voice "heart"."""

from __future__ import annotations

import os
from importlib.metadata import version

import numpy as np

from pressroom.tts.engine import EngineInfo, Samples, Voice, to_int16

NAME = "hibari"
DESCRIPTION = "hibari-tts: offline, fast, deterministic"

# The noise in hibari's vocoder is seeded per call, so the same sentence always gives the same samples.
_SEED = 0


def engine_info(voice: Voice) -> EngineInfo:
    from hibari import SAMPLE_RATE

    return EngineInfo(f"hibari-tts {version('hibari-tts')}", int(SAMPLE_RATE))


def open_engine(voice: Voice) -> HibariEngine:
    return HibariEngine(voice)


class HibariEngine:
    name = "hibari"

    def __init__(self, voice: Voice) -> None:
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        from hibari import Hibari

        self._voice = voice
        self._tts = Hibari(voice=voice.model or "heart", threads=1)
        info = engine_info(voice)
        self.sample_rate, self.version = info.sample_rate, info.version

    def synthesize(self, text: str) -> Samples:
        return self.synthesize_take(text, 0)

    def synthesize_take(self, text: str, take: int) -> Samples:
        if not text.strip():
            return np.zeros(0, np.int16)
        return to_int16(self._tts(text, speed=self._voice.speed, seed=_SEED + take))
