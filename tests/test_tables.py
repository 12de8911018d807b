"""Tables by kind, set as plain-text books set them: groups of columns, names of rows, units, ditto marks,
totals, notes under the table, fractions, header words broken over lines, drawn boxes. Each kind is tried in
many settings (indentation, gaps, alignment, case, line breaks) and must read the same."""

from __future__ import annotations

import itertools
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.audio.reading import DEFAULT_READING_ALOUD, table_text
from pressroom.model import BlockKind, Unit, WorkMeta
from pressroom.text.speech import speech_text
from pressroom.text.structure import build_work
from pressroom.text.tables import read_table

META = WorkMeta(title="The Terror", author="Peter Kropotkin", source_id="terror", slug="terror")
ROWS = [
    ("1905 (2 1/2 months)", "72+", "10+", "96", "32"),
    ("1906", "450", "144", "1,100", "”"),
    ("1907", "1,056", "508", "1,300", "627"),
    ("1908 (to Oct. 1)", "1,340", "782", "1,800", "1,000*"),
]
TOTAL = ("Total", "2,918", "1,444", "4,296", "1,659+")


def _set(cells: list[str], widths: list[int], gap: int, align: str, indent: int) -> str:
    """One line of a table, each cell in its column's width, aligned as a printer would."""
    parts = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if index == 0:
            parts.append(cell.ljust(width))
        elif align == "right":
            parts.append(cell.rjust(width))
        elif align == "left":
            parts.append(cell.ljust(width))
        else:
            parts.append(cell.center(width))
    return (" " * indent + (" " * gap).join(parts)).rstrip()


def courts_martial(indent: int, gap: int, align: str, caption: str, case: str, split_names: bool, rule: bool) -> str:
    """The Terror in Russia's table of courts martial, in one of many settings."""
    official, ours = (
        ("Official FIGURES.", "Our FIGURES.") if case == "capitals" else ("Official figures.", "Our figures.")
    )
    names = ["Death Sentences.", "Executions."] * 2
    stub = max(len(row[0]) for row in [*ROWS, TOTAL])
    widths = [stub] + [max(len(names[i]) if not split_names else 10, 6) for i in range(4)]
    lines = []
    if caption:
        lines.append(" " * (indent + stub + 10) + caption)
    pair = widths[1] + gap + widths[2]
    groups = " " * (indent + stub + gap) + official.center(pair) + " " * gap + ours.center(pair)
    lines.append(groups.rstrip())
    if split_names:
        lines.append(_set(["", "Death", "", "Death", ""], widths, gap, "centre", indent))
        lines.append(
            _set(["", "Sentences.", "Executions.", "Sentences.", "Executions."], widths, gap, "centre", indent)
        )
    else:
        lines.append(_set(["", *names], widths, gap, "centre", indent))
    lines.extend(_set(list(row), widths, gap, align, indent) for row in ROWS)
    if rule:
        lines.append(_set(["", *("-----" for _ in range(4))], widths, gap, align, indent))
    lines.append(_set(list(TOTAL), widths, gap, align, indent))
    lines.append(" " * indent + "* Estimated.")
    return "\n".join(lines)


VARIANTS = list(
    itertools.product(
        (0, 2, 6),  # indentation
        (2, 4),  # gap between columns
        ("right", "centre"),  # values' alignment
        ("COURTS MARTIAL.--", "Courts Martial:", ""),  # caption
        ("capitals", "small"),  # the groups' case
        (False, True),  # column names over two lines
        (True, False),  # a rule over the totals
    )
)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: "-".join(map(str, v)))
def test_a_table_of_two_groups_of_columns_is_read_by_its_headers(variant: tuple[object, ...]) -> None:
    text = courts_martial(*variant)  # type: ignore[arg-type]
    table = read_table(text.splitlines())
    assert table is not None, text
    caption = variant[3]
    assert (table.caption or "").casefold() == ("courts martial" if caption else ""), text
    assert [g.casefold() for g in table.groups] == [
        "",
        "official figures",
        "official figures",
        "our figures",
        "our figures",
    ]
    assert [n.casefold() for n in table.names] == ["", "death sentences", "executions", "death sentences", "executions"]
    assert table.body == tuple(ROWS)
    assert table.foot == (TOTAL,)
    assert table.notes == ("* Estimated.",)
    assert [(cell.text.casefold(), cell.span) for cell in table.head[0]] == [
        ("", 1),
        ("official figures.", 2),
        ("our figures.", 2),
    ]


