"""A Gutenberg download's front matter by its kinds, not by one file (issue 38): a title page in any of its
shapes (a title over several lines, "BY" and a name however set, an edition line, a portrait, a publisher, a
city and a year; indented, flush or centred; in capitals or not), a frontispiece whose caption runs over several
lines, a half-title repeated, a printed contents in any layout, and an untitled note by the author. Every variant
gives the same outline: the title and author from the title page when the header is lost, the note read as the
"Author's Note", nothing of the title page, contents or imprint read or made a chapter."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pressroom.audio.plan import Utterance, plan_narration
from pressroom.sources.load import load_works

TITLES = {
    "one line": [["MEMOIRS OF A REVOLUTIONIST"]],
    "three lines": [["MEMOIRS"], ["OF"], ["A REVOLUTIONIST"]],
    "one paragraph, mixed case": [["Memoirs of a", "Revolutionist"]],
    "half-title, frontispiece, title": [
        ["MEMOIRS", "OF", "A REVOLUTIONIST"],
        ["[Illustration: P. KROPOTKIN.", "1906.", "_Photo. by Lavender,", "Bromley, Kent._]"],
        ["MEMOIRS", "OF", "A REVOLUTIONIST"],
    ],
}
BYLINES = {
    "BY alone": [["BY"], ["P. KROPOTKIN"]],
    "BY and the name": [["BY P. KROPOTKIN"]],
    "italic By": [["_By_ P. KROPOTKIN"]],
    "small by": [["by", "P. Kropotkin"]],
}
IMPRINTS = {
    "edition, portrait, London": [
        ["WITH A PREFACE BY GEORGE BRANDES AND A PREFACE", "TO THIS EDITION BY P. KROPOTKIN DEALING WITH",
         "EVENTS IN RUSSIA SINCE 1899"],
        ["_WITH PORTRAIT_"],
        ["LONDON", "SWAN SONNENSCHEIN & CO., LTD.", "25 HIGH STREET, BLOOMSBURY", "1906"],
    ],
    "New York, roman year": [["NEW YORK", "VANGUARD PRESS"], ["MCMXXVI"], ["PRINTED IN THE UNITED STATES OF AMERICA"]],
}  # fmt: skip
CONTENTS = {
    "part and page columns": """CONTENTS

PART                                                        PAGE

I. CHILDHOOD                                                   1

II. THE CORPS OF PAGES                                        61

PORTRAIT OF P. KROPOTKIN IN 1906                    _Frontispiece_""",
    "indented, with summaries": """                         CONTENTS.

                                                      PAGE

  CHAPTER I. CHILDHOOD                                   17

  Moscow--The old quarter--Serfdom.

  CHAPTER II. THE CORPS OF PAGES                         50""",
    "dotted leaders, list of illustrations": """TABLE OF CONTENTS

Childhood . . . . . . . . . . . . . . . . 1
The Corps of Pages . . . . . . . . . . . 61

LIST OF ILLUSTRATIONS

Portrait of the author . . . . . . _Frontispiece_""",
}
NOTE = """This book would not probably have been written for some time to come, but
for the kind invitation and the most friendly encouragement of the editor
of the Atlantic Monthly, who offered to publish it in his magazine.

P. K.

BROMLEY, KENT, _October 1899_."""
BODY = """PREFACE

The author of this book is a man of an unusual kind, and his life has been
spent in the service of ideas that many of his readers will share.




CHAPTER I.

OUR RICHES.

