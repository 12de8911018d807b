"""`--verify` learns a name's reading by listening (issue 39): a word the voice guessed, heard wrong where the work
first reads it, is said in the other readings the narration can make (its language's rules), each heard, and the
one heard nearest the printed name is proposed; `narration.json` says what every guessed word got, and the desk
lists the proposals as "learnt while narrating" to keep or turn down. The heard texts of the fast tests are the
recogniser's own (Whisper base on the default voice, 2026-12-06); the slow test narrates and hears again."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from starlette.testclient import TestClient

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.hear.learning import CARRIER, heard_as_printed, heard_in_place, judged, learnable
from pressroom.hear.listener import normaliser
from pressroom.hear.sound_proof import first_guesses, in_sample
from pressroom.layout import WorkFolder, load_desk
from pressroom.model import NameHeard, SentenceReading
from pressroom.proof.app import TOKEN_HEADER, Desk, Guard, desk_app
from pressroom.proof.desk import learnt
from pressroom.proof.takes import Speaker
from pressroom.records.merge import narration_rewritten
from pressroom.records.narration import FileRecord, LexiconRecord, NarrationRecord, from_document, to_document
from pressroom.records.proof import Kept
from pressroom.sources.load import load_works
from pressroom.tts.clip import Clip, Verdict, decode_clip, encode_clip
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.languages import name_meaning, name_readings
from pressroom.tts.voices import find_voice

LEROUS = NameHeard("Lerous", False, "[Lerous](/lAɹˈOʊs/)", "Italian rules", f"{CARRIER} Laris.",
                   f"{CARRIER} Laeroas.", 3)  # fmt: skip
NAMES = (NameHeard("Proudhon", True), NameHeard("Cabet", False, heard_before=f"{CARRIER} Cabot.", tried=3), LEROUS)


@pytest.mark.parametrize(
    ("word", "heard", "right"),
    [("Kropotkin", "Peter Kropotkin wrote it.", True), ("Kropotkin", "peter KROPOTKIN wrote", True),
     ("Kieff", "They came to Kiev in spring.", True), ("Kharkoff", "in Kharkov,", True),
     ("Tchaykovsky", "the Chaikovsky circle", True), ("Saint-Simon", "Saint Simon said", True),
     ("Saint-Simon", "Saint-Simon said", True), ("Reclus", "Élisée Reckless wrote", False),
     ("Reclus", "Elisee Rec Lus wrote", True), ("Bakunin", "met Backunin there", True),
     ("Bakunin", "met Bacchanine there", False), ("Proudhon", "Prudon and Marx", True),
     ("Proudhon", "Proud Hun and Marx", False), ("Cabet", "", False), ("Cabet", "Cabot", False)],
)  # fmt: skip
def test_a_name_is_heard_as_printed_or_as_a_common_spelling_of_it(word: str, heard: str, right: bool) -> None:
    """Case, punctuation, a hyphen said as a space, a name run into one word or split in two: all as printed;
    another spelling of another sound is not."""
    assert heard_as_printed(word, heard, normaliser()) is right


def test_a_reading_is_judged_against_what_the_name_is_meant_to_sound_like_not_its_own_phonemes() -> None:
    """Nouveaux read by Italian rules is heard "Norvey Arx": just what those phonemes sound like, and nearer the
    spelling's letters; against the name's own French it is further by sound, so it is not proposed as right."""
    italian = next(spoken for spoken, how in name_readings("Nouveaux") if how == "Italian rules")
    meant = name_meaning("Nouveaux")
    assert meant is not None and meant.startswith("nuv")
    heard = (f"{CARRIER} Nuvo.", f"{CARRIER} Norvey Arx.")
    by_itself = judged("Nouveaux", italian, *heard, normaliser(), spelling_reader())
    by_meaning = judged("Nouveaux", f"[Nouveaux](/{meant}/)", *heard, normaliser(), spelling_reader())
    assert by_itself.verdict == "heard right"
    assert by_meaning.verdict != "heard right" and not by_meaning.heard_as_meant
    assert by_meaning.sound_without is not None and by_meaning.sound_without > (by_meaning.sound_with or 0.0)


@pytest.mark.parametrize(
    ("word", "meant", "heard", "in_place"),
    [("Cabet", "Later Cabet spoke of his plans.", "Later Cabot spoke of his plans.", "cabot"),
     ("Lerous", "At the house of [Lerous](/lAɹˈus/) near the river.", "At the house of Laris near the river.",
      "laris"),
     ("Babeuf", "Babeuf had been dead for fifty years.", "Bob Elf had been dead for 50 years.", "bob elf"),
     ("Godwin", "And Godwin wrote.", "And wrote.", "")],
)  # fmt: skip
def test_what_was_heard_in_a_names_place_is_found_in_its_sentence(
    word: str, meant: str, heard: str, in_place: str
) -> None:
    """The voice's guess is judged by what its sentence was heard as: not said again in a carrier sentence."""
    assert heard_in_place(word, meant, heard, normaliser()) == in_place


