"""Typography for print: what a reader sees instead of the transcription's typewriter conventions."""

from __future__ import annotations

import pytest

from pressroom.text.typography import Run, print_runs, split_italics, typographic, xml_safe


@pytest.mark.parametrize(
    ("plain", "printed"),
    [
        ('He said "no" to them.', "He said “no” to them."),
        ('"Wait awhile, not today..."', "“Wait awhile, not today…”"),
        ("don't, Kropotkin's, the '90s", "don’t, Kropotkin’s, the ’90s"),
        ("the word 'mutual aid' here", "the word ‘mutual aid’ here"),
        ('("quoted")', "(“quoted”)"),
        ('"\'Tis so," he said.', "“‘Tis so,” he said."),
        ("mutual aid--chiefly, however", "mutual aid—chiefly, however"),
        ("a pause -- then more", "a pause—then more"),
        ("Mr. ---- was there", "Mr. ⸺ was there"),
        ("and so . . . on", "and so … on"),
        ("two  spaces   here", "two spaces here"),
        ("first line\nsecond line", "first line\nsecond line"),
    ],
)
def test_plain_conventions_become_print(plain: str, printed: str) -> None:
    assert typographic(plain) == printed


def test_underscores_mark_italics_but_not_inside_names() -> None:
    assert split_italics("see _Mutual Aid_, ch. 2") == (Run("see "), Run("Mutual Aid", italic=True), Run(", ch. 2"))
    assert split_italics("a snake_case_name stays") == (Run("a snake_case_name stays"),)
    assert split_italics("(_Riesenbetriebe_)") == (Run("("), Run("Riesenbetriebe", italic=True), Run(")"))
    assert split_italics("a lone _ underscore") == (Run("a lone _ underscore"),)


def test_print_runs_keeps_every_word() -> None:
    text = 'He wrote _"Les facultés"_ -- and "more"...'
    runs = print_runs(text)
    assert "".join(run.text for run in runs) == "He wrote “Les facultés”—and “more”…"
    assert [run.italic for run in runs] == [False, True, False]


def test_characters_xml_cannot_carry_are_removed_or_replaced() -> None:
    assert xml_safe("a\x00b\x01c\x1fd\x7fe") == "abcde"
    assert xml_safe("tab\tand\nnewline") == "tab\tand\nnewline"
    assert xml_safe("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert xml_safe("emoji 🎉, שלום, e\u0301") == "emoji 🎉, שלום, e\u0301"