Moscow is a city of slow historical growth, and down to the present time
its different parts have wonderfully well retained the features.
"""
MATTER_WORDS = ("SONNENSCHEIN", "Sonnenschein", "BRANDES", "Brandes", "PORTRAIT", "Portrait", "Lavender", "VANGUARD",
                "Vanguard", "Frontispiece", "CORPS", "Corps", "sixty-one", "Bloomsbury", "America")  # fmt: skip


def _set(paragraphs: list[list[str]], indent: str, gap: str) -> str:
    return gap.join("\n".join(indent + line for line in paragraph) for paragraph in paragraphs)


def _download(title: str, byline: str, imprint: str, contents: str, indent: str, gap: str, note: bool) -> str:
    page = _set(TITLES[title] + BYLINES[byline] + IMPRINTS[imprint], indent, gap)
    parts = [page, *([NOTE] if note else []), CONTENTS[contents], BODY]
    return "*** START OF THE PROJECT GUTENBERG EBOOK 77777 ***\n\n\n\n" + "\n\n\n\n".join(parts)


VARIANTS = [
    (title, byline, imprint, contents, indent, gap, note)
    for (title, byline, imprint, contents), (indent, gap, note) in zip(
        itertools.product(TITLES, BYLINES, IMPRINTS, CONTENTS),
        itertools.cycle(itertools.product(("", "  ", " " * 20), ("\n\n", "\n\n\n"), (True, False))),
        strict=False,
    )
]


@pytest.mark.parametrize(("title", "byline", "imprint", "contents", "indent", "gap", "note"), VARIANTS)
def test_every_shape_of_front_matter_gives_the_same_book(
    tmp_path: Path, title: str, byline: str, imprint: str, contents: str, indent: str, gap: str, note: bool
) -> None:
    source = tmp_path / "77777-0.txt"
    source.write_text(_download(title, byline, imprint, contents, indent, gap, note), encoding="utf-8")
    (work,) = load_works(source).works
    assert (work.meta.title, work.meta.author) == ("Memoirs of a Revolutionist", "P. Kropotkin")
    opening = ["Author's Note"] if note else []
    assert [chapter.heading_line for chapter in work.chapters] == [*opening, "Preface", "Chapter I: Our Riches"]
    said = [s.text for t in plan_narration(work).tracks for s in t.segments if isinstance(s, Utterance)]
    text = " ".join(said)
    assert not [word for word in MATTER_WORDS if word in text], "no line of the title page, contents or imprint"
    if note:
        assert said[1:3] == ["Author's Note.", NOTE.split("\n\n")[0].replace("\n", " ")]
    assert "Moscow is a city of slow historical growth" in text


def test_a_contents_line_with_no_pages_after_it_is_the_texts_own() -> None:
    """A chapter called "Contents" in a book of essays (no page numbers follow) is text, not a printed contents."""
    from pressroom.sources.gutenberg_matter import separate_matter

    lines = ["CONTENTS", "", "What a man contains is more than he can say, and this chapter is about that.", ""]
    assert separate_matter(list(lines)).lines == tuple(lines)


def test_a_book_with_no_title_page_loses_nothing() -> None:
    """No display lines before the text: the first heading and its text are kept whole."""
    from pressroom.sources.gutenberg_matter import separate_matter

    lines = ["CHAPTER I.", "", "OUR RICHES.", "", "The human race has travelled a long way, and it has come to own", ""]
    assert separate_matter(list(lines)).lines == tuple(lines)


def test_a_text_with_no_heading_after_its_title_page_is_the_work_not_a_note(tmp_path: Path) -> None:
    """An essay set under its title page with no heading: the whole is the work, not an "Author's Note"."""
    page = _set(TITLES["one line"] + BYLINES["BY alone"] + IMPRINTS["New York, roman year"], "  ", "\n\n")
    essay = "\n\n".join([NOTE.split("\n\n")[0]] * 3)
    source = tmp_path / "77777-0.txt"
    source.write_text(f"*** START OF THE PROJECT GUTENBERG EBOOK 77777 ***\n\n\n\n{page}\n\n\n\n{essay}\n", "utf-8")
    (work,) = load_works(source).works
    assert [chapter.heading_line for chapter in work.chapters] == ["Memoirs of a Revolutionist"]
    assert work.chapters[0].words == 3 * len(NOTE.split("\n\n")[0].split())
