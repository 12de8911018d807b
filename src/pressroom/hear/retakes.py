"""`--verify`'s rule for takes: a clip heard right after it is made, and made again when the listener does not
hear what was meant (another seed, then each sentence said clause by clause); the take heard right, or else the
one with the fewest heard errors, is kept. What makes a take is given: this module hears, it does not speak."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from pressroom.ffmpeg import Samples
from pressroom.hear.listener import VERIFY, Listener, aligner, normaliser
from pressroom.hear.scoring import Heard, score

C = TypeVar("C")


@dataclass(frozen=True)
class Take:
    name: str
    seed: int
    clauses: bool


FIRST = Take("first", 0, False)
ANOTHER_SEED = Take("another seed", 1, False)
CLAUSES = Take("clauses", 0, True)


@dataclass(frozen=True)
class ChosenTake:
    """The take kept, what was heard of it, and how many takes were heard."""

    take: Take
    heard: Heard
    tried: int


def heard_clip(samples: Samples, rate: int, text: str, listener: Listener = VERIFY) -> Heard:
    """A clip just made, heard and scored against its text."""
    length_ms = len(samples) * 1000 // rate
    return score(text, listener.hear(samples, rate), ("", 0, length_ms), normaliser(), aligner())


def best_take(
    takes: Iterable[Take], make: Callable[[Take], C], sound: Callable[[C], tuple[Samples, int]], text: str,
    language: str,
) -> tuple[C, ChosenTake]:  # fmt: skip
    """Each take made and heard in turn until one is heard right; `takes` is worked out as it is wanted, so a
    clip heard right at once costs nothing more."""
    listener = Listener(VERIFY.threads, language)
    heard: list[tuple[Take, C, Heard]] = []
    for take in takes:
        clip = make(take)
        samples, rate = sound(clip)
        heard.append((take, clip, heard_clip(samples, rate, text, listener)))
        if not heard[-1][2].failed:
            break
    # A take heard right before one heard wrong, then the fewest errors; min keeps the earliest of equals.
    take, clip, best = min(heard, key=lambda one: (one[2].failed, one[2].errors))
    return clip, ChosenTake(take, best, len(heard))
