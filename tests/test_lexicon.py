"""The pronunciation lexicon: respellings for every voice, phonemes for the voices that take them (hibari's
inline notation), checked against hibari's own phonemizer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hibari import Hibari

from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.sources.load import sample_path
from pressroom.text.speech import speech_text
from pressroom.text.vocabulary import candidate_words
from pressroom.tts.voices import load_lexicon


def test_phonemes_reach_hibari_and_other_voices_read_the_word() -> None:
    hibari = load_lexicon(None, "hibari")
    assert hibari["Kropotkin"] == "[Kropotkin](/kɹəpˈɑtkɪn/)"
    said = speech_text("A letter by Peter Kropotkin to Reclus.", hibari)
    phonemes = Hibari().phonemize(said)[0]
    assert "kɹəpˈɑtkɪn" in phonemes and "ɹəklˈu" in phonemes
    assert "kɹˈɑpətkˌɪn" not in phonemes, "the dictionary's stress on the first syllable is gone"
    piper = load_lexicon(None, "piper")
    assert "Kropotkin" not in piper and piper["Illich"] == "Ilyich", "respellings serve every voice"


def test_a_users_entry_may_give_phonemes_and_a_respelling(tmp_path: Path) -> None:
    (tmp_path / "lexicon.toml").write_text(
        '[words]\nReclus = { phonemes = "ɹəklˈu", respelling = "Reh-clue" }\n', encoding="utf-8"
    )
    assert load_lexicon(tmp_path, "hibari")["Reclus"] == "[Reclus](/ɹəklˈu/)"
    assert load_lexicon(tmp_path, "piper")["Reclus"] == "Reh-clue"


def test_a_malformed_entry_names_the_file_and_the_word(tmp_path: Path) -> None:
    (tmp_path / "lexicon.toml").write_text('[words]\nReclus = { sound = "x" }\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_lexicon(tmp_path, "hibari")
    assert "Reclus" in str(raised.value) and "lexicon.toml" in str(raised.value)


def test_candidate_words_are_names_inside_sentences_and_foreign_words() -> None:
    counts = candidate_words(["The letter reached Bakunin’s friends. Then P. Kropotkin wrote to Le Révolté."])
    assert counts["Bakunin"] == 1 and counts["Kropotkin"] == 1 and counts["Révolté"] == 1
    assert "The" not in counts and "Then" not in counts, "a sentence's first word is not taken for a name"


def test_lexicon_suggest_lists_what_the_default_voice_does_not_know(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["lexicon", "suggest", str(sample_path()), "--top", "50"], stdout=out, stderr=io.StringIO()) == 0
    listed = [line.split()[1] for line in out.getvalue().splitlines()[1:] if line.startswith("  ")]
    assert "Savinkov" in listed and "Wrangel" in listed
    assert "Illich" not in listed and "Kropotkin" not in listed, "words the lexicon covers are not suggested"
    assert "Europe" not in listed, "words the dictionary knows are not suggested"
    err = io.StringIO()
    assert main(["lexicon", "suggest", str(sample_path()), "--heard", str(tmp_path)], stdout=io.StringIO(),
                stderr=err) == 64  # fmt: skip
    assert "check.json" in err.getvalue()


def test_suggest_shows_ipa_beside_the_voices_own_notation_and_leaves_plurals_alone(tmp_path: Path) -> None:
    source = tmp_path / "essay.txt"
    source.write_text("The letter reached the Anarchists of Geneva. It went on to Wrangel at once.\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["lexicon", "suggest", str(source)], stdout=out, stderr=io.StringIO()) == 0
    rows = {line.split()[1]: line.split()[2:] for line in out.getvalue().splitlines()[2:]}
    assert "Anarchists" not in rows, "the plural of a word the voice knows is no name"
    assert rows["Wrangel"] == ["/ɹˈeɪndʒəl/", "ɹˈAnʤᵊl"], "IPA for people, the voice's own symbols for the lexicon"


def test_heard_names_the_word_a_respelling_stands_for(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "lexicon.toml").write_text('[words]\nMalatesta = "Mala-testa"\n', encoding="utf-8")
    failed = {
        "meant": "The letter to Mala-testa was lost.",
        "heard": "",
        "start_ms": 0,
        "end_ms": 1,
        "word_error_rate": 1.0,
    }
    report = {"listen": {"files": [{"path": "01.mp3", "failed": [failed]}]}}
    (tmp_path / "check.json").write_text(json.dumps(report), encoding="utf-8")
    out = io.StringIO()
    arguments = ["lexicon", "suggest", str(sample_path()), "--heard", str(tmp_path), "--voices-dir", str(voices)]
    assert main(arguments, stdout=out, stderr=io.StringIO()) == 0
    heard = out.getvalue().split("heard wrongly")[1]
    assert "Malatesta" in heard and "Mala-testa" not in heard


def test_a_works_own_lexicon_beside_its_files_is_read_over_the_voices(tmp_path: Path) -> None:
    work = tmp_path / "corpus" / "zorbatov"
    work.mkdir(parents=True)
    (work / "text.txt").write_text(
        "TITLE: Zorbatov\nAUTHOR: Peter Kropotkin\nSOURCE_ID: zorbatov\n----\n\nZorbatov wrote to Malatesta.\n",
        encoding="utf-8",
    )
    (work / "lexicon.toml").write_text('[words]\nZorbatov = "Zor-ba-toff"\n', encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["audio", str(work), "-o", str(out), "--voice", "tone", "--cache-dir", str(tmp_path / "cache"), "-q"]
    assert main(arguments, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    said = json.loads((out / "zorbatov" / "narration.json").read_text(encoding="utf-8"))
    texts = [u["text"] for f in said["files"] for u in f["utterances"]]
    assert any(text.startswith("Zor-ba-toff wrote to") for text in texts), texts
