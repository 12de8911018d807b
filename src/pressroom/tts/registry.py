"""The engines Pressroom knows, gathered from the modules that declare them.

Each engine module declares its `NAME`, a one-line `DESCRIPTION`, `open_engine(voice)` (loads the model) and
`engine_info(voice)` (what its clips depend on, without loading the model). Adding an engine is adding its
module to `ENGINE_MODULES`.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Protocol, cast

from pressroom.errors import UsageError
from pressroom.tts.engine import Engine, EngineInfo, Voice

ENGINE_MODULES = (
    "pressroom.tts.hibari_engine",
    "pressroom.tts.piper_engine",
    "pressroom.tts.gtts_engine",
    "pressroom.tts.tone_engine",
)


class EngineModule(Protocol):
    NAME: str
    DESCRIPTION: str

    def open_engine(self, voice: Voice) -> Engine: ...

    def engine_info(self, voice: Voice) -> EngineInfo: ...


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


def engine_info(voice: Voice) -> EngineInfo:
    """The engine's version and sample rate, without loading the model (hundreds of MB a process that only
    assembles files does not need)."""
    return engine_module(voice.engine).engine_info(voice)
