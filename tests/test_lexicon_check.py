"""`publish lexicon check`: each lexicon entry said in a sentence with and without it by the default voice and
heard by the real listener; an entry that takes what is heard further from the name fails the check."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pressroom.checks.lexicon import CLOSER, EntryHeard
from pressroom.cli import main
from pressroom.hear.listener import normaliser
from pressroom.hear.scoring import name_likeness


def test_likeness_sets_the_carrier_sentence_aside_and_ignores_case_accents_and_spaces() -> None:
    normalise = normaliser()
    assert name_likeness("Tolstóy", "The next name is Tolstoy.", "The next name is", normalise) == 1.0
    assert name_likeness("Malatesta", "The next name is Mala Testa.", "The next name is", normalise) == 1.0
    near = name_likeness("Bakunin", "The next name is Bikunan.", "The next name is", normalise)
    far = name_likeness("Bakunin", "The next name is backing in.", "The next name is", normalise)
    assert 1.0 > near > far > 0.0


@pytest.mark.slow
def test_an_entry_that_helps_is_told_from_one_that_harms(tmp_path: Path) -> None:
    (tmp_path / "lexicon.toml").write_text(
        '[words]\nMalatesta = "Mala-testa"\nDarwin = { phonemes = "zˈuɹɪk" }\n', encoding="utf-8"
    )
    out, err = io.StringIO(), io.StringIO()
    args = ["lexicon", "check", "--voices-dir", str(tmp_path), "--word", "Malatesta", "--word", "Darwin"]
    status = main(args, stdout=out, stderr=err)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert "heard right" in lines["Malatesta"] or "nearer" in lines["Malatesta"], out.getvalue()
    assert "further" in lines["Darwin"], out.getvalue()
    assert status == 1 and "2 entries heard with heart" in out.getvalue()


def test_a_word_the_lexicon_lacks_is_one_line(tmp_path: Path) -> None:
    err = io.StringIO()
    status = main(
        ["lexicon", "check", "--voices-dir", str(tmp_path), "--word", "Nobody"], stdout=io.StringIO(), stderr=err
    )
    assert status == 64 and "Nobody" in err.getvalue() and len(err.getvalue().strip().splitlines()) <= 2


@pytest.mark.parametrize(
    ("entry", "verdict"),
    [
        # Reclus = /ɹəklˈu/: "recluse" without it, "Reclu" with it; as like the spelling, but the entry's sound.
        (EntryHeard("Reclus", "recluse", "Reclu", 0.92, 0.91, 0.83, 1.0), "heard right"),
        # Nearer by sound, the spelling kept: Irkútsk heard "Erkutsk" then "Irkutsk" by ear alone.
        (EntryHeard("Irkutsk", "", "", 0.80, 0.82, 0.40, 0.40 + 2 * CLOSER), "nearer"),
        # An entry with another word's phonemes (Darwin as Zurich): heard as the entry says, far from the name.
        (EntryHeard("Darwin", "Darwin", "Zurich", 1.0, 0.2, 0.1, 1.0), "further"),
        (EntryHeard("Malatesta", "Malletsta", "Mala-testa", 0.9, 0.9), "no change"),
    ],
)
def test_an_entry_is_judged_by_its_spelling_and_by_the_sound_it_gives(entry: EntryHeard, verdict: str) -> None:
    assert entry.verdict == verdict
