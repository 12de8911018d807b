"""The engines behind the one interface: hibari and Piper for real; gTTS against its real response format,
served without the network by `responses`."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import requests
import responses

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.errors import PressroomError, ServiceUnreachableError, UsageError
from pressroom.ffmpeg import ffmpeg_exe
from pressroom.model import Block, BlockKind, Chapter, SourceRef, Work, WorkMeta
from pressroom.run.executors import InProcess
from pressroom.tts.engine import Voice
from pressroom.tts.gtts_engine import ATTEMPTS, GttsEngine
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice, load_lexicon, load_voices, read_voices
from tests.conftest import survived

BATCHEXECUTE = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def _tone_mp3(seconds: float = 0.5) -> bytes:
    """A real MP3 as Google sends it: 24 kHz mono, 32 kbps."""
    done = subprocess.run(
        [ffmpeg_exe(), "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate=24000",
         "-ac", "1", "-b:a", "32k", "-f", "mp3", "-"],
        capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


def _batchexecute_body(mp3: bytes) -> str:
    """The body of Google's batchexecute answer, in the shape gTTS parses (one `wrb.fr` line per RPC)."""
    compact = (",", ":")
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")], separators=compact)
    rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"], ["di", 38]], separators=compact)
    return f')]}}\'\n\n{len(rpc)}\n{rpc}\n25\n[["e",4,null,null,{len(rpc) + 40}]]\n'


@pytest.fixture
def google() -> Voice:
    return find_voice("google", None)


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@responses.activate
def test_gtts_decodes_the_audio_of_a_real_response(google: Voice) -> None:
    responses.post(BATCHEXECUTE, body=_batchexecute_body(_tone_mp3(0.5)))
    samples = GttsEngine(google).synthesize("Hello there.")
    assert samples.dtype == np.int16
    assert 0.4 * 24000 < len(samples) < 0.7 * 24000
    assert np.abs(samples).max() > 1000


@responses.activate
def test_gtts_retries_429_after_the_time_the_server_asks_then_succeeds(google: Voice) -> None:
    responses.post(BATCHEXECUTE, status=429, headers={"Retry-After": "7"})
    responses.post(BATCHEXECUTE, status=503)
    responses.post(BATCHEXECUTE, body=_batchexecute_body(_tone_mp3()))
    sleeps = Sleeps()
    assert len(GttsEngine(google, sleep=sleeps).synthesize("Hello.")) > 0
    assert sleeps == [7.0, 2.0]
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


@responses.activate
def test_gtts_gives_up_after_bounded_retries_with_a_clear_message(google: Voice) -> None:
    responses.post(BATCHEXECUTE, status=500)
    sleeps = Sleeps()
    with pytest.raises(PressroomError, match="Google answered HTTP 500") as caught:
        GttsEngine(google, sleep=sleeps).synthesize("Hello.")
    assert "offline voice" in str(caught.value)
    assert len(responses.calls) == ATTEMPTS
    assert sleeps == [1.0, 2.0, 4.0]
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


@responses.activate
def test_gtts_offline_stops_the_whole_run_at_once_in_one_line(google: Voice, tmp_path: Path) -> None:
    # Before: each of a book's utterances was tried four times (a book took an hour to fail), and the message
    # repeated the reason once per utterance.
    responses.post(BATCHEXECUTE, body=requests.exceptions.ConnectionError("Failed to establish a new connection"))
    engine = GttsEngine(google, sleep=Sleeps())
    blocks = tuple(Block(BlockKind.PARAGRAPH, f"Paragraph {n}.", SourceRef("s.txt", n)) for n in range(20))
    work = Work(WorkMeta("Offline", "Nobody", "offline", "offline"), (Chapter("One", 1, blocks),))
    with pytest.raises(ServiceUnreachableError, match="gTTS cannot reach Google") as stopped:
        publish_audio(work, tmp_path / "out", Narrator(google, ClipCache(tmp_path / "c"), engine),
                      executor=InProcess(engine))  # fmt: skip
    assert len(responses.calls) == ATTEMPTS, "one utterance's retries, then nothing more"
    assert len(str(stopped.value)) < 300 and "\n" not in str(stopped.value)
    assert not (tmp_path / "out" / "offline").exists(), "no empty work folder is left"
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


@responses.activate
def test_gtts_offline_says_it_needs_the_network(google: Voice) -> None:
    responses.post(BATCHEXECUTE, body=requests.exceptions.ConnectionError("Failed to establish a new connection"))
    with pytest.raises(PressroomError, match="gTTS needs the network"):
        GttsEngine(google, sleep=Sleeps()).synthesize("Hello.")
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


@responses.activate
def test_gtts_does_not_retry_a_client_error(google: Voice) -> None:
    responses.post(BATCHEXECUTE, status=403)
    with pytest.raises(PressroomError, match="HTTP 403"):
        GttsEngine(google, sleep=Sleeps()).synthesize("Hello.")
    assert len(responses.calls) == 1
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


NO_AUDIO_BODIES = [
    ')]}\'\n\n12\n[["di",38]]\n',
    ')]}\'\n\n40\n[["wrb.fr","jQ1olc",null,null,"generic"]]\n',
    "",
]


