"""The proof desk answers only its own page: a request to another Host, from another site's page, not JSON, or
without the run's token is refused before it changes anything (the request a browser sends cross-site, and the
one a rebound DNS name sends, among them). On the desk's real application, with the stand-in voice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.layout import load_kept, save_report
from pressroom.proof.app import TOKEN_HEADER, Desk, Guard, desk_app
from pressroom.proof.desk import flagged
from pressroom.proof.takes import Speaker
from pressroom.records.check import CheckRecord, FailedParagraph, ListenedFile, ListenRecord
from pressroom.sources.load import load_works, sample_path
from pressroom.tts.voices import find_voice

PORT = 8931
KEEP = '{"word":"Lenin","respelling":"Lenny"}'


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[TestClient, Guard, Path]]:
    works = load_works(sample_path()).works
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
    speaker = Speaker(narrator.engine, None, False)
    lexicon = tmp_path / "lexicon.toml"
    desk = Desk(tmp_path, works, [], lexicon, speaker, narrator, lambda work: NarrationSettings())
    guard = Guard.new(PORT)
    with TestClient(desk_app(desk, guard), base_url=f"http://127.0.0.1:{PORT}") as client:
        yield client, guard, tmp_path


def test_a_change_from_the_page_itself_is_kept(desk: tuple[TestClient, Guard, Path]) -> None:
    client, guard, out = desk
    sent = {"content-type": "application/json", "origin": f"http://127.0.0.1:{PORT}", TOKEN_HEADER: guard.token}
    answer = client.post("/keep", content=KEEP, headers=sent)
    assert answer.status_code == 200, answer.text
    assert [k.word for k in load_kept(out)] == ["Lenin"]


@pytest.mark.parametrize(
    ("headers", "status", "said"),
    [
        # What `curl ... -H "Origin: http://evil.example" -H "Host: evil.example:8931"` sends: the Host is not ours.
        ({"content-type": "text/plain", "origin": "http://evil.example", "host": "evil.example:8931"}, 400, ""),
        # A rebound DNS name, with the token even: the Host is not the address served.
        ({"content-type": "application/json", "host": f"evil.example:{PORT}", "token": True}, 400, ""),
        # Another site's page in the curator's browser: its Origin.
        ({"content-type": "application/json", "origin": "http://evil.example", "token": True}, 403, "another site"),
        ({"content-type": "application/json", "origin": f"http://127.0.0.1:{PORT + 1}", "token": True}, 403, "site"),
        # A form or a "simple" request (no preflight): not JSON.
        ({"content-type": "text/plain", "token": True}, 415, "send JSON"),
        ({"content-type": "application/x-www-form-urlencoded", "token": True}, 415, "send JSON"),
        # JSON from a page of ours but without the token, or with another run's.
        ({"content-type": "application/json"}, 403, "token"),
        ({"content-type": "application/json", TOKEN_HEADER: "x" * 32}, 403, "token"),
    ],
)
def test_a_request_from_anywhere_else_changes_nothing(
    desk: tuple[TestClient, Guard, Path], headers: dict[str, object], status: int, said: str
) -> None:
    client, guard, out = desk
    sent = {name: str(value) for name, value in headers.items() if name != "token"}
    if headers.get("token"):
        sent[TOKEN_HEADER] = guard.token
    for path in ("/keep", "/apply", "/drop", "/listen"):
        answer = client.post(path, content=KEEP, headers=sent)
        assert answer.status_code == status, (path, answer.text)
        assert said in answer.text
    assert load_kept(out) == ()
    assert not (out / "lexicon.toml").exists()


def test_the_page_needs_the_address_with_the_token(desk: tuple[TestClient, Guard, Path]) -> None:
    client, guard, _ = desk
    refused = client.get("/")
    assert refused.status_code == 403 and "Open the address" in refused.text
    assert guard.token not in refused.text
    assert client.get(f"/?token={guard.token}x").status_code == 403
    page = client.get(f"/?token={guard.token}")
    assert page.status_code == 200 and f'content="{guard.token}"' in page.text
    assert client.get(f"/?token={guard.token}", headers={"host": "evil.example"}).status_code == 400


def test_a_flag_called_right_stays_dismissed_until_flagged_again_or_its_words_change(tmp_path: Path) -> None:
    """ "This is right": the curator heard a flagged paragraph and the listener was wrong ("End of" heard "and
    a"). Remembered in proof.json across a restart and beside the kept changes; "Flag it again" undoes it; a
    paragraph that says other words is flagged afresh."""
    works = load_works(sample_path()).works
    slug = works[0].meta.slug
    (tmp_path / slug).mkdir()
    closing = FailedParagraph(1000, 3000, "End of Proof Desk Trial.", "and a proof desk trial.", 0.4, 0)
    other = FailedParagraph(5000, 9000, "Peter Kropotkin wrote.", "Peacropatin wrote.", 0.5, 0)
    listened = ListenedFile("01 - X.mp3", failed=(closing, other))
    save_report(tmp_path / slug, CheckRecord({}, ListenRecord(1.0, 8, 0.4, 0.3, 2, 0.5, 0.5, (listened,))))

    def client_of() -> tuple[TestClient, Guard]:
        narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
        speaker = Speaker(narrator.engine, None, False)
        lexicon = tmp_path / "lexicon.toml"
        desk = Desk(tmp_path, works, [slug], lexicon, speaker, narrator, lambda w: NarrationSettings())
        guard = Guard.new(PORT)
        return TestClient(desk_app(desk, guard), base_url=f"http://127.0.0.1:{PORT}"), guard

    client, guard = client_of()
    sent = {"content-type": "application/json", "origin": f"http://127.0.0.1:{PORT}", TOKEN_HEADER: guard.token}
    page = client.get(f"/?token={guard.token}").text
    assert "Heard wrong (2)" in page and page.count(">This is right</button>") == 2
    right = json.dumps({"work": slug, "file": "01 - X.mp3", "meant": "End of Proof Desk Trial."})
    assert client.post("/right", content=right, headers=sent).status_code == 200
    assert [item.meant for item in flagged(tmp_path, [slug])] == ["Peter Kropotkin wrote."]
    assert client.post("/keep", content=KEEP, headers=sent).status_code == 200

    client, guard = client_of()  # a restart
    page = client.get(f"/?token={guard.token}").text
    assert "Heard wrong (1)" in page and "Called right (1)" in page and "Flag it again" in page
    assert [k.word for k in load_kept(tmp_path)] == ["Lenin"]
    sent[TOKEN_HEADER] = guard.token
    again = json.dumps({"work": slug, "file": "01 - X.mp3", "meant": "End of Proof Desk Trial.", "right": False})
    assert client.post("/right", content=again, headers=sent).status_code == 200
    assert len(flagged(tmp_path, [slug])) == 2
    assert client.post("/right", content=right, headers=sent).status_code == 200
    changed = replace(closing, meant="End of the Proof Desk Trial.")
    listened = ListenedFile("01 - X.mp3", failed=(changed, other))
    save_report(tmp_path / slug, CheckRecord({}, ListenRecord(1.0, 8, 0.4, 0.3, 2, 0.5, 0.5, (listened,))))
    assert len(flagged(tmp_path, [slug])) == 2
    unknown = json.dumps({"work": "not_here", "file": "01 - X.mp3", "meant": "x"})
    answer = client.post("/right", content=unknown, headers=sent)
    assert answer.status_code == 400 and "not a work of this desk" in answer.text
