"""Speech sent to a worker to be heard: a few utterances' samples with the listener that hears them, and the
function a worker runs on them. Any executor carries them (a value of bytes, not arrays)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pressroom.ffmpeg import Samples
from pressroom.hear.listener import RATE, HeardWord, Listener


@dataclass(frozen=True)
class ToHear:
    """Utterances to be heard by a worker (`publish check --listen`, `publish lexicon check`)."""

    pieces: tuple[bytes, ...]
    """Each utterance's samples: mono, 16-bit little-endian, at `rate`."""
    listener: Listener
    rate: int = RATE


def hear_pieces(hearing: ToHear) -> tuple[str, ...]:
    """Run in a worker: what the listener heard of each piece, each at the rate it was given at."""
    return tuple(
        hearing.listener.hear(np.frombuffer(piece, dtype="<i2").astype(np.int16), hearing.rate)
        for piece in hearing.pieces
    )


def hear_words_of_pieces(hearing: ToHear) -> tuple[tuple[HeardWord, ...], ...]:
    """Run in a worker: each word the listener heard of each piece, with when it is said (ms from the piece's
    start)."""
    return tuple(
        hearing.listener.hear_words_pcm(np.frombuffer(piece, dtype="<i2").astype(np.int16), hearing.rate)
        for piece in hearing.pieces
    )


def speech_batches(pieces: list[Samples], listener: Listener, rate: int, batch_ms: int) -> list[ToHear]:
    """The pieces in order, in batches of about `batch_ms` of speech: enough to keep a worker busy, little to send."""
    grouped: list[ToHear] = []
    batch: list[bytes] = []
    length = 0
    for piece in pieces:
        batch.append(piece.astype("<i2").tobytes())
        length += len(piece) * 1000 // rate
        if length >= batch_ms:
            grouped.append(ToHear(tuple(batch), listener, rate))
            batch, length = [], 0
    if batch:
        grouped.append(ToHear(tuple(batch), listener, rate))
    return grouped