@pytest.mark.parametrize(
    ("word", "learnt"),
    [("Babeuf", True), ("L'Ange", True), ("employés", True), ("d'êtat", True), ("unwearyingly", False),
     ("poorer", False), ("eighters", False)],
)  # fmt: skip
def test_names_and_foreign_words_are_learnt_not_english_words_the_dictionary_lacks(word: str, learnt: bool) -> None:
    assert learnable(word) is learnt


def test_the_readings_tried_are_its_languages_rules_first_each_once() -> None:
    readings = name_readings("Bakunin")
    assert [how for _, how in readings] == ["Russian rules", "French rules", "German rules"]  # Italian: as German
    assert len({spoken for spoken, _ in readings}) == len(readings)
    assert all(spoken.startswith("[Bakunin](/") for spoken, _ in readings)
    assert next(how for _, how in name_readings("Proudhon")) == "French rules"


def test_each_guessed_word_is_learnt_where_the_work_first_reads_it() -> None:
    keys = [key for key in (f"clip{n}" for n in range(200)) if not any(in_sample(key, i) for i in range(3))]
    babeuf, plain = SentenceReading(20, guessed=("Babeuf", "Babeuf")), SentenceReading(30)
    both = SentenceReading(25, guessed=("Godwin", "Babeuf"))
    clips = [(keys[0], [plain, babeuf]), (keys[1], [babeuf, plain, both]), (keys[2], [both])]
    assert first_guesses(clips) == [("Babeuf",), ("Godwin",), ()]


def test_what_was_heard_of_the_names_is_kept_with_the_clip_and_in_narration_json() -> None:
    verdict = Verdict("whisper base", "first", 1, 10, 1, 0, False, "heard", names=NAMES)
    clip = Clip(24_000, np.zeros(2400, np.int16), (2400,), verdict)
    back = decode_clip(encode_clip(clip))
    assert back is not None and back.verdict == verdict
    file = FileRecord("01 - One.mp3", 1000, (("One", 0, 1000),), (), "One", 1, 0)
    record = NarrationRecord("acx", (file,), "w.m4b", (("One", 0, 1000),), lexicon=LexiconRecord(names=NAMES))
    assert from_document(json.loads(json.dumps(to_document(record)))) == record


def test_a_narration_made_again_without_verify_keeps_the_names_heard_and_one_with_it_replaces_them() -> None:
    file = FileRecord("01 - One.mp3", 1000, (("One", 0, 1000),), (), "One", 1, 0)
    heard = NarrationRecord("acx", (file,), "w.m4b", (("One", 0, 1000),), lexicon=LexiconRecord(names=NAMES))
    unheard = NarrationRecord("acx", (file,), "w.m4b", (("One", 0, 1000),))
    assert narration_rewritten(heard, unheard).lexicon.names == NAMES
    again = NarrationRecord("acx", (file,), "w.m4b", (("One", 0, 1000),), lexicon=LexiconRecord(names=NAMES[:1]))
    assert narration_rewritten(heard, again).lexicon.names == NAMES[:1]


def _folder_with(out: Path, slug: str, names: tuple[NameHeard, ...]) -> None:
    file = FileRecord("01 - One.mp3", 1000, (("One", 0, 1000),), (), "One", 1, 0)
    record = NarrationRecord("acx", (file,), "w.m4b", (("One", 0, 1000),), slug=slug, work=slug,
                             lexicon=LexiconRecord(names=names))  # fmt: skip
    folder = WorkFolder.of(out, slug)
    folder.path.mkdir(parents=True)
    folder.narration.write_bytes(folder.narration_bytes(record))


