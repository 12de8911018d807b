"""The text patterns several readers of the text share, in one place so that they cannot drift apart: roman
numerals, note marks, markup headings, separators, and the abbreviations speech spells out.

Each is a regular-expression fragment (no anchors) or a compiled pattern; every one is linear in its input.
"""

from __future__ import annotations

import re

ROMAN = r"(?=[MDCLXVI]+\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?![MDCLXVI])"
"""A roman numeral in capitals, I to MMMCMXCIX, as a whole word: the lookahead wants a word of numeral letters,
the lookbehind refuses to stop inside one (so `IIII` and `VV` are not numerals, and nothing matches empty)."""
ROMAN_NUMERAL = re.compile(ROMAN)

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[ch] for ch in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_numeral(value: int) -> str:
    """1 -> `I`, 1920 -> `MCMXX` (for 1 to 3999)."""
    out = ""
    for number, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        count, value = divmod(value, number)
        out += letters * count
    return out


NOTE_LABEL = r"\d{1,3}|[a-z*†‡]"
"""What stands inside a note mark: `[12]`, `[a]`, `[*]`; never four digits, so `[1881]` is a year an editor added,
read aloud. Structure, the book and speech agree on it."""
NOTE_MARK = re.compile(rf"\[(?:{NOTE_LABEL})\]")

MARKUP_HEADING = re.compile(r"(?:#{1,6}|\*{1,5})[ \t]+[^\n]*\w")
"""A heading in Markdown or Anarchist Library (Amusewiki) markup: `## Title`, `** Chapter 2`."""
MARKUP_HEADING_PARTS = re.compile(r"(?P<marks>(?:#{1,6}|\*{1,5})(?:[ \t]+(?:#{1,6}|\*{1,5}))*)[ \t]+(?P<text>\S.*)")
"""The same, with its marks and its text apart (the marks give the heading's rank)."""

SEPARATOR = re.compile(r"[-—–_=]{3,}")
"""A rule of dashes, underscores or equals signs (left over from a printed table of contents)."""

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"&c\.?", "et cetera"),
    (r"\betc\.", "et cetera"),
    (r"\bviz\.", "namely"),
    (r"\bi\.\s?e\.", "that is"),
    (r"\be\.\s?g\.", "for example"),
    (r"\bcf\.", "compare"),
    (r"\bibid\.", "ibidem"),
    (r"\bpp\.(?=\s*\d)", "pages"),
    (r"\bp\.(?=\s*\d)", "page"),
    (r"\b[Vv]ols?\.(?=\s)", "volume"),
    (r"\bNo\.(?=\s*\d)", "number"),
    (r"\bMr\.", "Mister"),
    (r"\bMrs\.", "Missus"),
    (r"\bDr\.", "Doctor"),
    (r"\bProf\.", "Professor"),
    (r"\bMme\.", "Madame"),
    (r"\bMlle\.", "Mademoiselle"),
    (r"\bSt\.(?=\s+[A-Z])", "Saint"),
    (r"\bSt\.", "Street"),
    (r"\bJan\.(?=\s*\d)", "January"),
    (r"\bFeb\.(?=\s*\d)", "February"),
    (r"\bAug\.(?=\s*\d)", "August"),
    (r"\bSept\.(?=\s*\d)", "September"),
    (r"\bOct\.(?=\s*\d)", "October"),
    (r"\bNov\.(?=\s*\d)", "November"),
    (r"\bDec\.(?=\s*\d)", "December"),
)
"""Abbreviations as they are spoken: (pattern, words)."""

YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
"""A year of print (1500-2099) inside a date however it is written (`January 1887`, `1892-05-01`)."""

TITLES_BEFORE_NAMES = ("Mr", "Mrs", "Dr", "St", "Prof", "Mme", "Mlle")
"""Abbreviated titles whose full stop never ends a sentence (`Mr. Smith`)."""
ABBREVIATIONS_BEFORE_MORE = ("No", "Vol", "vol", "pp", "p", "cf", "viz", "etc")
"""Abbreviations that are usually followed by more of the same sentence."""
