"""The pronunciation lexicon: respellings for every voice, phonemes for the voices that take them (hibari's
inline notation), checked against hibari's own phonemizer."""

from __future__ import annotations

import io
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
    said = speech_text("A letter by Peter Kropotkin to Bakunin.", hibari)
    phonemes = Hibari().phonemize(said)[0]
    assert "kɹəpˈɑtkɪn" in phonemes and "bəkˈunɪn" in phonemes
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
