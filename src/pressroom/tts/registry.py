"""From a voice profile to a loaded engine, or to what its clips depend on without loading it."""

from __future__ import annotations

from pressroom.tts.engine import Engine, EngineInfo, Voice


def open_engine(voice: Voice) -> Engine:
    """Load the voice's engine once; the caller reuses it for every sentence."""
    if voice.engine == "hibari":
        from pressroom.tts.hibari_engine import HibariEngine

        return HibariEngine(voice)
    if voice.engine == "piper":
        from pressroom.tts.piper_engine import PiperEngine

        return PiperEngine(voice)
    from pressroom.tts.gtts_engine import GttsEngine

    return GttsEngine(voice)


def engine_info(voice: Voice) -> EngineInfo:
    """The engine's version and sample rate, without loading the model (hundreds of MB a process that only
    assembles files does not need)."""
    if voice.engine == "hibari":
        from pressroom.tts import hibari_engine

        return hibari_engine.engine_info(voice)
    if voice.engine == "piper":
        from pressroom.tts import piper_engine

        return piper_engine.engine_info(voice)
    from pressroom.tts import gtts_engine

    return gtts_engine.engine_info(voice)
