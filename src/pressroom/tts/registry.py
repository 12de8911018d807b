"""From a voice profile to a loaded engine."""

from __future__ import annotations

from pressroom.tts.engine import Engine, Voice


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
