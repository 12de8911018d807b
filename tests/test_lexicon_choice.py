"""One lexicon: the curator's file given with `--lexicon` is read over the voice's and the work's, recorded in
`narration.json` with the entries the work used, read again by a later run into the same folder, and a run
whose lexicons no longer hold an entry the work was narrated with says so. With the stand-in voice."""

from __future__ import annotations

import io
from pathlib import Path

from pressroom.cli import main
from pressroom.layout import WorkFolder
from pressroom.sources.load import sample_path


def _book(tmp_path: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    arguments = ["book", str(sample_path()), "--voice", "tone", "-o", str(tmp_path / "out"),
                 "--cache-dir", str(tmp_path / "cache"), "-q", *extra]  # fmt: skip
    return main(arguments, stdout=io.StringIO(), stderr=err), err.getvalue()


def test_a_curators_lexicon_is_recorded_and_read_again_by_the_next_run(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('# mine\n[words]\nLenin = "Lennin"\nNobody = "Nobbody"\n', encoding="utf-8")
    assert _book(tmp_path, "--lexicon", str(mine)) == (0, "")
    folder = WorkFolder(tmp_path / "out" / "letter_to_lenin")
    made = folder.load_narration()
    assert made is not None
    assert made.lexicon.chosen == (str(mine.resolve()),)
    assert str(mine.resolve()) in made.lexicon.files
    assert ("Lenin", "Lennin") in made.lexicon.entries, "the entry the work uses"
    assert "Nobody" not in dict(made.lexicon.entries), "an entry the work does not use is not its"
    assert any("Lennin" in spoken.text for spoken in made.utterances)
    narration = folder.narration.read_bytes()
    # Without --lexicon, the next run narrates with the file the work was narrated with: the same narration.
    assert _book(tmp_path) == (0, "")
    assert folder.narration.read_bytes() == narration


def test_a_run_without_an_entry_the_work_was_narrated_with_says_so(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[words]\nLenin = "Lennin"\n', encoding="utf-8")
    assert _book(tmp_path, "--lexicon", str(mine))[0] == 0
    mine.write_text("[words]\n", encoding="utf-8")
    status, said = _book(tmp_path)
    assert status == 0
    assert "letter_to_lenin: narrated before with lexicon entries no lexicon holds now (Lenin)" in said
    mine.unlink()
    status, said = _book(tmp_path)
    assert status == 0 and f"it was narrated with the lexicon {mine.resolve()}, which is gone" in said


def test_a_lexicon_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    status, said = _book(tmp_path, "--lexicon", str(tmp_path))
    assert status != 0 and "--lexicon" in said and "not a file" in said and said.count("\n") == 1
