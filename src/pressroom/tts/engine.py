"""The one interface every engine offers, and the voice profile that picks an engine and its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from pressroom.model import SentenceReading

Samples = npt.NDArray[np.int16]
"""Mono 16-bit PCM at the engine's sample rate."""


@dataclass(frozen=True)
class Voice:
    """A voice profile: a name a user picks with `--voice`, the engine behind it and its settings."""

    name: str
    engine: str
    """The engine's name in the registry (`publish voices` lists them)."""
    description: str = ""
    model: str | None = None
    """What the engine loads (its module's `resolve_model` says how a profile names it)."""
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


class Dictionary(Protocol):
    """An engine's pronouncing dictionary: which words it knows, and what it makes up for one it does not."""

    alphabet: str
    """The notation of its phonemes (`misaki` for hibari's)."""

    def knows(self, word: str) -> bool: ...

    def guess(self, word: str) -> str:
        """The phonemes the engine would say for `word`, in its alphabet."""
        ...

    def to_ipa(self, phonemes: str) -> str:
        """Phonemes in the engine's alphabet as IPA, for people to read."""
        ...

    def symbols(self) -> frozenset[str]:
        """Every symbol of its alphabet the voice says (any other it drops)."""
        ...


def knows_word(dictionary: Dictionary, word: str) -> bool:
    """Known to the voice's dictionary, or the plural of a word it knows (`Anarchists`), or words it knows
    joined by hyphens (`Church-and-State`, `self-government`: no name, whatever the capitals)."""
    parts = [part for part in word.split("-") if part]
    if len(parts) > 1:
        return all(knows_word(dictionary, part) for part in parts)
    return dictionary.knows(word) or (word.endswith("s") and dictionary.knows(word[:-1]))


@runtime_checkable
class Takes(Protocol):
    """An engine that can say a sentence another way (its sampling noise seeded otherwise): take 0 is what
    `synthesize` says. What `--verify` tries first when a clip is heard wrong."""

    def synthesize_take(self, text: str, take: int) -> Samples: ...


@runtime_checkable
class TimesWords(Protocol):
    """An engine that says when it says each word (its model's own durations): samples, and each word said with
    the text it was read from and its start and end in those samples. Empty when it cannot tell for a text."""

    def synthesize_timed(self, text: str, take: int) -> tuple[Samples, tuple[tuple[str, int, int], ...]]: ...


@runtime_checkable
class Reads(Protocol):
    """An engine that says exactly the phonemes it reads, never skipping or repeating a word (hibari): it can tell
    what a sentence will be before saying it, so `--verify` can prove its sound instead of hearing all of it."""

    def reading(self, sentence: str) -> SentenceReading: ...


def to_int16(samples: npt.NDArray[np.floating] | npt.NDArray[np.int16]) -> Samples:
    """Float samples in [-1, 1] as 16-bit PCM (clipped, never wrapped)."""
    if samples.dtype == np.int16:
        return samples.astype(np.int16, copy=False)
    scaled = np.clip(np.asarray(samples, dtype=np.float64) * 32767.0, -32768, 32767)
    return np.rint(scaled).astype(np.int16)
