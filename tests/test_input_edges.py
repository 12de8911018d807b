"""Inputs nobody tuned for (issue 38): Markdown front matter left open or not YAML, a folder whose subfolders
are passed over, italics beside a fraction. Each is said, with the file and the line, or read as meant."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.errors import InputError
from pressroom.sources.load import load_works
from pressroom.text.speech import speech_text
from pressroom.text.typography import split_italics

BODY = "\n# Hello\n\nSome text of the essay.\n"


@pytest.mark.parametrize(
    ("front", "line", "said"),
    [
        # No closing `---`: the keys were printed and read as text, and `# Hello` vanished.
        ("---\ntitle: Unclosed\nauthor: B\n", 1, "never closed"),
        ("---\r\ntitle: Unclosed\r\n", 1, "never closed"),
        # Malformed YAML was taken as it came (title "Unclosed", author "[x").
        ("---\ntitle: Unclosed\nauthor: [x\n---\n", 3, "not valid YAML"),
        ("---\ntitle: A\nauthor: {name: B\n---\n", 3, "not valid YAML"),
        ("---\ntitle: A\nauthor:\n  name: B\n---\n", 3, "author is not text"),
        ("---\n- just\n- a list\n---\n", 2, "not a list of key: value lines"),
    ],
)
def test_front_matter_that_is_wrong_is_one_line_naming_its_line(
    tmp_path: Path, front: str, line: int, said: str
) -> None:
    source = tmp_path / "essay.md"
    source.write_bytes((front + BODY).encode("utf-8"))
    with pytest.raises(InputError) as raised:
        load_works(source)
    assert raised.value.path == str(source) and raised.value.line == line and said in raised.value.message


@pytest.mark.parametrize(
    ("front", "title", "author"),
    [
        ('---\ntitle: "A: Title"\nauthor: Peter Kropotkin\n---\n', "A: Title", "Peter Kropotkin"),
        ("---\nTitle: Quoted 'Well'\nAuthor: 'P. K.'\ndate: 1896-01-01\n---\n", "Quoted 'Well'", "P. K."),
        (
            "---\ntitle: Two\nauthor: [Peter Kropotkin, Élisée Reclus]\n---\n",
            "Two",
            "Peter Kropotkin and Élisée Reclus",
        ),
        ("---\ntitle: Spaced   \nauthor:   B  \nunknown: [ignored\n---\n", None, None),
    ],
)
def test_front_matter_that_is_right_is_read_as_yaml(
    tmp_path: Path, front: str, title: str | None, author: str | None
) -> None:
    source = tmp_path / "essay.md"
    source.write_text(front + BODY, encoding="utf-8")
    if title is None:  # YAML broken in a key Pressroom does not use is still broken YAML: said, not guessed at
        with pytest.raises(InputError, match="not valid YAML"):
            load_works(source)
        return
    (work,) = load_works(source).works
    assert (work.meta.title, work.meta.author) == (title, author)


def test_a_folder_read_for_its_files_says_which_subfolders_it_passed_over(tmp_path: Path) -> None:
    (tmp_path / "essay.md").write_text("---\ntitle: T\nauthor: A\n---\n" + BODY, encoding="utf-8")
    for name in ("later", "drafts", ".git"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "other.txt").write_text("Another text.\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["info", str(tmp_path)], stdout=io.StringIO(), stderr=err) == 0
    assert f"{tmp_path}: its subfolders are not read (drafts, later)" in err.getvalue()


@pytest.mark.parametrize(
    ("text", "italic", "said"),
    [
        ("The loaf cost 2½_d._ then.", ["d."], "The loaf cost two and a half pence then."),
        ("It cost 3_s._ 6_d._ in all.", ["s.", "d."], "It cost three shillings six pence in all."),
        ("and _d._ is pence", ["d."], "and d. is pence"),
        ("a snake_case_name stays", [], "a snake_case_name stays"),
        ("_Mutual Aid_, ¾_of it_", ["Mutual Aid", "of it"], "Mutual Aid, ¾of it"),
    ],
)
def test_italics_beside_a_fraction_or_a_number_are_italics(text: str, italic: list[str], said: str) -> None:
    assert [run.text for run in split_italics(text) if run.italic] == italic
    assert speech_text(text) == said
