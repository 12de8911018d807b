"""Hearing a name in a carrier sentence, as the voice guesses it and as a reading has it, and judging whether the
reading brings what is heard nearer the printed name: the rule `publish lexicon check` judges an entry by, the
desk a curator's change by, and `--verify`'s loop the readings it tries for a name it heard wrong. This module
hears; what says a reading is given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pressroom.ffmpeg import Samples
from pressroom.hear.listener import Listener, normaliser
from pressroom.hear.scoring import Normaliser, comparable, given_phonemes, name_heard, name_likeness, spelling_key
from pressroom.hear.sounds import ALIKE, sound_distance
from pressroom.model import NameHeard

CARRIER = "The next name is"
CLOSER = 0.05
"""How much nearer the name what is heard must come for an entry to count as helping."""

Reader = Callable[[str], str]
"""How the voice reads a spelling (phonemes): what judges a name by sound."""


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
    def heard_as_meant(self) -> bool:
        """What was heard with the entry sounds like the phonemes meant."""
        return self.sound_with is not None and self.sound_with >= 1 - ALIKE

    @property
    def verdict(self) -> str:
        spelling = self.likeness_with - self.likeness_without
        sound = (self.sound_with or 0.0) - (self.sound_without or 0.0)
        if self.likeness_with >= 1.0 or (self.heard_as_meant and sound > 0 and spelling > -CLOSER):
            return "heard right"
        if spelling <= -CLOSER:
            return "further"  # the printed name is the anchor: an entry that strays from it is not kept
        if spelling >= CLOSER or sound >= CLOSER:
            return "nearer"
        return "no change"

    @property
    def helps(self) -> bool:
        return self.verdict in ("heard right", "nearer")


def judged(
    word: str, spoken: str, heard_without: str, heard_with: str, normalise: Normaliser, reader: Reader | None
) -> EntryHeard:
    """The verdict on `spoken` (what the engine was given for `word`) from what was heard of the carrier sentence
    without it and with it; an entry that gives phonemes is judged by sound too when `reader` is given."""
    given = given_phonemes(spoken)
    sound_without = sound_with = None
    if given and reader is not None:
        meant = given[0][1]
        sound_without, sound_with = (
            1 - sound_distance(meant, reader(" ".join(name_heard(text, CARRIER, normalise))))
            for text in (heard_without, heard_with)
        )
    without, with_entry = (name_likeness(word, text, CARRIER, normalise) for text in (heard_without, heard_with))
    return EntryHeard(word, heard_without, heard_with, without, with_entry, sound_without, sound_with)


def heard_as_printed(word: str, heard: str, normalise: Normaliser) -> bool:
    """Whether what was heard has the word as printed, or written another common way for the same sound
    (`Kiev` for Kieff: `spelling_key`), alone or run into one word with a neighbour's part."""
    said = normalise(comparable(heard)).split()
    keys = {spelling_key(one) for one in said} | {spelling_key(a + b) for a, b in pairwise(said)}
    parts = [spelling_key(part) for part in normalise(comparable(word)).split()]
    return bool(parts) and (all(part in keys for part in parts) or spelling_key("".join(parts)) in keys)


@dataclass(frozen=True)
class Reading:
    """A reading to try for a word: what the engine is given for it, and where it came from."""

    spoken: str
    how: str


def learn(
    word: str, readings: Sequence[Reading], say: Callable[[str], tuple[Samples, int]], listener: Listener,
    reader: Reader | None, meant: str | None,
) -> NameHeard:  # fmt: skip
    """A word heard wrong in its sentence, said in a carrier sentence as the voice guesses it, and when that too is
    heard wrong, in each reading, each heard. Every reading is judged by `lexicon check`'s rule against one
    reference, the phonemes the word is `meant` to have (its language's rules, when its shape tells it; else its
    spelling alone), not against its own phonemes (a reading would then pass for being said as it was given):
    the one heard nearest the printed name is proposed; none when none helps."""
    normalise = normaliser()

    def heard(said: str) -> str:
        samples, rate = say(f"{CARRIER} {said}.")
        return listener.hear(samples, rate)

    without = heard(word)
    if heard_as_printed(word, " ".join(name_heard(without, CARRIER, normalise)), normalise):
        return NameHeard(word, right=False, heard_before=without)  # its sentence, not the guess, was the trouble
    reference = f"[{word}](/{meant}/)" if meant else word
    if judged(word, reference, without, without, normalise, reader).heard_as_meant:
        return NameHeard(word, right=False, heard_before=without)  # the guess already sounds as meant
    verdicts = [(reading, judged(word, reference, without, heard(reading.spoken), normalise, reader))
                for reading in readings]  # fmt: skip
    helping = [(reading, entry) for reading, entry in verdicts if entry.helps]
    if not helping:
        return NameHeard(word, right=False, heard_before=without, tried=len(readings))
    # Heard right first, then nearest the spelling, then by sound; the first of equals (readings come best first).
    reading, entry = max(
        helping, key=lambda one: (one[1].verdict == "heard right", one[1].likeness_with, one[1].sound_with or 0.0)
    )
    return NameHeard(word, False, reading.spoken, reading.how, without, entry.heard_with, len(readings))
