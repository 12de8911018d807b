"""When hibari says each word, from its own model (issue 41): the model predicts a duration for every phoneme
before it makes a sound (its `/dur/` layers, rounded, then summed), and that tensor, added as an output of the
graph as it is loaded (the model file is not changed), gives each phoneme's place in the samples exactly. A
word's time is that of its phonemes: the G2P writes a sentence's words as phoneme words between spaces.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from hibari import Hibari

LEAD_UNITS = 1.5
"""The sound of a phoneme begins this many duration units (25 ms each) before its place by the summed durations:
the vocoder's frames overlap. Measured against the energy onsets of 183 words after a pause (Law and Authority,
60 sentences): the summed durations were 36 ms late (median; quartiles 13 and 45)."""

DURATIONS = "/Cast_32_output_0"
"""The rounded phoneme durations (int64, one per id, pads included), the input of the graph's CumSum."""


@dataclass(frozen=True)
class SaidWord:
    """A phoneme word of the sentence (as the G2P wrote it, its punctuation aside) and when it is said, in
    samples from the clip's start: from its first phoneme's start to its last phoneme's end."""

    phonemes: str
    start: int
    end: int


@dataclass(frozen=True)
class TimedSpeech:
    samples: npt.NDArray[np.float32]
    """Float samples, as hibari makes them."""
    words: tuple[SaidWord, ...]


def timed_session(model_path: str, threads: int = 1) -> Any:
    """An onnxruntime session of the model with the phoneme durations as a seventh output."""
    import onnx
    import onnxruntime as ort

    model = onnx.load(model_path)
    names = {node.output[0] for node in model.graph.node if node.output}
    if DURATIONS not in names:
        raise RuntimeError(f"{model_path} has no {DURATIONS}: not the graph hibari 0.2 ships")
    model.graph.output.append(onnx.helper.make_tensor_value_info(DURATIONS, onnx.TensorProto.INT64, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = threads
    options.log_severity_level = 3
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def timed_speech(tts: Hibari, session: Any, text: str, speed: float, seed: int) -> TimedSpeech:
    """What `Hibari.__call__(text, speed, seed)` says, the same samples, and when each phoneme word is said."""
    from hibari import dsp

    rng = np.random.default_rng(seed)
    parts: list[npt.NDArray[np.float32]] = []
    words: list[SaidWord] = []
    offset = 0
    for phonemes in tts.phonemize(text):
        ids = tts.ids(phonemes)
        if len(ids) < 3:  # as hibari does: nothing to say
            continue
        out = session.run(None, {"ids": np.asarray([ids], np.int64), "speed": np.asarray([speed], np.float32)})
        wav = dsp.synth(*(o[0] for o in out[:6]), rng)
        durations = np.asarray(out[6]).ravel()
        unit = len(wav) / max(1, int(durations.sum()))  # samples per duration unit (two frames)
        ends = np.cumsum(durations)
        for word, first, last in _phoneme_words(phonemes, tts.vocab):
            start = max(0, round(float(ends[first] - durations[first] - LEAD_UNITS) * unit))
            words.append(SaidWord(word, offset + start, offset + round(float(ends[last] - LEAD_UNITS) * unit)))
        parts.append(wav)
        offset += len(wav)
    samples = np.concatenate(parts).astype(np.float32, copy=False) if parts else np.zeros(0, np.float32)
    return TimedSpeech(samples, tuple(words))


def _phoneme_words(phonemes: str, vocab: dict[str, int]) -> Iterator[tuple[str, int, int]]:
    """Each phoneme word of a chunk, with the indices (in the model's ids, the leading pad counted) of its first
    and last voiced phonemes; punctuation around it is not its sound."""
    position = 1  # ids[0] is the pad
    word: list[str] = []
    first = last = -1
    for symbol in [*phonemes, " "]:
        if symbol.isspace():
            if first >= 0:
                yield "".join(word), first, last
            word, first, last = [], -1, -1
            if symbol in vocab:
                position += 1
            continue
        if symbol not in vocab:
            continue  # a symbol the model drops has no id, and no time
        if symbol.isalpha() or symbol in _PHONEME_MARKS:
            word.append(symbol)
            first = position if first < 0 else first
            last = position
        position += 1


_PHONEME_MARKS = frozenset("ˈˌːʰ̃ʔ")
"""Marks that are part of a phoneme word's sound (stress, length), not punctuation."""


def word_spans(words: Sequence[SaidWord]) -> list[tuple[int, int]]:
    return [(word.start, word.end) for word in words]


def phoneme_word_texts(tokens: Sequence[Any], vocab: dict[str, int]) -> list[str]:
    """The text each phoneme word of a sentence was read from, from its G2P's tokens (each with its `text`, its
    `phonemes` and the `whitespace` after it), in the order `_phoneme_words` times them: the G2P joins the
    tokens' phonemes with a space where the text had one, so a word's phonemes may come from several tokens
    (`Kropotkin` and `'s`) and a token's from several words (a figure said in words)."""
    owners: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        owners.extend((symbol, index) for symbol in token.phonemes or "")
        if token.whitespace:
            owners.append((" ", index))
    texts: list[str] = []
    current: list[int] = []
    sounded = False
    for symbol, index in [*owners, (" ", -1)]:
        if symbol.isspace():
            if sounded:
                texts.append("".join(tokens[i].text for i in dict.fromkeys(current)))
            current, sounded = [], False
            continue
        current.append(index)
        sounded = sounded or (symbol in vocab and (symbol.isalpha() or symbol in _PHONEME_MARKS))
    return texts
