"""A voice with its clip cache: what every narration speaks with."""

from __future__ import annotations

from pressroom.audio.cache import ClipCache, clip_key
from pressroom.tts.engine import Engine, EngineInfo, Voice
from pressroom.tts.registry import engine_info, open_engine


class Narrator:
    """A voice with its cache. The voice's model is loaded only when this process speaks; with worker
    processes, the main one only needs to know the engine's version and sample rate."""

    def __init__(self, voice: Voice, cache: ClipCache, engine: Engine | None = None) -> None:
        self.voice = voice
        self.cache = cache
        self._engine = engine
        self._info: EngineInfo | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.voice)
        return self._engine

    @property
    def loaded(self) -> bool:
        """Whether this process has loaded the voice (it need not, when workers do all the speaking)."""
        return self._engine is not None

    @property
    def info(self) -> EngineInfo:
        if self._info is None:
            loaded = self._engine
            self._info = engine_info(self.voice) if loaded is None else EngineInfo(loaded.version, loaded.sample_rate)
        return self._info

    @property
    def credit(self) -> str:
        """Who reads, as a book or a player names the narrator: the voice, said to be synthetic."""
        return f"{self.voice.name} (synthetic voice, {self.info.version})"

    def key(self, text: str, sentence_pause_ms: int) -> str:
        """The cache key of an utterance spoken by this voice."""
        return clip_key(text, self.voice.settings_key(), self.info.version, sentence_pause_ms)