def test_the_desk_lists_what_was_learnt_to_keep_or_turn_down_and_remembers_it(tmp_path: Path) -> None:
    """Only proposals (not names heard right, nor those nothing helped), once however many works read them, not
    a word the lexicon or a kept change gives; "Not this" is remembered in proof.json across a restart."""
    second = NameHeard("Herzen", False, "[Herzen](/ɛɹzˈɛn/)", "French rules", f"{CARRIER} hersan.")
    _folder_with(tmp_path, "one", NAMES)
    _folder_with(tmp_path, "two", (LEROUS, second))
    found = learnt(tmp_path, ["one", "two"], {}, [])
    assert [(item.word, item.phonemes, item.works) for item in found] == [
        ("Lerous", "lAɹˈOʊs", ("one", "two")), ("Herzen", "ɛɹzˈɛn", ("two",))]  # fmt: skip
    assert [item.word for item in learnt(tmp_path, ["one", "two"], {"herzen": "Hertsen"}, [])] == ["Lerous"]
    assert [item.word for item in learnt(tmp_path, ["one", "two"], {}, [Kept("Lerous", "Leroo")])] == ["Herzen"]

    source = tmp_path / "one.txt"
    source.write_text("One\n\nA line.\n", encoding="utf-8")
    works = load_works(source).works

    def client_of() -> tuple[TestClient, Guard]:
        narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path / "cache"))
        desk = Desk(tmp_path, works, ["one", "two"], tmp_path / "lexicon.toml", Speaker(narrator.engine, None, False),
                    narrator, lambda work: NarrationSettings())  # fmt: skip
        guard = Guard.new(8932)
        return TestClient(desk_app(desk, guard), base_url="http://127.0.0.1:8932"), guard

    client, guard = client_of()
    page = client.get(f"/?token={guard.token}").text
    assert "Learnt while narrating (2)" in page and 'value="lAɹˈOʊs"' in page
    assert "the voice's guess was heard “Laris”; read by Italian rules" in page
    sent = {"content-type": "application/json", "origin": "http://127.0.0.1:8932", TOKEN_HEADER: guard.token}
    assert client.post("/decline", content='{"word": "Lerous"}', headers=sent).status_code == 200
    assert client.post("/decline", content='{"word": " "}', headers=sent).status_code == 400
    client, guard = client_of()  # a restart
    page = client.get(f"/?token={guard.token}").text
    assert "Learnt while narrating (1)" in page and "Lerous" not in page
    assert load_desk(tmp_path).declined == ("Lerous",)


@pytest.mark.slow
def test_narrating_with_verify_learns_a_reading_for_a_name_heard_wrong(tmp_path: Path) -> None:
    """The default voice and the listener, for real: every word the voice guessed is heard where it is first
    read and recorded in order; one heard wrong gets the reading heard nearest; a rerun makes nothing and keeps
    what was learnt; the desk proposes it."""
    source = tmp_path / "names.md"
    source.write_text(
        "# Names Heard\n\n## The Exiles\n\nIn Paris the young Herzen met Proudhon, and later Cabet spoke of his "
        "plans with Bakunin.\n\nBabeuf had been dead for fifty years, but his friends still met at the house of "
        "Lerous near the river.\n",
        encoding="utf-8",
    )
    (work,) = load_works(source).works
    narrator = Narrator(find_voice(None, None), ClipCache(tmp_path / "cache"))
    settings = NarrationSettings(verify=True, check=False)
    made = publish_audio(work, tmp_path / "out", narrator, settings)
    assert made.verification is not None
    names = {name.word: name for name in made.verification.names}
    assert list(names) == ["Herzen", "Proudhon", "Cabet", "Bakunin", "Babeuf", "Lerous"], names  # no lexicon
    assert names["Proudhon"].right and not names["Babeuf"].right
    # Babeuf's guess was heard "babiyov"; read by French rules (as it is meant), "Bobbuff": nearer, and proposed.
    babeuf = names["Babeuf"]
    assert babeuf.proposed.startswith("[Babeuf](/") and babeuf.how == "French rules", babeuf
    assert all(name.right or 0 <= name.tried <= 2 for name in names.values())
    record = WorkFolder.of(tmp_path / "out", work.meta.slug).load_narration()
    assert record is not None and record.lexicon.names == made.verification.names
    again = publish_audio(work, tmp_path / "out", narrator, settings)
    assert again.synthesized == 0 and again.verification is not None
    assert again.verification.names == made.verification.names
    assert "Babeuf" in [item.word for item in learnt(tmp_path / "out", [work.meta.slug], {}, [])]
