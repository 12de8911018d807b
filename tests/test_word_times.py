"""When hibari says each word, from its own phoneme durations (issue 41, the first step): the same samples as
hibari makes, and each word placed where its sound begins."""

from __future__ import annotations

import statistics
from functools import cache

import numpy as np
import pytest

from pressroom.tts.hibari_timing import TimedSpeech, timed_session, timed_speech


@cache
def _voice() -> tuple[object, object]:
    from hibari import Hibari
    from hibari.voices import voice_path

    return Hibari("heart"), timed_session(voice_path("heart"))


def _said(text: str) -> TimedSpeech:
    tts, session = _voice()
    return timed_speech(tts, session, text, 1.0, 0)


SENTENCES = [
    "Peter wrote a book.",
    "Go, then stop; and then go.",
    "Did the commune of Paris fail? It did not; it showed the way.",
    "In eighteen seventy-one, the workers of Paris took their city.",
    "Mutual aid is a factor of evolution.\n\nSo is struggle, said the naturalists.",
    "“Bread,” he said — “bread for all!”",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_timed_speech_is_hibaris_own_and_its_words_run_in_order(text: str) -> None:
    tts, _ = _voice()
    speech = _said(text)
    assert np.array_equal(speech.samples, tts(text, speed=1.0, seed=0)), "the clip's bytes do not change"  # type: ignore[operator]
    chunks = tts.phonemize(text)  # type: ignore[attr-defined]
    said = [word for chunk in chunks for word in chunk.split() if any(symbol.isalpha() for symbol in word)]
    assert len(speech.words) == len(said)
    assert all(0 <= w.start < w.end <= len(speech.samples) for w in speech.words)
    assert all(a.end <= b.start for a, b in zip(speech.words, speech.words[1:], strict=False))


def test_a_word_after_a_pause_starts_where_its_sound_does() -> None:
    """Energy onsets after a pause are the one place a word's start can be read from the sound alone."""
    apart = []
    for text in SENTENCES:
        speech = _said(text)
        window = 120  # 5 ms at 24 kHz
        loud = np.sqrt(np.convolve(speech.samples**2, np.ones(window) / window, mode="same")) > 0.015
        for before, word in zip((None, *speech.words), speech.words, strict=False):
            gap_from = before.end if before is not None else 0
            if word.start - gap_from < 2400:  # at least 100 ms of pause before it
                continue
            low = max(gap_from, word.start - 4800)
            onset = low + int(np.argmax(loud[low : word.start + 4800]))
            apart.append((word.start - onset) / 24)
    assert len(apart) >= 10
    assert abs(statistics.median(apart)) <= 25, apart
    assert max(abs(a) for a in apart) <= 90, apart
