"""`--verify`: a clip heard right after it is made, in the process that made it, and made again when the listener
does not hear what was meant (another seed, then each sentence said clause by clause); the take with the fewest
heard errors is kept, with the listener's verdict in its header."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from pressroom.hear.recogniser import RATE, aligner, hear_samples, normaliser, recogniser_name
from pressroom.hear.scoring import Heard, score
from pressroom.text.speech import split_clauses, split_sentences
from pressroom.tts.clip import Clip, Verdict, synthesize_clip
from pressroom.tts.engine import Engine, Takes


@dataclass(frozen=True)
class Take:
    name: str
    seed: int
    clauses: bool


FIRST = Take("first", 0, False)
ANOTHER_SEED = Take("another seed", 1, False)
CLAUSES = Take("clauses", 0, True)


@dataclass(frozen=True)
class ToHear:
    """Utterances cut from a narrated file, to be heard by a worker (`publish check --listen`)."""

    pieces: tuple[bytes, ...]
    """Each utterance's samples: mono, 16-bit, at `rate`."""
    language: str
    rate: int = RATE


def hear_pieces(hearing: ToHear) -> tuple[str, ...]:
    """Run in a worker: what the listener heard of each piece."""
    return tuple(hear_samples(np.frombuffer(piece, dtype=np.int16), RATE, hearing.language) for piece in hearing.pieces)


def hear_clip(clip: Clip, text: str, language: str) -> Heard:
    heard = hear_samples(clip.samples, clip.rate, language)
    length_ms = clip.length * 1000 // clip.rate
    return score(text, heard, ("", 0, length_ms), normaliser(), aligner())


def verified_clip(
    engine: Callable[[], Engine], text: str, sentence_pause_ms: int, language: str, first: Clip | None = None
) -> Clip:
    """The utterance's clip, heard: `first` (a clip made before) or a new one; when the listener hears it wrong,
    the other takes the engine and the text allow, until one is heard right. The engine is loaded only when a
    take must be made."""
    heard: list[tuple[Take, Clip, Heard]] = []
    for take in _takes(engine, text):
        if take is FIRST and first is not None:
            clip = first
        else:
            clip = synthesize_clip(engine(), text, sentence_pause_ms, take.seed, take.clauses)
        heard.append((take, clip, hear_clip(clip, text, language)))
        if not heard[-1][2].failed:
            break
    # A take heard right before one heard wrong, then the fewest errors; min keeps the earliest of equals.
    take, clip, best = min(heard, key=lambda one: (one[2].failed, one[2].errors))
    verdict = Verdict(
        recogniser=recogniser_name(), take=take.name, tried=len(heard), words=best.words, errors=best.errors,
        longest_missing=best.longest_missing, failed=best.failed, heard=best.heard,
    )  # fmt: skip
    return replace(clip, verdict=verdict)


def _takes(engine: Callable[[], Engine], text: str) -> Iterator[Take]:
    """The takes worth trying, worked out as they are wanted (a clip heard right at once never loads the
    engine): another seed only from an engine that has one, clauses only when a sentence has more than one."""
    yield FIRST
    if isinstance(engine(), Takes):
        yield ANOTHER_SEED
    if any(len(split_clauses(sentence)) > 1 for sentence in split_sentences(text)):
        yield CLAUSES