def test_each_value_is_said_after_its_row_group_and_column_with_its_marks_and_fractions() -> None:
    table = read_table(courts_martial(2, 3, "right", "COURTS MARTIAL.--", "capitals", True, True).splitlines())
    assert table is not None
    work = build_work(
        META,
        [
            Unit(
                "terror.txt",
                "The figures are these:\n\n"
                + courts_martial(2, 3, "right", "COURTS MARTIAL.--", "capitals", True, True),
                1,
            )
        ],
    )
    (block,) = [block for block in work.all_blocks() if block.kind is BlockKind.TABLE]
    said = speech_text(table_text(block, DEFAULT_READING_ALOUD))
    assert said.startswith(
        "Table: Courts Martial. nineteen oh-five (two and a half months). Official figures: Death Sentences, "
        "seventy-two and more; Executions, ten and more. Our figures: Death Sentences, ninety-six; Executions, "
        "thirty-two. nineteen oh-six."
    ), said
    # A ditto mark is the value above it; a star pointing to a note is not said; the note is read last.
    assert "Our figures: Death Sentences, one thousand, one hundred; Executions, thirty-two." in said
    assert "Executions, one thousand. Total." in said
    assert said.endswith("Executions, one thousand, six hundred and fifty-nine and more. Estimated.")
    assert "*" not in said and "+" not in said


GERMANY = """\
                                   1883.       1893.        1910.
                                   Tons.       Tons.        Tons.

  Coal                          55,943,000  76,773,000  152,881,500
  Lignite                       14,481,000  22,103,000   69,104,900
  Mineral salts (chiefly potash) 1,526,000   2,379,000    9,735,700
"""


@pytest.mark.parametrize("shift", [0, 3])
@pytest.mark.parametrize("units_line", [True, False])
def test_rows_named_at_the_left_a_unit_line_and_a_name_one_space_from_its_value(shift: int, units_line: bool) -> None:
    lines = [" " * shift + line for line in GERMANY.splitlines() if units_line or "Tons." not in line]
    table = read_table(lines)
    assert table is not None
    assert table.row_headers
    assert table.names == ("", "1883", "1893", "1910")
    assert table.units == (("", "tons", "tons", "tons") if units_line else ("",) * 4)
    assert table.body[-1] == ("Mineral salts (chiefly potash)", "1,526,000", "2,379,000", "9,735,700")
    work = build_work(META, [Unit("f.txt", "\n".join(lines), 1)])
    (block,) = [block for block in work.all_blocks() if block.kind is BlockKind.TABLE]
    said = table_text(block, DEFAULT_READING_ALOUD)
    assert ("Coal: 1883, 55,943,000 tons; 1893, 76,773,000 tons" if units_line else "Coal: 1883, 55,943,000;") in said


ESTABLISHMENTS = """\
1907.                      Establish-     Employees.   Average
                                      ments.                  per estab-
                                                               lishment.
  Artisans working single-handed      994,743      994,743[215]      --
  ----------------------------------------------------------------------
  From 1 to 5   employees             875,518     2,205,539       2·5
    ”  6 to 10     ”                   96,849       717,282         7
  Over 500         ”                    1,423     1,538,577     1,081
                                    ---------    ----------     -----
        Total                       1,091,625     9,858,120         9
  (With the artisans)              (2,086,368)  (10,852,863)       (5)
"""


def test_broken_header_words_ditto_marks_in_names_and_totals_after_a_rule() -> None:
    """Fields, Factories and Workshops, as Gutenberg set it: a header over three lines that sits left of its
    values, a name's words repeated by ditto marks, an empty cell, and totals."""
    table = read_table(ESTABLISHMENTS.splitlines())
    assert table is not None
    assert table.names == ("1907", "Establishments", "Employees", "Average per establishment")
    assert [row[0] for row in table.body] == [
        "Artisans working single-handed",
        "From 1 to 5 employees",
        "” 6 to 10 ”",
        "Over 500 ”",
    ]
    assert [row[0] for row in table.said] == [
        "Artisans working single-handed",
        "From 1 to 5 employees",
        "From 6 to 10 employees",
        "Over 500 employees",
        "Total",
        "(With the artisans)",
    ]
    assert [row[0] for row in table.foot] == ["Total", "(With the artisans)"]
    work = build_work(META, [Unit("f.txt", ESTABLISHMENTS, 1)])
    (block,) = [block for block in work.all_blocks() if block.kind is BlockKind.TABLE]
    said = speech_text(table_text(block, DEFAULT_READING_ALOUD))
    first = "Artisans working single-handed: Establishments, nine hundred and ninety-four thousand, seven hundred"
    assert f"{first} and forty-three; Employees," in said
    assert "Average per establishment, two point five." in said


