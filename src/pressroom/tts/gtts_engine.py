"""gTTS (Google Translate's voices, online): bounded retries with backoff, and a clear error when offline."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from importlib.metadata import version

import numpy as np

from pressroom.errors import PressroomError, ServiceUnreachableError
from pressroom.ffmpeg import decode_to_pcm
from pressroom.tts.engine import EngineInfo, Samples, Voice

# What it can do: no more than an engine of plain text (the registry reads these).
from pressroom.tts.plain_engine import dictionary as dictionary
from pressroom.tts.plain_engine import loose_voices as loose_voices
from pressroom.tts.plain_engine import resolve_model as resolve_model

NAME = "gtts"
DESCRIPTION = "gTTS: Google Translate's voices, online"
PHONEMES = None
"""It takes plain text only."""


SAMPLE_RATE = 24000
"""gTTS's MP3s are 24 kHz mono."""
TIMEOUT_SECONDS = 20.0
ATTEMPTS = 4
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def engine_info(voice: Voice) -> EngineInfo:
    return EngineInfo(f"gTTS {version('gTTS')} {voice.language} {voice.options.get('tld', 'com')}", SAMPLE_RATE)


def open_engine(voice: Voice) -> GttsEngine:
    return GttsEngine(voice)


class GttsEngine:
    name = "gtts"

    def __init__(self, voice: Voice, sleep: Callable[[float], None] = time.sleep) -> None:
        self._voice = voice
        self._sleep = sleep
        self._unreachable: ServiceUnreachableError | None = None
        info = engine_info(voice)
        self.sample_rate, self.version = info.sample_rate, info.version

    def synthesize(self, text: str) -> Samples:
        if not text.strip():
            return np.zeros(0, np.int16)
        if self._unreachable is not None:
            raise self._unreachable  # known already: not another round of retries for every sentence
        mp3 = self.fetch_mp3(text)
        return decode_to_pcm(mp3, self.sample_rate)

    def fetch_mp3(self, text: str) -> bytes:
        """The MP3 gTTS returns for the text; retried on connection errors, 429 and 5xx; never empty."""
        from gtts import gTTS, gTTSError

        delay = 1.0
        for attempt in range(1, ATTEMPTS + 1):
            buffer = io.BytesIO()
            try:
                tts = gTTS(
                    text, lang=self._voice.language, tld=self._voice.options.get("tld", "com"), timeout=TIMEOUT_SECONDS
                )
                tts.write_to_fp(buffer)
            except gTTSError as error:
                response = getattr(error, "rsp", None)
                status = getattr(response, "status_code", None)
                if status == 200:
                    # A successful answer with no audio in it: malformed, worth another try.
                    status, error = None, gTTSError("Google's answer held no audio")
                if attempt == ATTEMPTS and response is None and status is None and "no audio" not in str(error):
                    self._unreachable = _unreachable(str(error))
                    raise self._unreachable from None
                if attempt == ATTEMPTS or (status is not None and status not in _RETRY_STATUSES):
                    raise _failure(status, str(error)) from None
                self._sleep(_retry_after(response) or delay)
                delay *= 2
                continue
            audio = buffer.getvalue()
            if audio:
                return audio
            if attempt == ATTEMPTS:
                raise _failure(None, "the response held no audio")
            self._sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


def _retry_after(response: object) -> float | None:
    headers = getattr(response, "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return min(float(value), 60.0) if value is not None else None
    except ValueError:
        return None


def _unreachable(detail: str) -> ServiceUnreachableError:
    return ServiceUnreachableError(
        f"gTTS cannot reach Google (tried {ATTEMPTS} times): {detail.strip()[:160]}",
        hint="gTTS needs the network; check the connection, or use an offline voice such as --voice heart",
    )


def _failure(status: int | None, detail: str) -> PressroomError:
    if status is None:
        return PressroomError(
            f"gTTS could not get speech from Google after {ATTEMPTS} tries: {detail}",
            hint="gTTS needs the network; check the connection, or use an offline voice such as --voice heart",
        )
    return PressroomError(
        f"gTTS: Google answered HTTP {status}: {detail}",
        hint="wait and run again (finished paragraphs are kept), or use an offline voice such as --voice heart",
    )
