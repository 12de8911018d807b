"""Judging whether a reading of a name, said in a carrier sentence, brings what is heard nearer the printed name
than the voice's own guess: the rule `publish lexicon check` judges an entry by, the desk a curator's change
by, and `--verify`'s loop (`learn`) the readings it tries for a name it heard wrong in its sentence. This module
hears; what says a reading is given."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pressroom.ffmpeg import Samples
from pressroom.hear.listener import Listener, normaliser
from pressroom.hear.scoring import (
    Normaliser,
    comparable,
    given_phonemes,
    name_heard,
    name_likeness,
    plain_words,
    spelling_key,
)
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


def heard_in_place(word: str, meant: str, heard: str, normalise: Normaliser) -> str:
    """What the recogniser wrote where `meant` first says `word` (its words aligned with what was heard): the
    words heard in its place, or "" when nothing was."""
    said = normalise(comparable(plain_words(meant))).split()
    written = normalise(comparable(heard)).split()
    parts = normalise(comparable(word)).split()
    if not parts or parts[0] not in said:
        return ""
    at = said.index(parts[0])
    matcher = difflib.SequenceMatcher(None, said, written, autojunk=False)
    for _, a1, a2, b1, b2 in matcher.get_opcodes():
        if a1 <= at < a2:
            return " ".join(written[b1:b2])
    return ""


def learn(
    word: str, heard_in_sentence: str, readings: Sequence[Reading], say: Callable[[str], tuple[Samples, int]],
    listener: Listener, reader: Reader | None, meant: str | None,
) -> NameHeard:  # fmt: skip
    """A word heard wrong in its sentence (`heard_in_sentence`: what the recogniser wrote in its place): when that
    sounds as the word is meant, nothing is proposed. Else each reading in turn, said in a carrier sentence and
    heard alone, until one helps, judged by `lexicon check`'s rule against one reference, the phonemes the word is
    `meant` to have (its language's rules, when its shape tells it; else its spelling alone), not against its
    own phonemes (a reading would then pass for being said as it was given). It costs a recogniser's pass a
    reading (about a second however short the sound): the voice's guess is judged by what its sentence was heard
    as, not said again; and readings are not heard together (the recogniser then writes every one as it wrote the
    first: "Larus" four times for four readings of Lerous)."""
    normalise = normaliser()
    without = f"{CARRIER} {heard_in_sentence}"
    reference = f"[{word}](/{meant}/)" if meant else word
    if judged(word, reference, without, without, normalise, reader).heard_as_meant:
        return NameHeard(word, right=False, heard_before=without)  # the guess already sounds as meant
    verdicts: list[tuple[Reading, EntryHeard]] = []
    for reading in readings:  # best first: the first that helps ends the search
        samples, rate = say(f"{CARRIER} {reading.spoken}.")
        verdicts.append((reading, judged(word, reference, without, listener.hear(samples, rate), normalise, reader)))
        if verdicts[-1][1].helps:
            break
    helping = [(reading, entry) for reading, entry in verdicts if entry.helps]
    if not helping:
        return NameHeard(word, right=False, heard_before=without, tried=len(verdicts))
    reading, entry = helping[0]
    return NameHeard(word, False, reading.spoken, reading.how, without, entry.heard_with, len(verdicts))


def learnable(word: str) -> bool:
    """A guessed word the narration learns a reading for: a name (capitalised) or a word with letters English
    does not write (`employés`); an English word the dictionary lacks (`unwearyingly`) is the voice's to guess,
    and no other language's rules would say it better."""
    return word[:1].isupper() or any(not ch.isascii() for ch in word if ch.isalpha())