@pytest.mark.parametrize("rows", [["Country   1890   1895"], ["          1890   1895"]])
def test_a_line_of_years_over_the_columns_names_them(rows: list[str]) -> None:
    lines = [*rows, "England    100*   120**", "France      80     95***"]
    table = read_table(lines)
    assert table is not None
    assert table.names[-2:] == ("1890", "1895")
    assert table.body == (("England", "100*", "120**"), ("France", "80", "95***"))


def test_a_table_drawn_in_boxes_with_a_row_over_two_lines() -> None:
    lines = [
        "+----------+---------+",
        "| Country  | Wheat   |",
        "+==========+=========+",
        "| France   | 120     |",
        "| (metro-  |         |",
        "| politan) |         |",
        "+----------+---------+",
        "| Russia   | 200     |",
        "+----------+---------+",
    ]
    table = read_table(lines)
    assert table is not None
    assert table.names == ("Country", "Wheat")
    assert table.body == (("France (metro- politan)", "120"), ("Russia", "200"))


def test_the_book_prints_groups_over_their_columns_and_names_each_row(tmp_path: Path) -> None:
    from .test_notes_reading import XHTML, _pages

    text = "The figures are these:\n\n" + courts_martial(2, 3, "right", "COURTS MARTIAL.--", "capitals", True, True)
    page = _pages(build_work(META, [Unit("terror.txt", text, 1)]), tmp_path)[0]
    (table,) = page.xpath("//x:table", namespaces=XHTML)
    assert table.xpath("string(x:caption)", namespaces=XHTML) == "COURTS MARTIAL"
    groups = table.xpath("x:thead/x:tr[1]/x:th", namespaces=XHTML)
    assert [(th.text, th.get("colspan"), th.get("scope")) for th in groups] == [
        ("Official FIGURES.", "2", "colgroup"),
        ("Our FIGURES.", "2", "colgroup"),
    ]
    assert [th.get("scope") for th in table.xpath("x:tbody/x:tr/x:th", namespaces=XHTML)] == ["row"] * 4
    assert table.xpath("string(x:tfoot/x:tr[last()]/x:td)", namespaces=XHTML) == "* Estimated."


_WORDS = st.text(string.ascii_lowercase, min_size=2, max_size=8).filter(
    lambda w: w not in {"total", "totals", "sum", "do", "nil", "none", "ditto", "together"}
)
_NAME = st.lists(_WORDS, min_size=1, max_size=3).map(lambda words: " ".join(words).capitalize())
_VALUE = st.one_of(
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(0, 10**6).map(lambda n: f"£{n:,}"),
    st.tuples(st.integers(0, 999), st.integers(0, 9)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.just("--"),
)


@settings(max_examples=300)
@given(
    st.integers(1, 5).flatmap(
        lambda columns: st.tuples(
            st.lists(_NAME, min_size=columns, max_size=columns),
            st.lists(st.tuples(_NAME, st.lists(_VALUE, min_size=columns, max_size=columns)), min_size=2, max_size=6),
            st.integers(2, 6),
            st.sampled_from(["right", "left", "centre"]),
            st.integers(0, 4),
        )
    )
)
def test_any_grid_set_in_columns_is_read_back_cell_for_cell(grid: tuple) -> None:  # type: ignore[type-arg]
    """The rule: names over columns, rows named at the left, values set two spaces or more apart, aligned
    any way: every cell comes back in its row and column, every name over its column."""
    names, rows, gap, align, indent = grid
    widths = [max(len(label) for label, _ in rows)] + [
        max(len(names[i]), *(len(values[i]) for _, values in rows)) for i in range(len(names))
    ]
    lines = [_set(["", *names], widths, gap, "centre", indent)]
    lines.extend(_set([label, *values], widths, gap, align, indent) for label, values in rows)
    table = read_table(lines)
    assert table is not None, "\n".join(lines)
    assert (*table.body, *table.foot) == tuple((label, *values) for label, values in rows), "\n".join(lines)
    assert table.names[1:] == tuple(names), "\n".join(lines)
