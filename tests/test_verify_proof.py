"""`--verify`'s proof, on heart's real sound: what the voice reads (its phonemes, the words it guesses) and what a
sentence's sound must be to be vouched for without a listener."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pressroom.hear.sound_proof import (
    LONGEST_SILENCE_MS,
    in_sample,
    longest_silence_ms,
    prove_clip,
    prove_sentence,
    to_hear,
)
from pressroom.model import SentenceReading
from pressroom.run.making import Job, verified_clip
from pressroom.text.speech import split_sentences
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.engine import Reads
from pressroom.tts.hibari_engine import HibariEngine
from pressroom.tts.registry import open_engine, reads_exactly
from pressroom.tts.voices import find_voice

SENTENCE = "The cities, bound together by railroads and waterways, are organisms which have lived through centuries."


@pytest.fixture(scope="module")
def heart() -> HibariEngine:
    engine = open_engine(find_voice("heart", None))
    assert isinstance(engine, HibariEngine) and isinstance(engine, Reads)
    return engine


def test_the_voice_says_which_words_it_guesses_and_how_many_phonemes_it_voices(heart: HibariEngine) -> None:
    plain = heart.reading(SENTENCE)
    assert plain.guessed == () and plain.unvoiced == "" and plain.phonemes > 60
    names = heart.reading("It was then that Babeuf and Buonarroti spoke of the commune.")
    assert names.guessed == ("Babeuf", "Buonarroti")
    # A name given its stress by its accent is the voice's guess too; one given phonemes (the lexicon) is not.
    assert heart.reading("Tolstóy wrote to Peter [Kropotkin](/kɹəpˈɑtkɪn/).").guessed == ("Tolstóy",)
    # SentenceReading does not change what is said: the same samples before and after.
    before = heart.synthesize("Babeuf spoke.")
    heart.reading("Babeuf spoke.")
    assert np.array_equal(before, heart.synthesize("Babeuf spoke."))


def test_heart_saying_a_sentence_is_vouched_for_and_a_stall_or_a_cut_is_not(heart: HibariEngine) -> None:
    reading = heart.reading(SENTENCE)
    said = heart.synthesize(SENTENCE)
    rate = heart.sample_rate
    assert prove_sentence(said, rate, reading, 1.0) == ""
    middle = len(said) // 2
    stalled = np.concatenate([said[:middle], np.zeros(rate * 2, np.int16), said[middle:]])
    assert longest_silence_ms(stalled, rate) >= 1960 > LONGEST_SILENCE_MS  # whole 20 ms frames
    assert prove_sentence(stalled, rate, reading, 1.0).endswith("s of silence inside it")
    assert "ms of sound a phoneme" in prove_sentence(said[: len(said) // 2], rate, reading, 1.0)
    assert prove_sentence(said[:0], rate, reading, 1.0) == "said as nothing"
    assert "no sound for" in prove_sentence(said, rate, replace(reading, unvoiced="ʘ"), 1.0)
    # At speed 1.5 the same sound would be too slow for its phonemes: the pace is the voice's at its speed.
    assert "ms of sound a phoneme" in prove_sentence(np.concatenate([said, said]), rate, reading, 1.5)


def test_a_clip_hears_only_the_sentences_chosen_and_those_its_sound_fails(heart: HibariEngine) -> None:
    text = f"{SENTENCE} It was then that Babeuf spoke. The mines bear on their walls the marks of labour."
    clip = synthesize_clip(heart, text, 400)
    sentences = [SENTENCE, "It was then that Babeuf spoke.", "The mines bear on their walls the marks of labour."]
    readings = [heart.reading(sentence) for sentence in sentences]
    spans = clip.sentence_spans(clip.rate * 400 // 1000)
    proofs = prove_clip(clip.samples, clip.rate, spans, readings, 1.0, {1})
    assert [(proof.unproved, proof.heard) for proof in proofs] == [("", False), ("", True), ("", False)]
    stalled = np.concatenate([clip.samples[: spans[2][0]], np.zeros(clip.rate * 2, np.int16),
                              clip.samples[spans[2][0]:]])  # fmt: skip
    moved = [*spans[:2], (spans[2][0], spans[2][1] + clip.rate * 2)]
    proofs = prove_clip(stalled, clip.rate, moved, readings, 1.0, {1})
    assert [proof.heard for proof in proofs] == [False, True, True] and "silence" in proofs[2].unproved
    # A clip whose sentences are not its readings' is vouched for nowhere.
    unmatched = prove_clip(clip.samples, clip.rate, spans[:2], readings, 1.0, ())
    assert all(proof.heard and proof.unproved for proof in unmatched)


def test_a_guessed_word_is_heard_where_the_work_first_reads_it_and_a_sample_besides() -> None:
    babeuf, plain = SentenceReading(20, guessed=("Babeuf",)), SentenceReading(30)
    keys = [key for key in (f"clip{n}" for n in range(200)) if not any(in_sample(key, i) for i in range(3))]
    clips = [(keys[0], [plain, babeuf]), (keys[1], [babeuf, plain, SentenceReading(25, guessed=("Babeuf", "Godwin"))])]
    assert to_hear(clips) == [(1,), (2,)]
    # The sample: about one sentence in fifty, the same for the same clip every time.
    sampled = [in_sample(f"clip{n}", 0) for n in range(2000)]
    assert 0.01 < sum(sampled) / len(sampled) < 0.03
    assert sampled == [in_sample(f"clip{n}", 0) for n in range(2000)]
    assert to_hear([(f"clip{n}", [plain]) for n in range(2000)]) == [(0,) if one else () for one in sampled]


def test_reading_a_sentence_with_no_words_voices_nothing(heart: HibariEngine) -> None:
    assert heart.reading("") == SentenceReading(0)
    assert prove_sentence(np.zeros(0, np.int16), heart.sample_rate, SentenceReading(0), 1.0) == ""


def test_which_engines_are_proved_is_known_without_loading_a_voice() -> None:
    """A run with workers asks before it loads the voice here (Piper's joe would cost the main process 1.2 GB)."""
    assert reads_exactly("hibari") and not reads_exactly("piper") and not reads_exactly("tone")


@pytest.mark.slow
def test_a_clip_cached_without_its_sentence_ends_is_heard_whole_not_made_again(heart: HibariEngine) -> None:
    """A clip from a cache made before clips kept where their sentences end cannot be proved sentence by
    sentence: it is heard whole, and kept when heard right."""
    text = "The mines bear on their walls the marks of labour. It was then that Babeuf spoke."
    cached = replace(synthesize_clip(heart, text, 400), sentence_ends=())
    readings = tuple(heart.reading(sentence) for sentence in split_sentences(text))
    job = Job("key", text, find_voice("heart", None), 400, "a test", True, readings, (1,))
    verdict = verified_clip(lambda: heart, job, cached).verdict
    assert verdict is not None and verdict.take == "first" and verdict.tried == 1 and not verdict.failed
    assert verdict.words == 16 and verdict.unproved == "its sentences are not the text's"
