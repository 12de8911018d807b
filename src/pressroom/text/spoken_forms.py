"""What a listener heard wrong, put right in the speech text (`publish check --listen` on the corpus; see
../shared/notes/listening.md): French titles and money, chapter abbreviations, day-month dates, and names set in
capitals, which an engine spells out letter by letter when its dictionary does not know them. Pure.
"""

from __future__ import annotations

import re

from num2words import num2words

from pressroom.text.patterns import ROMAN_NUMERAL

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# `M. Reclus` (Monsieur), `MM. Grave et Pouget` (Messieurs); not an initial (`John M. Keynes`, `P. M. Smith`).
_MONSIEUR = re.compile(r"(?<![\w.])(?P<title>MM|M)\.(?=\s+(?:d['’]|de\s+|la\s+|le\s+)?[A-ZÀ-Ý])")
_AFTER_A_NAME = re.compile(r"(?:\b[A-Z][\w’'-]*|\b[A-Z]\.)\s+$")
_FRANCS = re.compile(r"(?P<francs>\d[\d,]*)\s?fr(?:s|cs)?\.?(?:\s*(?P<centimes>\d{1,2})\s?c\.)?(?![\w])")
_CENTIMES = re.compile(r"(?P<centimes>\d{1,3})\s?c\.(?=[\s,;:)\]]|$)")
_CHAPTER = re.compile(r"\b(?:ch|chap)\.\s*(?=[IVXLCivxlc]+\b|\d)")
_DAY_MONTH = re.compile(
    rf"(?P<the>\bthe\s+)?\b(?P<day>[0-3]?\d)(?:st|nd|rd|th|d)?\s+(?:of\s+)?(?P<month>{_MONTHS})\b(?P<year>,?\s+\d{{4}}\b)?"
)
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTHS})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th|d)?\b(?=,?\s+\d{{4}}\b)")
_CAPITALS = re.compile(r"(?<![\w.])[A-Z][A-Z’'-]*[A-Z](?![\w.])")
KNOWN_ACRONYMS = frozenset(
    [
        "USA",
        "US",
        "UK",
        "USSR",
        "RSFSR",
        "SR",
        "SRS",
        "BC",
        "AD",
        "AM",
        "PM",
        "TV",
        "IWW",
        "ILP",
        "SDF",
        "CGT",
        "NB",
        "PS",
        "OK",
        "GPU",
        "NKVD",
        "IWA",
        "IWMA",
        "IWPA",
        "AK",
        "ILO",
        "NE",
    ]
)
"""Words in capitals that are said as letters (or are known so): left alone."""
_VOWELS = re.compile(r"[AEIOUY]")
_CAPITALS_NEEDING_RUNNING_TEXT = 3
"""A text of fewer words than this in capitals is a heading, title-cased as a whole elsewhere."""


def french_forms(text: str) -> str:
    """`M.` Monsieur, `MM.` Messieurs, `3 fr. 50 c.` three francs fifty centimes, `ch. iv` chapter four."""

    def monsieur(match: re.Match[str]) -> str:
        if _AFTER_A_NAME.search(text[: match.start()]):
            return match.group(0)  # an initial in a name
        return "Messieurs" if match.group("title") == "MM" else "Monsieur"

    def francs(match: re.Match[str]) -> str:
        spoken = _counted(match.group("francs"), "franc")
        if match.group("centimes"):
            spoken += " " + _counted(match.group("centimes"), "centime")
        return spoken + _stop_kept(match)

    def centimes(match: re.Match[str]) -> str:
        return _counted(match.group("centimes"), "centime") + _stop_kept(match)

    text = _MONSIEUR.sub(monsieur, text)
    text = _FRANCS.sub(francs, text)
    text = _CENTIMES.sub(centimes, text)
    return _CHAPTER.sub("chapter ", text)


def _stop_kept(match: re.Match[str]) -> str:
    """The abbreviation's full stop also ends the sentence when nothing, or a new sentence, follows it."""
    rest = match.string[match.end() :].lstrip()
    return "." if match.group(0).endswith(".") and (not rest or rest[:1].isupper()) else ""


