"""hibari (PyPI `hibari-tts`): the default engine, offline, with its bundled voice "heart"."""

from __future__ import annotations

import gzip
import json
import os
import re
import threading
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from pressroom.model import SentenceReading
from pressroom.text.phonemes import misaki_to_ipa
from pressroom.tts.engine import EngineInfo, Samples, Voice, to_int16
from pressroom.tts.hibari_timing import phoneme_word_texts, timed_session, timed_speech

# A voice is named as it is in the package, and there are no voice files to drop in (the registry reads these).
from pressroom.tts.plain_engine import loose_voices as loose_voices
from pressroom.tts.plain_engine import resolve_model as resolve_model
from pressroom.tts.stress import stressed_names

if TYPE_CHECKING:
    from hibari import Hibari

NAME = "hibari"
DESCRIPTION = "hibari-tts: offline, fast, deterministic"
PHONEMES = "misaki"
"""It takes phonemes inline, in misaki's notation: `[Kropotkin](/kɹəpˈɑtkɪn/)`."""
_DICTIONARIES = ("lexicon_us_gold.json.gz", "lexicon_us_silver.json.gz")

# The noise in hibari's vocoder is seeded per call, so the same sentence always gives the same samples.
_SEED = 0


READS_EXACTLY = True
"""It says exactly the phonemes it reads (`HibariEngine.reading`): `--verify` proves its sound (the registry reads
this, so that a process that need not speak does not load the voice to ask)."""

TIMES_WORDS = True
"""It says when it says each word (`HibariEngine.synthesize_timed`): known without loading the voice."""

READING = "accents as stress"
"""What Pressroom adds to hibari's reading (tts/stress.py), named in the version: clips read otherwise are made
again."""


def engine_info(voice: Voice) -> EngineInfo:
    from hibari import SAMPLE_RATE

    return EngineInfo(f"hibari-tts {version('hibari-tts')}; {READING}", int(SAMPLE_RATE))


def open_engine(voice: Voice) -> HibariEngine:
    return HibariEngine(voice)


@cache
def dictionary() -> HibariDictionary:
    return HibariDictionary()


def spelling_reader() -> Callable[[str], str]:
    """How the default voice reads a spelling, word by word: what the listener uses to judge a name by sound
    (the recogniser's spelling of it, read aloud, against the phonemes meant)."""
    known = dictionary()
    return lambda text: " ".join(known.guess(word) for word in text.split())


class HibariDictionary:
    """hibari's pronouncing dictionaries (misaki's US gold and silver lists, shipped in its package), and what it
    makes up for a word they do not have."""

    alphabet = PHONEMES

    def __init__(self) -> None:
        words: set[str] = set()
        for name in _DICTIONARIES:
            data = resources.files("hibari").joinpath("assets", name).read_bytes()
            words.update(json.loads(gzip.decompress(data)))
        self._words = frozenset(words)
        self._tts: Hibari | None = None

    def to_ipa(self, phonemes: str) -> str:
        """misaki's one-letter diphthongs and ligatures as IPA writes them (its own table, EN_PHONES.md)."""
        return misaki_to_ipa(phonemes)

    @cache  # noqa: B019 (one dictionary per process)
    def symbols(self) -> frozenset[str]:
        """The symbols hibari's model has (its vocab.json); it drops any other without a word."""
        vocab = json.loads(resources.files("hibari").joinpath("assets", "vocab.json").read_bytes())
        return frozenset(symbol for symbol in vocab if len(symbol) == 1 and not symbol.isspace())

    def knows(self, word: str) -> bool:
        return word in self._words or word.lower() in self._words

    @lru_cache(maxsize=16384)  # noqa: B019 (one dictionary per process: `dictionary()` is cached)
    def guess(self, word: str) -> str:
        if self._tts is None:
            os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
            from hibari import Hibari

            self._tts = Hibari()
        said = self._tts.phonemize(word)
        return str(said[0] if isinstance(said, list) else said).strip(" .")


