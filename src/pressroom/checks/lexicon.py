"""`publish lexicon check`: every lexicon entry heard by the listener. Each word is said in a carrier sentence
twice, as the voice would say it alone and as the entry has it, and both are heard; an entry earns its place
when what is heard comes nearer the name: nearer its spelling, or, for an entry that gives phonemes, nearer
those phonemes by sound (what was heard, read aloud by the voice's reader of spellings: "Reclu" for Reclus is
the entry's /ɹəklˈu/, "recluse" is not) without straying from the spelling."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pressroom.hear.listener import Listener, aligner, normaliser
from pressroom.hear.pieces import ToHear, hear_pieces
from pressroom.hear.scoring import given_phonemes, name_heard, name_likeness
from pressroom.hear.sounds import ALIKE, sound_distance
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
    """How like the word's spelling what was heard is (1.0: the same letters)."""
    sound_without: float | None = None
    sound_with: float | None = None
    """How like the entry's phonemes what was heard sounds (1 less the distance of `hear/sounds`); None for an
    entry that gives no phonemes."""

    @property
    def verdict(self) -> str:
        spelling = self.likeness_with - self.likeness_without
        sound = (self.sound_with or 0.0) - (self.sound_without or 0.0)
        heard_as_meant = self.sound_with is not None and self.sound_with >= 1 - ALIKE
        if self.likeness_with >= 1.0 or (heard_as_meant and sound > 0 and spelling > -CLOSER):
            return "heard right"
        if spelling <= -CLOSER:
            return "further"  # the printed name is the anchor: an entry that strays from it is not kept
        if spelling >= CLOSER or sound >= CLOSER:
            return "nearer"
        return "no change"


def check_entries(
    lexicon: Mapping[str, str],
    engine: Engine,
    executor: Executor,
    language: str = "en",
    progress: Callable[[int], None] | None = None,
    reader: Callable[[str], str] | None = None,
) -> list[EntryHeard]:
    """Each entry heard without and with it, in the lexicon's order; `progress` hears of each entry synthesized;
    with `reader` (how the voice reads a spelling), entries that give phonemes are judged by sound too."""
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
    entries = []
    for n, word in enumerate(words):
        without, with_entry = heard[2 * n], heard[2 * n + 1]
        given = given_phonemes(lexicon[word])
        sound_without = sound_with = None
        if given and reader is not None:
            meant = given[0][1]
            sound_without, sound_with = (
                1 - sound_distance(meant, reader(" ".join(name_heard(text, CARRIER, normalise))))
                for text in (without, with_entry)
            )
        spelling = name_likeness(word, without, CARRIER, normalise), name_likeness(word, with_entry, CARRIER, normalise)
        entries.append(EntryHeard(word, without, with_entry, *spelling, sound_without, sound_with))
    return entries
