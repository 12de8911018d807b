"""`publish lexicon check`: every lexicon entry heard by the listener. Each word is said in a carrier sentence
twice, as the voice would say it alone and as the entry has it, and both are heard; an entry earns its place
when what is heard comes nearer the name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pressroom.hear.listener import Listener, aligner, normaliser
from pressroom.hear.pieces import ToHear, hear_pieces
from pressroom.hear.scoring import name_likeness
from pressroom.run.executors import Executor
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.engine import Engine

CARRIER = "The next name is"
PER_JOB = 24
"""Entries heard per worker task (a few seconds of speech each)."""
CLOSER = 0.05
"""How much nearer the name what is heard must come for an entry to count as helping."""


@dataclass(frozen=True)
class EntryHeard:
    word: str
    heard_without: str
    heard_with: str
    likeness_without: float
    likeness_with: float

    @property
    def verdict(self) -> str:
        if self.likeness_with >= 1.0:
            return "heard right"
        if self.likeness_with >= self.likeness_without + CLOSER:
            return "nearer"
        if self.likeness_with <= self.likeness_without - CLOSER:
            return "further"
        return "no change"


def check_entries(
    lexicon: Mapping[str, str],
    engine: Engine,
    executor: Executor,
    language: str = "en",
    progress: Callable[[int], None] | None = None,
) -> list[EntryHeard]:
    """Each entry heard without and with it, in the lexicon's order; `progress` hears of each entry synthesized."""
    aligner()  # the listener is installed (one line if not) before any synthesis
    words = list(lexicon)
    pieces: list[bytes] = []
    for number, word in enumerate(words, start=1):
        for said in (word, lexicon[word]):
            clip = synthesize_clip(engine, f"{CARRIER} {said}.", 0)
            pieces.append(clip.samples.astype("<i2").tobytes())
        if progress is not None:
            progress(number)
    jobs = [
        ToHear(tuple(pieces[start : start + 2 * PER_JOB]), Listener(language=language), engine.sample_rate)
        for start in range(0, len(pieces), 2 * PER_JOB)
    ]
    heard = [text for texts in executor.map(hear_pieces, jobs) for text in texts]
    normalise = normaliser()
    return [
        EntryHeard(
            word,
            heard[2 * n],
            heard[2 * n + 1],
            name_likeness(word, heard[2 * n], CARRIER, normalise),
            name_likeness(word, heard[2 * n + 1], CARRIER, normalise),
        )
        for n, word in enumerate(words)
    ]