@pytest.mark.parametrize("body", NO_AUDIO_BODIES, ids=["no rpc", "rpc without audio", "empty"])
@responses.activate
def test_gtts_a_response_without_audio_is_an_error_and_nothing_is_cached(
    body: str, google: Voice, tmp_path: Path
) -> None:
    responses.post(BATCHEXECUTE, body=body)
    with pytest.raises(PressroomError, match="no audio"):
        GttsEngine(google, sleep=Sleeps()).synthesize("Hello.")
    assert len(responses.calls) == ATTEMPTS
    # Through a whole narration: the run fails naming the paragraphs, and the cache it was given holds nothing.
    engine = GttsEngine(google, sleep=Sleeps())
    cache = ClipCache(tmp_path / "cache")
    work = Work(
        WorkMeta("Silence", "Nobody", "silence", "silence"),
        (Chapter("One", 1, (Block(BlockKind.PARAGRAPH, "Hello there.", SourceRef("s.txt", 1)),)),),
    )
    with pytest.raises(PressroomError, match=r"could not be narrated: One, utterance \d") as failure:
        publish_audio(work, tmp_path / "out", Narrator(google, cache, engine), executor=InProcess(engine))
    assert "no audio" in str(failure.value)
    assert cache.usage().entries == 0
    assert not list((tmp_path / "cache").rglob("*.clip"))
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


def test_hibari_the_default_voice_is_deterministic() -> None:
    voice = find_voice(None, None)
    assert (voice.name, voice.engine) == ("heart", "hibari")
    engine = open_engine(voice)
    first = engine.synthesize("The conquest of bread.")
    assert engine.sample_rate == 24000
    assert 0.5 * 24000 < len(first) < 3 * 24000
    assert np.array_equal(first, engine.synthesize("The conquest of bread."))
    assert len(engine.synthesize("   ")) == 0


def test_piper_joe_is_bundled_and_deterministic() -> None:
    engine = open_engine(find_voice("joe", None))
    assert engine.sample_rate == 22050
    first = engine.synthesize("Mutual aid is a factor of evolution.")
    assert len(first) > 22050
    assert np.array_equal(first, engine.synthesize("Mutual aid is a factor of evolution."))
    assert "en_US-joe-medium.onnx" in engine.version


def test_voices_lists_built_in_and_user_profiles_and_dropped_piper_voices(tmp_path: Path) -> None:
    (tmp_path / "slow.toml").write_text('name = "slow"\nengine = "hibari"\nspeed = 0.8\ndescription = "Slower"\n')
    (tmp_path / "mine.onnx").write_bytes(b"not really a model")
    (tmp_path / "lexicon.toml").write_text('[words]\nMalatesta = "Mala-testa"\n')
    voices = load_voices(tmp_path)
    assert {"heart", "joe", "google", "slow", "mine"} <= set(voices)
    assert voices["heart"].source == "built in"
    assert voices["slow"].source == str(tmp_path / "slow.toml") and voices["slow"].speed == 0.8
    assert voices["mine"].engine == "piper"
    with pytest.raises(UsageError, match="mine"):
        open_engine(voices["mine"])
    lexicon = load_lexicon(tmp_path)
    assert lexicon["Malatesta"] == "Mala-testa" and lexicon["Izvestiia"] == "Izvestia"


def test_a_bad_profile_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "bad"\nengine = "festival"\n')
    shelf = read_voices(tmp_path)
    assert "bad" not in shelf.voices and "heart" in shelf.voices, "the others are still there"
    assert re.search(r"bad\.toml.*festival", str(shelf.broken["bad"]))
    with pytest.raises(PressroomError, match=r"bad\.toml.*festival"):
        find_voice("bad", tmp_path)
    with pytest.raises(UsageError, match="did you mean heart"):
        find_voice("hart", None)


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ConnectTimeout("the server never answered"),
        requests.exceptions.ReadTimeout("the server never answered"),
        requests.exceptions.ConnectionError("Failed to resolve 'translate.google.com' (DNS)"),
    ],
    ids=["connect timeout", "read timeout", "dns failure"],
)
@responses.activate
def test_gtts_a_silent_or_unknown_server_is_retried_then_reported(google: Voice, failure: Exception) -> None:
    responses.post(BATCHEXECUTE, body=failure)
    sleeps = Sleeps()
    with pytest.raises(PressroomError, match="gTTS needs the network"):
        GttsEngine(google, sleep=sleeps).synthesize("Hello.")
    assert len(responses.calls) == ATTEMPTS and sleeps == [1.0, 2.0, 4.0]
    survived("gTTS failures (refused, DNS, timeouts, 429, 5xx, 403, no audio)")


def test_every_engine_module_declares_what_it_can_do() -> None:
    """mypy checks each module against the protocol the registry reads (a module is a value of it); the
    capabilities are what the rest of Pressroom asks instead of naming an engine."""
    from pressroom.tts import gtts_engine, hibari_engine, piper_engine, registry, tone_engine

    hibari: registry.EngineModule = hibari_engine
    piper: registry.EngineModule = piper_engine
    gtts: registry.EngineModule = gtts_engine
    tone: registry.EngineModule = tone_engine
    modules = (hibari, piper, gtts, tone)
    assert sorted(module.NAME for module in modules) == sorted(registry.engine_names())
    assert [registry.takes_phonemes(module.NAME) for module in modules] == [True, False, False, False]
    dictionary = registry.engine_dictionary(hibari_engine.NAME)
    assert dictionary is not None and dictionary.alphabet == "misaki"
    assert dictionary.knows("mutual") and not dictionary.knows("Kropotkin")
    assert all(registry.engine_dictionary(m.NAME) is None for m in modules[1:])
    folder = Path("/profiles")
    assert registry.resolve_model(piper_engine.NAME, "en_GB-alan.onnx", folder) == "/profiles/en_GB-alan.onnx"
    assert registry.resolve_model(piper_engine.NAME, piper_engine.BUNDLED_JOE, folder) == piper_engine.BUNDLED_JOE
    assert registry.resolve_model(hibari_engine.NAME, "heart", folder) == "heart"
