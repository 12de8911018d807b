"""Names said by their own language's rules (issue 28): the language told by the name's shape (rules in data),
a Russian name written back into Cyrillic for espeak-ng's Russian rules, and `lexicon suggest` proposing the
entry with the language it assumed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.tts.foreign import name_rules, read_by_rule
from pressroom.tts.voices import load_lexicon


@pytest.mark.parametrize(
    ("word", "language"),
    [("Kharkoff", "ru"), ("Tchaykóvsky", "ru"), ("Tolstóy", "ru"), ("Clairvaux", "fr"), ("Hélène", "fr"),
     ("Malatesta", "it"), ("Gemeinschaft", "de"), ("Darwin", None), ("London", "fr")],
)  # fmt: skip
def test_a_names_shape_tells_its_language(word: str, language: str | None) -> None:
    """London 'by French rules' is a wrong guess the ear rejects: the rules only propose."""
    assert name_rules().language_of(word) == language


def test_a_russian_name_goes_back_to_cyrillic_with_its_stress() -> None:
    rules = name_rules()
    assert rules.as_cyrillic("Kharkoff") == "харков"
    assert rules.as_cyrillic("Tchaykóvsky") == "чайко́вский"
    assert rules.as_cyrillic("Kropotkin") == "кропоткин"


def test_espeak_reads_by_the_languages_rules_and_the_english_form_uses_the_voices_sounds() -> None:
    kharkoff = read_by_rule("Kharkoff")
    assert kharkoff is not None and kharkoff.language == "ru"
    assert kharkoff.phonemes.startswith("x") and kharkoff.english.startswith("h")
    proudhon = read_by_rule("Proudhon")
    assert proudhon is not None and "ʁ" in proudhon.phonemes and proudhon.english == "pɹudˈɔn"
    assert read_by_rule("Darwin") is None
    assert read_by_rule("Darwin", "en") is not None, "a language given is used whatever the shape"


def test_suggest_proposes_the_entry_a_languages_rules_give_and_names_the_language(tmp_path: Path) -> None:
    source = tmp_path / "memoir.txt"
    source.write_text("In the winter we went to Irkútsk with Volodárskiy and Wrangel.\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["lexicon", "suggest", str(source)], stdout=out, stderr=io.StringIO()) == 0
    rows = {line.split()[1]: line for line in out.getvalue().splitlines()[2:] if line.startswith("  ")}
    reading = read_by_rule("Volodárskiy")
    assert reading is not None and rows["Volodárskiy"].endswith(f"{reading.english}  (by Russian rules)")
    assert "rules" not in rows["Wrangel"]
    assert "hear them with publish lexicon check" in out.getvalue()


def test_a_lexicon_entry_may_name_the_language_to_read_the_word_by(tmp_path: Path) -> None:
    """The lexicon is the first place a name's language comes from: `Ravachol = { language = "fr" }`."""
    (tmp_path / "lexicon.toml").write_text(
        '[words]\nRavachol = { language = "fr" }\nKharkoff = { language = "ru", respelling = "Harkov" }\n',
        encoding="utf-8",
    )
    hibari = load_lexicon(tmp_path, "hibari")
    assert hibari["Ravachol"] == "[Ravachol](/ɹɑvɑʃˈɔl/)"
    assert hibari["Kharkoff"] == "[Kharkoff](/hˈɑɹkʌf/)"
    piper = load_lexicon(tmp_path, "piper")
    assert "Ravachol" not in piper and piper["Kharkoff"] == "Harkov", "voices without phonemes take the respelling"
    (tmp_path / "lexicon.toml").write_text('[words]\nRavachol = { language = "zz" }\n', encoding="utf-8")
    with pytest.raises(InputError, match="no spelling-to-sound rules for the language 'zz'"):
        load_lexicon(tmp_path, "hibari")