def _counted(digits: str, unit: str) -> str:
    return f"{digits} {unit}" + ("" if digits == "1" else "s")


def dates(text: str) -> str:
    """`21 January 1793`: the twenty-first of January, 1793; `January 21, 1793`: January twenty-first, 1793."""

    def day_month(match: re.Match[str]) -> str:
        day = int(match.group("day"))
        if not 1 <= day <= 31:
            return match.group(0)
        the = match.group("the") or "the "
        year = match.group("year")
        spoken = f"{the}{num2words(day, to='ordinal')} of {match.group('month')}"
        return spoken + (f", {year.strip(' ,')}" if year else "")

    def month_day(match: re.Match[str]) -> str:
        day = int(match.group("day"))
        return f"{match.group('month')} {num2words(day, to='ordinal')}" if 1 <= day <= 31 else match.group(0)

    return _MONTH_DAY.sub(month_day, _DAY_MONTH.sub(day_month, text))


def capitals_as_words(text: str) -> str:
    """A name set in capitals inside running text (`WILLIAM SMITHSON was a grand figure`) read as a word, not
    letter by letter; roman numerals and known acronyms stay as they are."""
    if len(_CAPITALS.findall(text)) * 2 > len(text.split()) and len(text.split()) < _CAPITALS_NEEDING_RUNNING_TEXT:
        return text

    def word(match: re.Match[str]) -> str:
        found = match.group(0)
        bare = found.replace("’", "").replace("'", "")
        if bare in KNOWN_ACRONYMS or ROMAN_NUMERAL.fullmatch(found) or not _VOWELS.search(bare):
            return found  # said as letters: HTML, SDF, XIV
        return "-".join(part[:1] + part[1:].lower() for part in found.split("-"))

    return _CAPITALS.sub(word, text)


_VULGAR = {
    "½": (1, 2),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
_VULGAR_CHARS = "".join(_VULGAR)
_MIXED = re.compile(
    rf"(?<![\d/.,·])(?P<whole>\d+)(?:\s+(?P<n>\d{{1,2}})/(?P<d>\d{{1,2}})|\s?(?P<v>[{_VULGAR_CHARS}]))(?![\d/])"
)
_FRACTION = re.compile(rf"(?<![\w/.,·])(?:(?P<n>\d{{1,2}})/(?P<d>\d{{1,2}})|(?P<v>[{_VULGAR_CHARS}]))(?![\w/])")
_MIDDLE_DOT_DECIMAL = re.compile(r"(?<=\d)·(?=\d)")
_MAX_DENOMINATOR = 16


def fractions(text: str) -> str:
    """`2 1/2` and `2½`: "2 and a half"; `3/4`: "three quarters"; `2·5` (a British decimal point): `2.5`. A
    slash between numbers that is no proper fraction (`24/7`, `1905/6`) stays as it is."""

    def mixed(match: re.Match[str]) -> str:
        words = _fraction_words(match, article="a")
        return f"{match.group('whole')} and {words}" if words else match.group(0)

    def alone(match: re.Match[str]) -> str:
        return _fraction_words(match, article="one") or match.group(0)

    return _FRACTION.sub(alone, _MIXED.sub(mixed, _MIDDLE_DOT_DECIMAL.sub(".", text)))


def _fraction_words(match: re.Match[str], article: str) -> str:
    if match.group("v"):
        numerator, denominator = _VULGAR[match.group("v")]
    else:
        numerator, denominator = int(match.group("n")), int(match.group("d"))
    if not 0 < numerator < denominator <= _MAX_DENOMINATOR:
        return ""
    if denominator == 2:
        return f"{article} half"
    if denominator == 4:
        return f"{article} quarter" if numerator == 1 else f"{num2words(numerator)} quarters"
    ordinal = num2words(denominator, to="ordinal")
    return f"{article} {ordinal}" if numerator == 1 else f"{num2words(numerator)} {ordinal}s"
