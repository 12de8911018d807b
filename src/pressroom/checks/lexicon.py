"""`publish lexicon check`: every lexicon entry heard by the listener. Each word is said in a carrier sentence
twice, as the voice would say it alone and as the entry has it, and both are heard; an entry earns its place
when what is heard comes nearer the name: nearer its spelling, or, for an entry that gives phonemes, nearer
those phonemes by sound (what was heard, read aloud by the voice's reader of spellings: "Reclu" for Reclus is
the entry's /ɹəklˈu/, "recluse" is not) without straying from the spelling."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pressroom.hear.learning import CARRIER as CARRIER
from pressroom.hear.learning import CLOSER as CLOSER
from pressroom.hear.learning import EntryHeard as EntryHeard
from pressroom.hear.learning import judged
from pressroom.hear.listener import Listener, aligner, normaliser
from pressroom.hear.pieces import ToHear, hear_pieces
from pressroom.run.executors import Executor
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.engine import Engine

PER_JOB = 24
"""Entries heard per worker task (a few seconds of speech each)."""


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
    return [
        judged(word, lexicon[word], heard[2 * n], heard[2 * n + 1], normalise, reader) for n, word in enumerate(words)
    ]
