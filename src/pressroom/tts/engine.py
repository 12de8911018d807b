"""The one interface every engine offers, and the voice profile that picks an engine and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]
"""Mono 16-bit PCM at the engine's sample rate."""


@dataclass(frozen=True)
class Voice:
    """A voice profile: a name a user picks with `--voice`, the engine behind it and its settings."""

    name: str
    engine: str
    """`hibari`, `piper` or `gtts`."""
    description: str = ""
    model: str | None = None
    """For Piper, the `.onnx` file (its `.onnx.json` beside it); for hibari, the voice name inside the package."""
    language: str = "en"
    """For gTTS, the language (and `tld` picks the accent)."""
    speed: float = 1.0
    """1.0 is the engine's natural pace; 1.1 is ten per cent faster."""
    options: dict[str, str] = field(default_factory=dict)
    """Engine-specific settings (gTTS's `tld`)."""
    source: str = "built in"
    """Where the profile came from, for `publish voices`."""

    def settings_key(self) -> str:
        """Everything about the voice that changes the sound, for the clip cache."""
        options = ",".join(f"{key}={value}" for key, value in sorted(self.options.items()))
        return f"{self.engine}|{self.model}|{self.language}|{self.speed:.3f}|{options}"


@dataclass(frozen=True)
class EngineInfo:
    """What the clips of a voice depend on besides the text, known without loading the voice's model."""

    version: str
    """The engine's (and model's) version, part of every clip's cache key."""
    sample_rate: int


class Engine(Protocol):
    """A loaded voice that turns short text (a sentence) into samples."""

    name: str
    version: str
    """The engine's (and model's) version, part of every clip's cache key."""
    sample_rate: int

    def synthesize(self, text: str) -> Samples:
        """The samples for one sentence; an empty array when there is nothing to say."""
        ...


@runtime_checkable
class Takes(Protocol):
    """An engine that can say a sentence another way (its sampling noise seeded otherwise): take 0 is what
    `synthesize` says. What `--verify` tries first when a clip is heard wrong."""

    def synthesize_take(self, text: str, take: int) -> Samples: ...


def to_int16(samples: npt.NDArray[np.floating] | npt.NDArray[np.int16]) -> Samples:
    """Float samples in [-1, 1] as 16-bit PCM (clipped, never wrapped)."""
    if samples.dtype == np.int16:
        return samples.astype(np.int16, copy=False)
    scaled = np.clip(np.asarray(samples, dtype=np.float64) * 32767.0, -32768, 32767)
    return np.rint(scaled).astype(np.int16)
