"""A take: a name said by the voice in a carrier sentence, as the voice says it now or as a curator respells it
(or gives its phonemes); and what the listener hears of it, judged as `publish lexicon check` judges an entry."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

import soundfile

from pressroom.checks.lexicon import CARRIER, EntryHeard, check_entries
from pressroom.errors import UsageError
from pressroom.records.proof import Kept
from pressroom.run.executors import ENGINE_LOCK, InProcess
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.engine import Dictionary, Engine
from pressroom.tts.hibari_engine import spelling_reader

_HEARING = threading.Lock()
"""One hearing at a time: the recogniser is loaded once and its threads are the machine's."""


@dataclass(frozen=True)
class Speaker:
    """The voice the desk speaks with: its loaded engine, its dictionary, and whether it takes phonemes."""

    engine: Engine
    dictionary: Dictionary | None
    takes_phonemes: bool
    language: str = "en"

    def check(self, change: Kept) -> None:
        """Refuse a change the voice cannot say: phonemes to a voice that takes none, or symbols outside its
        alphabet (the voice would drop them silently)."""
        if not change.word.strip():
            raise UsageError("give the word the change is for")
        if not change.phonemes:
            if not change.respelling.strip():
                raise UsageError(f"{change.word}: give a respelling or phonemes")
            return
        if not self.takes_phonemes or self.dictionary is None:
            raise UsageError(f"{change.word}: this voice takes no phonemes; give a respelling")
        unknown = sorted({symbol for symbol in change.phonemes if symbol not in self.dictionary.symbols()})
        if unknown:
            shown = " ".join(repr(symbol) for symbol in unknown)
            raise UsageError(
                f"{change.word}: {shown} {'is' if len(unknown) == 1 else 'are'} not in the voice's alphabet "
                f"({self.dictionary.alphabet})",
                hint=f"use its symbols: {''.join(sorted(self.dictionary.symbols())).strip()}",
            )

    def said(self, word: str, change: Kept | None) -> str:
        """The carrier sentence as the engine is given it."""
        return f"{CARRIER} {change.spoken(self.takes_phonemes) if change else word}."

    def take(self, word: str, change: Kept | None) -> bytes:
        """The take as a WAV file."""
        if change is not None:
            self.check(change)
        with ENGINE_LOCK:
            clip = synthesize_clip(self.engine, self.said(word, change), 0)
        buffer = io.BytesIO()
        soundfile.write(buffer, clip.samples, clip.rate, format="WAV", subtype="PCM_16")
        return buffer.getvalue()

    def hear(self, change: Kept) -> EntryHeard:
        """The word heard as the voice says it alone and as the change has it, and the verdict."""
        self.check(change)
        reader = spelling_reader() if self.takes_phonemes else None
        with _HEARING, ENGINE_LOCK:
            (heard,) = check_entries(
                {change.word: change.spoken(self.takes_phonemes)}, self.engine, InProcess(self.engine),
                self.language, reader=reader,
            )  # fmt: skip
        return heard
