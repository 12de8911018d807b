"""`publish proof`: the desk served for real (uvicorn, the default voice, the listener) over a narrated work whose
lexicon makes the voice say a word wrongly, so that the listener flags its paragraph; its HTTP layer, and a
curator's whole round in Chromium."""

from __future__ import annotations

import http.client
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.reading import NotesReading, ReadingAloud, TablesReading
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.cli import main
from pressroom.layout import WorkFolder
from pressroom.proof.apply import remake, write_entries
from pressroom.proof.desk import desk_voice
from pressroom.records.proof import Kept
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon
from tests.checkers import CHROMIUM, TOOLS, require
from tests.conftest import document

pytestmark = pytest.mark.slow

# hibari reads the French word by English rules, and the listener hears "in trade" three times: flagged. Given
# phonemes (FIX), it says "ontred", which the listener hears as meant.
LEXICON = '# The project\'s pronunciations.\n[words]\nMalatesta = "Mala-testa"\n'
BODY = """\
He spoke of entraide, of entraide, of entraide.

Nothing else was said of it that day.

Kropotkin walked on alone.
"""
FIX = {"word": "entraide", "phonemes": "ɑntɹˈɛd"}
PROOF_CHECK = Path(__file__).resolve().parent / "reader" / "proof.mjs"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "proof"


@dataclass(frozen=True)
class Served:
    base: str
    out: Path
    voices: Path
    process: subprocess.Popen[str]
    token: str

    @property
    def address(self) -> str:
        """The address the command printed, with the run's token."""
        return f"{self.base}?token={self.token}"


def _narrated(tmp: Path) -> tuple[Path, Path, Path]:
    source = tmp / "entraide.txt"
    source.write_text(document(BODY, title="Entraide", source_id="entraide"), encoding="utf-8")
    voices = tmp / "voices"
    voices.mkdir()
    (voices / "lexicon.toml").write_text(LEXICON, encoding="utf-8")
    out = tmp / "out"
    # A cache of its own: another test's apply must not have made this one's clips already.
    common = ["--voices-dir", str(voices), "--cache-dir", str(tmp / "cache"), "-q"]
    assert main(["book", str(source), "-o", str(out), *common], stdout=sys.stdout, stderr=sys.stderr) == 0
    assert main(["check", str(out / "entraide"), "--listen"], stdout=io.StringIO(), stderr=io.StringIO()) in (0, 1)
    return source, out, voices


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    source, out, voices = _narrated(tmp_path)
    command = [sys.executable, "-m", "pressroom.cli", "proof", str(source), "-o", str(out), "--voices-dir",
               str(voices), "--cache-dir", str(tmp_path / "cache"), "--port", "0"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        said = process.stdout.readline()
        assert " is at http://127.0.0.1:" in said, said + (process.stderr.read() if process.stderr else "")
        address = said.split(" is at ")[1].split()[0]
        base, token = address.split("?token=")
        try:
            yield Served(base, out, voices, process, token)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _request(served: Served, method: str, path: str, body: object = None, raw: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:  # fmt: skip
    host, port = served.base.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if path == "/":
        path = f"/?token={served.token}"
    sent = {"content-type": "application/json", "x-pressroom-token": served.token, **(headers or {})}
    connection.request(method, path, body=data, headers=sent)
    answer = connection.getresponse()
    result = answer.status, answer.read()
    connection.close()
    return result


def _json(data: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def test_the_desk_lists_the_paragraph_heard_wrong_and_plays_only_the_books_own_files(served: Served) -> None:
    status, page = _request(served, "GET", "/")
    assert status == 200
    assert b"Heard wrong (1)" in page and b"He spoke of" in page, "the paragraph the voice misread"
    assert b"<del>entraide," in page and b"<ins>in trade," in page
    mp3 = quote("01 - Entraide.mp3")
    status, audio = _request(served, "GET", f"/audio/entraide/{mp3}", headers={"Range": "bytes=0-99"})
    assert (status, len(audio)) == (206, 100)
    outside = (f"/audio/entraide/..%2F..%2F{mp3}", "/audio/entraide/check.json", f"/audio/nowork/{mp3}",
               "/audio/entraide/..%2F..%2Fvoices%2Flexicon.toml", "/audio/..%2Fout/entraide")  # fmt: skip
    for path in outside:
        status, _ = _request(served, "GET", path)
        assert status == 404, path


def test_a_take_is_audio_and_phonemes_outside_the_voices_alphabet_are_refused(served: Served) -> None:
    status, wav = _request(served, "POST", "/take", FIX)
    assert status == 200 and wav.startswith(b"RIFF") and len(wav) > 20_000
    status, answer = _request(served, "POST", "/take", {"word": "entraide", "phonemes": "ɑn[tɹɛd"})
    assert status == 400 and "not in the voice's alphabet" in _json(answer)["error"]
    for body in ({"word": ""}, {"word": "entraide", "respelling": "", "phonemes": ""}):
        status, answer = _request(served, "POST", "/keep", body)
        assert status == 400 and _json(answer)["error"]
    status, answer = _request(served, "POST", "/take", raw=b"{not json")
    assert status == 400 and _json(answer)["error"] == "send a JSON object"


def test_a_stale_or_second_apply_is_refused_and_the_lexicon_stays_whole(served: Served) -> None:
    # The desk writes to a lexicon of the output folder's own, never to the voices folder's (a checkout's).
    lexicon = served.out / "lexicon.toml"
    assert _request(served, "POST", "/keep", FIX)[0] == 200
    status, answer = _request(served, "POST", "/apply", {"seen": "0" * 64})
    assert status == 409 and "changed since this page read it" in _json(answer)["error"]
    assert not lexicon.exists()
    page = _request(served, "GET", "/")[1].decode()
    seen = page.split('data-seen="')[1].split('"')[0]
    first = _request(served, "POST", "/apply", {"seen": seen})
    second = _request(served, "POST", "/apply", {"seen": seen})
    assert first[0] == 202 and second[0] == 409, (first, second)
    job = _finished(served)
    assert job["error"] == "" and job["applied"]["words"] == ["entraide"]
    written = lexicon.read_text(encoding="utf-8")
    assert written == '[words]\nentraide = {phonemes = "ɑntɹˈɛd"}\n', written
    assert (served.voices / "lexicon.toml").read_text(encoding="utf-8") == LEXICON
    folder = WorkFolder(served.out / "entraide")
    narration = folder.load_narration()
    assert narration is not None and narration.lexicon.chosen == (str(lexicon.resolve()),)
    # The next run, told the desk's lexicon or not, narrates with it: it remakes nothing.
    made = folder.narration.read_bytes()
    common = ["--voices-dir", str(served.voices), "--cache-dir", str(served.out.parent / "cache")]
    source = str(served.out.parent / "entraide.txt")
    for given in ([], ["--lexicon", str(lexicon)]):
        said = io.StringIO()
        assert main(["book", source, "-o", str(served.out), *common, *given], stdout=said, stderr=sys.stderr) == 0
        assert "0 clips made" in said.getvalue(), said.getvalue()
        assert folder.narration.read_bytes() == made


def test_the_desk_survives_a_listener_who_hangs_up_mid_audio(served: Served) -> None:
    host, port = served.base.removeprefix("http://").rstrip("/").split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port)), timeout=30) as client:
            client.sendall(
                f"GET /audio/entraide/{quote('01 - Entraide.mp3')} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
            )
            assert client.recv(1000).startswith(b"HTTP/1.1 200")
    status, _ = _request(served, "GET", "/")
    assert status == 200 and served.process.poll() is None


