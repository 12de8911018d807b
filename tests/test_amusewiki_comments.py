"""Amusewiki's comment lines (`;` alone, or `; ` and anything) are never read: the corpus's copy of a letter
whose older translation the Anarchist Library keeps commented out read both translations aloud, and its
`; #source` note (the address said letter by letter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressroom.sources.load import load_works

KEPT = "The police cannot be the builders of a new life."
SET_ASIDE = "An older translation, set aside."

HEADER_MUSE = (
    "TITLE: A Letter\nAUTHOR: Peter Kropotkin\nSOURCE_ID: al_a_letter\n"
    "SOURCE_URL: https://theanarchistlibrary.org/library/a-letter.muse\n----\n\n"
)
HEADER_GUTENBERG = "TITLE: A Letter\nAUTHOR: Peter Kropotkin\nSOURCE_ID: pg_1\n----\n\n"


@pytest.mark.parametrize(
    "comment",
    [f"; {SET_ASIDE}", f";\t{SET_ASIDE}", f"; #source {SET_ASIDE}", ";", f"; {SET_ASIDE}   ", f"; ; {SET_ASIDE}"],
)
@pytest.mark.parametrize("form", ["cleaned", "muse"])
def test_a_comment_line_is_not_read(tmp_path: Path, comment: str, form: str) -> None:
    body = f"{comment}\n\n{KEPT}\n\n{comment}\n{comment}\n\nAnd more that is read.\n"
    if form == "muse":
        path = tmp_path / "a-letter.muse"
        path.write_text(f"#title A Letter\n#author Peter Kropotkin\n\n{body}", encoding="utf-8")
    else:
        path = tmp_path / "a_letter.txt"
        path.write_text(HEADER_MUSE + body, encoding="utf-8")
    (work,) = load_works(path).works
    text = " ".join(block.text for block in work.all_blocks())
    assert KEPT in text and "And more that is read." in text
    assert SET_ASIDE not in text and "#source" not in text


@pytest.mark.parametrize(
    "line",
    [
        f";{SET_ASIDE}",  # no space after the semicolon: not a comment in Amusewiki
        f"  ; {SET_ASIDE}",  # not at the line's start
        f"{KEPT}; {SET_ASIDE}",  # a semicolon in a sentence
    ],
)
def test_what_is_not_a_comment_is_read(tmp_path: Path, line: str) -> None:
    path = tmp_path / "a_letter.txt"
    path.write_text(HEADER_MUSE + f"{KEPT}\n\n{line}\n", encoding="utf-8")
    (work,) = load_works(path).works
    assert SET_ASIDE in " ".join(block.text for block in work.all_blocks())


def test_a_semicolon_line_of_a_text_from_elsewhere_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "a_letter.txt"
    path.write_text(HEADER_GUTENBERG + f"{KEPT}\n\n; {SET_ASIDE}\n", encoding="utf-8")
    (work,) = load_works(path).works
    assert SET_ASIDE in " ".join(block.text for block in work.all_blocks())
