"""The pronunciation lexicon: respellings for every voice, phonemes for the voices that take them (hibari's
inline notation), checked against hibari's own phonemizer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hibari import Hibari

from pressroom.errors import InputError
from pressroom.text.speech import speech_text
from pressroom.tts.voices import load_lexicon


def test_phonemes_reach_hibari_and_other_voices_read_the_word() -> None:
    hibari = load_lexicon(None, "hibari")
    assert hibari["Kropotkin"] == "[Kropotkin](/kɹəpˈɑtkɪn/)"
    said = speech_text("A letter by Peter Kropotkin to Bakunin.", hibari)
    phonemes = Hibari().phonemize(said)[0]
    assert "kɹəpˈɑtkɪn" in phonemes and "bəkˈunɪn" in phonemes
    assert "kɹˈɑpətkˌɪn" not in phonemes, "the dictionary's stress on the first syllable is gone"
    piper = load_lexicon(None, "piper")
    assert "Kropotkin" not in piper and piper["Dmitrov"] == "Dmeetrov", "respellings serve every voice"


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