class _Guesses:
    """hibari's net for the words its dictionaries lack (the one its G2P loads itself), noting each word asked of
    it: which words a sentence reads by guesswork."""

    def __init__(self, british: bool) -> None:
        self._british = british
        self._net: Callable[[str], str | None] | None = None
        self.words: list[str] = []

    def __call__(self, word: str) -> str | None:
        if self._net is None:
            from hibari.g2p.oov import ASSETS, OOV

            self._net = OOV(str(Path(ASSETS) / ("oov_gb.onnx" if self._british else "oov.onnx")))
        self.words.append(word)
        return self._net(word)


_MARKED = re.compile(r"\[([^\]]+)\]\(/")
"""A word given with its phonemes inline."""


class HibariEngine:
    name = "hibari"

    def __init__(self, voice: Voice) -> None:
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        from hibari import Hibari
        from hibari.g2p import G2P
        from hibari.voices import VOICES

        self._voice = voice
        name = voice.model or "heart"
        self._guesses = _Guesses(bool(VOICES[name]["british"]))
        # The G2P hibari would make for the voice, with its net for unknown words watched (same phonemes).
        self._tts = Hibari(voice=name, threads=1, g2p=G2P(oov=self._guesses, british=self._guesses._british))
        # Its model, loaded again with the phoneme durations as an output (the same sound, and when each word is
        # said); the session hibari loaded is let go.
        self._tts.sess = timed_session(self._tts.model_path)
        self._lock = threading.Lock()
        info = engine_info(voice)
        self.sample_rate, self.version = info.sample_rate, info.version

    def synthesize(self, text: str) -> Samples:
        return self.synthesize_take(text, 0)

    def synthesize_take(self, text: str, take: int) -> Samples:
        return self.synthesize_timed(text, take)[0]

    def synthesize_timed(self, text: str, take: int) -> tuple[Samples, tuple[tuple[str, int, int], ...]]:
        """What it says for the text, and each word it says with the text it read it from and when (samples):
        none when its words and its G2P's tokens do not pair off (then only the sentences are timed)."""
        from hibari.g2p.normalize import normalize

        if not text.strip():
            return np.zeros(0, np.int16), ()
        with self._lock:
            said = stressed_names(text, self._phonemize)
            speech = timed_speech(self._tts, self._tts.sess, said, self._voice.speed, _SEED + take)
            g2p = self._tts.g2p
            texts = [
                text
                for sentence in self._tts.split_sentences(said)
                for text in phoneme_word_texts(g2p.phonemize_tokens(g2p.tokenize(normalize(sentence))), self._tts.vocab)
            ]
        samples = to_int16(speech.samples)
        if len(texts) != len(speech.words):
            return samples, ()
        return samples, tuple((text, word.start, word.end) for text, word in zip(texts, speech.words, strict=True))

    def reading(self, sentence: str) -> SentenceReading:
        """The phonemes hibari's model will voice for the sentence, those it would drop, and the words its G2P
        guesses: read by its net for words its dictionaries lack, or given a stress by rule (`stressed_names`)."""
        with self._lock:
            self._guesses.words.clear()
            said = stressed_names(sentence, self._phonemize)
            self._guesses.words.clear()  # what finding the stress asked is not what the sentence is read with
            chunks = self._tts.phonemize(said)
            guessed = [*self._guesses.words]
        stressed = [word for word in _MARKED.findall(said) if word not in _MARKED.findall(sentence)]
        vocab = self._tts.vocab
        symbols = [symbol for chunk in chunks for symbol in chunk if not symbol.isspace()]
        unvoiced = "".join(sorted({symbol for symbol in symbols if symbol not in vocab}))
        # Its G2P sends a known word to the net now and then (after a quotation mark, in a compound): that guess
        # is the word's own reading, not one to doubt. It reads a sentence backwards: the guesses in their order.
        known = dictionary()
        doubted = {word for word in guessed if not known.knows(word)}
        in_order = sorted(set(stressed) | doubted, key=sentence.find)
        return SentenceReading(sum(1 for symbol in symbols if symbol in vocab), unvoiced, tuple(in_order))

    @lru_cache(maxsize=4096)  # noqa: B019 (one engine per voice per process: the cache lives as long as it)
    def _phonemize(self, word: str) -> str:
        return " ".join(self._tts.phonemize(word))
