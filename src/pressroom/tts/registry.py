"""The engines Pressroom knows, gathered from the modules that declare them.

Each engine module declares its `NAME`, a one-line `DESCRIPTION`, `open_engine(voice)` (loads the model) and
`engine_info(voice)` (what its clips depend on, without loading the model), and what it can do:
`PHONEMES` (the alphabet of phonemes it takes inline in the text, or None), `dictionary()` (its pronouncing
dictionary, or None) and `resolve_model(model, folder)` (what a profile's `model` names, from the profile's
folder) and `loose_voices(folder)` (voices usable from a model file dropped into a voices folder, with no
profile). Adding an engine is adding its module to `ENGINE_MODULES`; nothing outside its module names it.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Protocol, cast

from pressroom.errors import UsageError
from pressroom.tts.engine import Dictionary, Engine, EngineInfo, Voice

ENGINE_MODULES = (
    "pressroom.tts.hibari_engine",
    "pressroom.tts.piper_engine",
    "pressroom.tts.gtts_engine",
    "pressroom.tts.tone_engine",
)


class EngineModule(Protocol):
    NAME: str
    DESCRIPTION: str

    @property
    def PHONEMES(self) -> str | None:  # noqa: N802 (a module's constant, as the engine modules declare it)
        """The alphabet of the phonemes it takes inline (`[Kropotkin](/kɹəpˈɑtkɪn/)`), or None."""
        ...

    def open_engine(self, voice: Voice) -> Engine: ...

    def engine_info(self, voice: Voice) -> EngineInfo: ...

    def dictionary(self) -> Dictionary | None:
        """Its pronouncing dictionary (loaded when asked for), or None when it has none to consult."""
        ...

    def resolve_model(self, model: str, folder: Path) -> str:
        """What a profile in `folder` means by `model` (a file beside it, a name in a package)."""
        ...

    def loose_voices(self, folder: Path) -> list[Voice]:
        """The voices of its model files in `folder`, usable by name without a profile."""
        ...


@cache
def registry() -> dict[str, EngineModule]:
    """Engine name -> its module. Importing a module loads no model: engines import their libraries when opened."""
    modules = [cast(EngineModule, importlib.import_module(name)) for name in ENGINE_MODULES]
    return {module.NAME: module for module in modules}


def engine_names() -> tuple[str, ...]:
    return tuple(registry())


def engine_module(name: str) -> EngineModule:
    """The engine called `name`; an unknown name is the user's mistake (a voice profile's `engine`)."""
    module = registry().get(name)
    if module is None:
        raise UsageError(f"no engine named {name!r}", hint=f"the engines are: {', '.join(engine_names())}")
    return module


def open_engine(voice: Voice) -> Engine:
    """Load the voice's engine once; the caller reuses it for every sentence."""
    return engine_module(voice.engine).open_engine(voice)


def takes_phonemes(engine: str) -> bool:
    """Whether the engine takes phonemes inline in its text."""
    return engine_module(engine).PHONEMES is not None


def reads_exactly(engine: str) -> bool:
    """Whether the engine says exactly the phonemes it reads and can tell them (`tts.engine.Reads`), known
    without loading a voice."""
    return bool(getattr(engine_module(engine), "READS_EXACTLY", False))


def times_words(engine: str) -> bool:
    """Whether the engine says when it says each word (`tts.engine.TimesWords`), known without loading a voice."""
    return bool(getattr(engine_module(engine), "TIMES_WORDS", False))


def engine_dictionary(engine: str) -> Dictionary | None:
    return engine_module(engine).dictionary()


def resolve_model(engine: str, model: str, folder: Path) -> str:
    return engine_module(engine).resolve_model(model, folder)


def loose_voices(folder: Path) -> list[Voice]:
    """Every engine's voices from model files dropped into `folder`."""
    return [voice for module in registry().values() for voice in module.loose_voices(folder)]


def engine_info(voice: Voice) -> EngineInfo:
    """The engine's version and sample rate, without loading the model (hundreds of MB a process that only
    assembles files does not need)."""
    return engine_module(voice.engine).engine_info(voice)