def _finished(served: Served) -> dict[str, Any]:
    for _ in range(600):
        job = _json(_request(served, "GET", "/status")[1])
        if not job["running"]:
            return job
        time.sleep(0.5)
    raise AssertionError("the apply did not finish in five minutes")


def test_a_curator_fixes_the_word_in_chromium_and_only_its_clip_is_made_again(served: Served) -> None:
    require(TOOLS / "node_modules" / "playwright-core", "playwright-core")
    require(TOOLS / "node_modules" / "axe-core" / "axe.min.js", "axe-core")
    require(CHROMIUM, "Chromium")
    narration = json.loads((served.out / "entraide" / "narration.json").read_text(encoding="utf-8"))
    texts = [u["text"] for f in narration["files"] for u in f["utterances"]]
    saying = [text for text in texts if "entraide" in text.lower()]
    assert main(["site", str(served.out)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    command = ["node", str(PROOF_CHECK), served.address, "--shots", str(ARTIFACTS)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-800:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == [] and result["violations"] == [], result
    assert result["played"] > 0, "the flagged paragraph plays from the book's own file"
    assert result["take"] > 0, "the take plays"
    (work,) = result["applied"]["works"]
    assert (work["remade"], work["clips"]) == (len(saying), len(texts)), "only the clips that say the word"
    # Every clip made again had been heard: each is heard again, and the flagged paragraph is heard right now.
    assert (work["heard_again"], work["still_wrong"]) == (len(saying), 0)
    report = json.loads((served.out / "entraide" / "check.json").read_text(encoding="utf-8"))
    assert [f["failed"] for f in report["listen"]["files"]] == [[]]
    assert result["after"] == "Heard wrong (0)"
    # The site's entry was made again: its feed offers the chapter file as it is now.
    mp3 = served.out / "entraide" / "01 - Entraide.mp3"
    feed = (served.out / "entraide" / "feed.xml").read_text(encoding="utf-8")
    assert f'length="{mp3.stat().st_size}"' in feed
    for name in ("desk", "desk-phone", "applied"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000, name


def test_a_work_not_yet_heard_is_heard_from_the_page(served: Served) -> None:
    report = served.out / "entraide" / "check.json"
    document = json.loads(report.read_text(encoding="utf-8"))
    del document["listen"]
    report.write_text(json.dumps(document), encoding="utf-8")
    page = _request(served, "GET", "/")[1]
    assert b"Not heard yet: entraide" in page and b"Heard wrong (0)" in page
    assert _request(served, "POST", "/listen", {})[0] == 202
    job = _finished(served)
    assert job["error"] == "" and job["told"] == "heard 1 file"
    assert b"Heard wrong (1)" in _request(served, "GET", "/")[1]
    assert _request(served, "POST", "/listen", {})[0] == 400, "every work has been heard"


def test_a_remake_makes_the_book_as_it_was_made_not_with_the_defaults(tmp_path: Path) -> None:
    """A book made with notes read inline, tables skipped, a narrator named, the read-along by paragraph on the
    audiobook's own files and a given date, then made again by the desk's apply (which knows none of that): the
    same bytes, because the folder records how it was made."""
    (work,) = load_works(Path(__file__).parent / "golden" / "endnotes_after_last_chapter" / "input.txt").works
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    made_with = NarrationSettings(reading=ReadingAloud(NotesReading.INLINE, TablesReading.SKIP),
                                  narrator_name="Jane Doe", check=False)  # fmt: skip
    settings = BookSettings(made_with, datetime(2020, 5, 1, tzinfo=UTC), None, ReadAlong.PARAGRAPH)
    publish_book(work, tmp_path / "out", narrator, settings)
    folder = tmp_path / "out" / work.meta.slug
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert json.loads(before["book.json"]) == {"format": 1, "readalong": "paragraph", "readalong_kbps": None,
                                               "modified": "2020-05-01T00:00:00+00:00"}  # fmt: skip
    remake(work, tmp_path / "out", narrator, NarrationSettings(check=False), ["nothing"], lambda said: None)
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert after.keys() == before.keys()
    assert [name for name in before if after[name] != before[name]] == []


def test_the_desk_speaks_with_the_voice_the_works_were_narrated_by_and_refuses_another(tmp_path: Path) -> None:
    (work,) = load_works(Path(__file__).parent / "golden" / "letter" / "input.txt").works
    out = tmp_path / "out"
    publish_book(work, out, Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache")))
    assert desk_voice(out, [work.meta.slug], None) == "tone"
    err = io.StringIO()
    status = main(["proof", str(Path(__file__).parent / "golden" / "letter" / "input.txt"), "-o", str(out),
                   "--voice", "heart"], stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert status == 2
    assert f"{out / work.meta.slug} was narrated by tone, not heart" in err.getvalue()
    assert "publish proof --voice tone" in err.getvalue() and "Traceback" not in err.getvalue()


def test_a_rerun_after_listening_keeps_what_the_listener_heard(tmp_path: Path) -> None:
    """`publish book`, `publish check --listen`, `publish book` again (every clip from the cache): the word
    timings and the verdicts are still there, the same bytes."""
    source, out, voices = _narrated(tmp_path)
    folder = WorkFolder(out / "entraide")
    heard, report = folder.narration.read_bytes(), folder.load_report()
    narration = folder.load_narration()
    assert narration is not None and all(spoken.heard_words for spoken in narration.utterances)
    assert report is not None and report.listen is not None and report.listen.failed == 1
    common = ["--voices-dir", str(voices), "--cache-dir", str(tmp_path / "cache"), "-q"]
    assert main(["book", str(source), "-o", str(out), *common], stdout=io.StringIO(), stderr=sys.stderr) == 0
    assert folder.narration.read_bytes() == heard
    again = folder.load_report()
    assert again is not None and again.listen == report.listen


def test_an_apply_keeps_the_timings_of_clips_it_did_not_make_again_and_hears_those_it_did(tmp_path: Path) -> None:
    source, out, voices = _narrated(tmp_path)
    folder = WorkFolder(out / "entraide")
    before = folder.load_narration()
    assert before is not None
    write_entries(voices / "lexicon.toml", [Kept(**FIX)], None)
    (work,) = load_works(source).works
    voice = find_voice(None, voices)
    narrator = Narrator(voice, ClipCache(tmp_path / "cache"))
    settings = NarrationSettings(lexicon=load_lexicon(voices, voice.engine))
    made = remake(work, out, narrator, settings, ["entraide"], lambda said: None)
    after = folder.load_narration()
    assert after is not None
    pairs = list(zip(before.utterances, after.utterances, strict=True))
    remade = [new for old, new in pairs if old.clip != new.clip]
    saying = [new for new in after.utterances if "entraide" in new.text.lower()]
    assert made.remade == len(remade) == len(saying) == made.heard_again and made.still_wrong == 0
    for old, new in pairs:
        if old.clip == new.clip:
            shift = new.start_ms - old.start_ms
            assert new.heard_words == tuple((i, s + shift, e + shift) for i, s, e in old.heard_words)
    assert all(spoken.heard_words for spoken in after.utterances), "the clip made again is heard again"
    report = folder.load_report()
    assert report is not None and report.listen is not None and report.listen.failed == 0
