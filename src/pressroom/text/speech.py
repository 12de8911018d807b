"""Text for the ear: what a narrator would say for what is printed. Pure functions, the same for every engine.

Engines read plain prose well but stumble on a printed book's conventions: `£5 10s.`, `CHAPTER IV`, `Vol. II`,
`&c.`, `viz.`, footnote marks, `--`. Everything here is spelt out before any engine sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from num2words import num2words

from pressroom.text.names import is_in_capitals, title_case
from pressroom.text.patterns import (
    ABBREVIATIONS,
    ABBREVIATIONS_BEFORE_MORE,
    NOTE_LABEL,
    ROMAN,
    TITLES_BEFORE_NAMES,
    roman_value,
)
from pressroom.text.spoken_forms import capitals_as_words, dates, fractions, french_forms
from pressroom.text.typography import xml_safe

# Words after which a numeral is a number in a sequence ("Chapter IV" is chapter four).
_NUMBERING_WORDS = r"Chapter|Chap\.|Part|Book|Vol\.|Volume|Section|Appendix|Letter|Lecture|Article|No\.|Canto|Act|Scene"
_NUMBERED = re.compile(rf"\b({_NUMBERING_WORDS})\s+({ROMAN})\b(?!['’])", re.IGNORECASE)
# A name before a numeral of two letters or more is a ruler ("Louis XIV" is Louis the fourteenth).
_REGNAL = re.compile(rf"\b([A-Z][a-z]+)\s+((?!I\b|[MDCL]\b){ROMAN})\b(?!['’])")
# `Charles I.`: a one is a ruler's numeral only with its full stop, and not before a word in capitals' sentence.
_FIRST = re.compile(r"\b([A-Z][a-z]+)\s+I\.(?=\s+[a-z]|\s*$|\s+[A-Z])")
_MAX_REGNAL = 40
_NOT_NAMES = frozenset({"The", "In", "Of", "And", "To", "A", "On", "At", "By", "For", "From", "With", "As", "Is"})

_ABBREVIATION_PATTERNS = tuple((re.compile(pattern), spoken) for pattern, spoken in ABBREVIATIONS)

_FOOTNOTE_MARK = re.compile(rf"\[(?:{NOTE_LABEL}|\*+)\]|(?<=[^\W\d_][.,;:!?”\"’)])\*+|(?<=[^\W\d_])\*+(?=\s|$)")
_EDITORIAL = re.compile(r"\[([^\[\]]+)\]")
_MONEY_LSD = re.compile(
    r"£\s?(?P<pounds>\d[\d,]*)(?:\s+(?P<shillings>\d{1,2})s\.?)?(?:\s+(?P<pence>\d{1,2}(?:½|¼|¾)?)d\.?)?"
)
_SHILLINGS_PENCE = re.compile(
    r"\b(?P<shillings>\d{1,2})s\.?\s+(?P<pence>\d{1,2}[½¼¾]?)d\.?|\b(?P<only>\d{1,2}[½¼¾]?)([sd])\.(?=[\s,;:)\]]|$)"
)
_DOLLARS = re.compile(r"\$\s?(\d[\d,]*)(?:\.(\d{2}))?")
_RANGE = re.compile(r"\b(\d{1,4})\s?[-–](\d{1,4})\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th|d)\b")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])(\s?%)?")
_DASH = re.compile(r"\s*(?:—|–|-{2,}|⸺)\s*")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
_LONE_NUMERAL = re.compile(rf"({ROMAN})\.?")
# Italics and bold marks at a word's edge (a fraction or a number before them is no word: `2½_d._`).
_MARKUP = re.compile(r"(?<![^\W_\d¼½¾⅓⅔⅛⅜⅝⅞])[_*]+|[_*]+(?![^\W_])")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])((?:[\"”’)\]]|\[[\w*]{1,4}\])*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
_NOT_SENTENCE_END = re.compile(rf"(?:\b[A-Z]|\b(?:{'|'.join((*TITLES_BEFORE_NAMES, *ABBREVIATIONS_BEFORE_MORE))}))\.$")


class ForeignReading(Protocol):
    """How phrases in other languages are read: which language a phrase is in (None: English, or unsure), and a
    word's phonemes by that language's rules in the voice's notation (None: leave it to the voice)."""

    def language_of(self, phrase: str) -> str | None: ...

    def phonemes(self, word: str, language: str) -> str | None: ...


def speech_text(text: str, lexicon: Mapping[str, str] | None = None, foreign: ForeignReading | None = None) -> str:
    """The words a narrator says for a block's text, with dashes and ellipses left as pauses (commas); with
    `foreign`, a phrase in italics or quoted in another language is read by its own rules (`[Temps](/tˈɑ̃/)`), a word the
    lexicon has excepted."""
    text = _SPACES.sub(" ", xml_safe(text)).strip()
    numeral = _LONE_NUMERAL.fullmatch(text)
    if numeral:
        # A section numbered by a numeral alone ("II.") is read as its number.
        return f"{str(num2words(roman_value(numeral.group(1)))).capitalize()}."
    if is_in_capitals(text):
        text = title_case(text)
    phrases = _foreign_phrases(text, foreign) if foreign is not None else []
    for step in _STEPS:
        text = step(text)
    if foreign is not None and phrases:
        text = _read_foreign(text, phrases, foreign, lexicon)
    if lexicon:
        text = apply_lexicon(text, lexicon)
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r",(\s*,)+", ",", text)).strip(" ,")


_ITALIC_RUN = re.compile(r"(?<![^\W_\d])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![^\W_])")
_FOREIGN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


_QUOTED_RUN = re.compile(r"“([^“”]+)”|(?<![\w\"])\"([^\"]+)\"(?![\w\"])")


def _foreign_phrases(text: str, foreign: ForeignReading) -> list[tuple[str, str]]:
    """Each phrase set apart (in italics, or quoted: a title, a saying) that `foreign` places in another
    language, with the language, in order; the phrase as the other steps leave it (its italics marks out)."""
    runs = sorted(
        [(match.start(), match.group(1)) for match in _ITALIC_RUN.finditer(text)]
        + [(match.start(), match.group(1) or match.group(2)) for match in _QUOTED_RUN.finditer(text)]
    )
    plain = (_markup(phrase) for _, phrase in runs)
    found = ((phrase.strip(), foreign.language_of(phrase)) for phrase in plain)
    return [(phrase, language) for phrase, language in found if language and phrase]


def _read_foreign(
    text: str, phrases: list[tuple[str, str]], foreign: ForeignReading, lexicon: Mapping[str, str] | None
) -> str:
    """The phrases found again in the text the other steps made (in order; one those steps changed is left as
    it is), their words given their phonemes by their language's rules, but a word the lexicon has."""
    excepted = {word.lower() for word in lexicon or {}}
    position = 0
    for phrase, language in phrases:
        # Case may have changed (a heading's capitals made a title's, `LE RÉVOLTÉ` as `Le RÉVOLTÉ`).
        match = re.compile(rf"(?<![\w\[]){re.escape(phrase)}(?![\w\]])", re.IGNORECASE).search(text, position)
        if match is None:
            continue

        def word(found: re.Match[str], language: str = language) -> str:
            if found.group(0).lower() in excepted:
                return found.group(0)
            phonemes = foreign.phonemes(found.group(0).lower(), language)
            return f"[{found.group(0)}](/{phonemes}/)" if phonemes else found.group(0)

        read = _FOREIGN_WORD.sub(word, match.group(0))
        text = text[: match.start()] + read + text[match.end() :]
        position = match.start() + len(read)
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences of spoken text, cut after end punctuation but not after an initial or a title such as `Mr.`."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str, printed: bool = False) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends (without the spaces around it). `printed` text is cut as
    its speech text will be: not after an ellipsis (said as a pause within the sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group(1))
        candidate = text[start:end]
        if _NOT_SENTENCE_END.search(candidate) or (printed and _ENDS_IN_ELLIPSIS.search(candidate)):
            continue
        spans.append(_stripped(text, start, end))
        start = match.end()
    spans.append(_stripped(text, start, len(text)))
    return [(start, end) for start, end in spans if end > start]


_ENDS_IN_ELLIPSIS = re.compile(r"(?:…|\.\s?\.\s?\.)[\"”’)\]]*$")


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def without_phonemes(text: str) -> str:
    """Spoken text as a person reads it: the phonemes given for a word left out (`[Kropotkin](/kɹəpˈɑtkɪn/)`
    is `Kropotkin`)."""
    return _PHONEMES_GIVEN.sub(r"\1", text)


_PHONEMES_GIVEN = re.compile(r"\[([^\[\]]+)\]\(/([^/)]*)/\)")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–]\s)|(?<=[—–])\s+")
_PHONEME_MARKUP = re.compile(r"\[[^\[\]]*\]\(/[^/)]*/\)")
MIN_CLAUSE_WORDS = 3


def split_clauses(sentence: str) -> list[str]:
    """A sentence cut where its clauses meet (after a comma, semicolon or colon, around a dash), each piece at
    least three words long (a shorter one joins the piece before it, or the next when it opens the sentence);
    phoneme markup is never cut. One piece when the sentence has no clauses to cut at."""
    protected = _PHONEME_MARKUP.sub(lambda match: match.group(0).replace(" ", "\x00"), sentence)
    pieces: list[str] = []
    for piece in _CLAUSE_END.split(protected):
        piece = piece.replace("\x00", " ").strip()
        if not piece:
            continue
        if pieces and min(len(pieces[-1].split()), len(piece.split())) < MIN_CLAUSE_WORDS:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def apply_lexicon(text: str, lexicon: Mapping[str, str]) -> str:
    """Replace whole words by their respellings (`Izvestiia` -> `Izvestia`), matching case-insensitively."""
    if not lexicon:
        return text
    by_lower = {word.lower(): spoken for word, spoken in lexicon.items()}
    return _lexicon_pattern(by_lower).sub(lambda match: by_lower[match.group(1).lower()], text)


def lexicon_words_used(texts: Iterable[str], lexicon: Mapping[str, str]) -> tuple[str, ...]:
    """The lexicon's words (as the lexicon spells them) that `apply_lexicon` would replace in `texts`, sorted."""
    if not lexicon:
        return ()
    by_lower = {word.lower(): word for word in lexicon}
    pattern = _lexicon_pattern(by_lower)
    found = {by_lower[match.group(1).lower()] for text in texts for match in pattern.finditer(text)}
    return tuple(sorted(found))


def _lexicon_pattern(words: Mapping[str, str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(word) for word in ordered) + r")(?![\w])", re.IGNORECASE)


def _footnotes_and_brackets(text: str) -> str:
    text = _FOOTNOTE_MARK.sub("", text)
    # An editor's insertion is read as part of the sentence; a longer gloss is set off by commas.
    return _EDITORIAL.sub(lambda m: m.group(1) if len(m.group(1).split()) <= 3 else f", {m.group(1)},", text)


def _markup(text: str) -> str:
    return _MARKUP.sub("", text)


def _abbreviations(text: str) -> str:
    for pattern, spoken in _ABBREVIATION_PATTERNS:
        text = pattern.sub(spoken, text)
    return text


def _roman_numerals(text: str) -> str:
    def numbered(match: re.Match[str]) -> str:
        word = match.group(1)
        return f"{word} {num2words(roman_value(match.group(2)))}"

    def regnal(match: re.Match[str]) -> str:
        name, numeral = match.groups()
        if name in _NOT_NAMES or roman_value(numeral) > _MAX_REGNAL:
            return match.group(0)
        return f"{name} the {num2words(roman_value(numeral), to='ordinal')}"

    def first(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _NOT_NAMES:
            return match.group(0)
        rest = text_after(match)
        return f"{name} the first" + ("." if not rest or rest[:1].isupper() else "")

    def text_after(match: re.Match[str]) -> str:
        return match.string[match.end() :].lstrip()

    return _FIRST.sub(first, _REGNAL.sub(regnal, _NUMBERED.sub(numbered, text)))


def _money(text: str) -> str:
    def lsd(match: re.Match[str]) -> str:
        parts = [_amount(match.group("pounds"), "pound", "pounds")]
        if match.group("shillings"):
            parts.append(_amount(match.group("shillings"), "shilling", "shillings"))
        if match.group("pence"):
            parts.append(_pence(match.group("pence")))
        return " ".join(parts)

    def shillings_pence(match: re.Match[str]) -> str:
        if match.group("only"):
            unit = match.group(match.lastindex or 0)
            if unit == "d":
                return _pence(match.group("only"))
            return (
                _amount(match.group("only"), "shilling", "shillings")
                if match.group("only").isdigit()
                else match.group(0)
            )
        return f"{_amount(match.group('shillings'), 'shilling', 'shillings')} {_pence(match.group('pence'))}"

    def dollars(match: re.Match[str]) -> str:
        spoken = _amount(match.group(1), "dollar", "dollars")
        if match.group(2) and int(match.group(2)):
            spoken += f" and {_amount(match.group(2), 'cent', 'cents')}"
        return spoken

    return _DOLLARS.sub(dollars, _SHILLINGS_PENCE.sub(shillings_pence, _MONEY_LSD.sub(lsd, text)))


def _amount(digits: str, one: str, many: str) -> str:
    value = int(digits.replace(",", ""))
    return f"{num2words(value)} {one if value == 1 else many}"


def _pence(digits: str) -> str:
    fraction = {"½": " and a half", "¼": " and a quarter", "¾": " and three quarters"}
    whole = digits.rstrip("½¼¾")
    extra = fraction.get(digits[-1], "")
    value = int(whole)
    return f"{num2words(value)}{extra} {'penny' if value == 1 and not extra else 'pence'}"


def _ranges(text: str) -> str:
    return _RANGE.sub(lambda m: f"{_number_words(m.group(1))} to {_number_words(m.group(2))}", text)


def _ordinals(text: str) -> str:
    return _ORDINAL.sub(lambda m: num2words(int(m.group(1)), to="ordinal"), text)


def _numbers(text: str) -> str:
    def spoken(match: re.Match[str]) -> str:
        whole, decimals, percent = match.groups()
        words = _number_words(whole)
        if decimals:
            words += " point " + " ".join(num2words(int(digit)) for digit in decimals)
        return words + (" per cent" if percent else "")

    return _NUMBER.sub(spoken, text)


def _number_words(digits: str) -> str:
    value = int(digits.replace(",", ""))
    if "," not in digits and len(digits) == 4 and 1100 <= value <= 2099:
        return str(num2words(value, to="year"))
    return str(num2words(value))


def _pauses(text: str) -> str:
    return _ELLIPSIS.sub(", ", _DASH.sub(", ", text))


_STEPS: tuple[Callable[[str], str], ...] = (
    _footnotes_and_brackets,
    _markup,
    _money,
    fractions,
    french_forms,
    _abbreviations,
    capitals_as_words,
    _roman_numerals,
    dates,
    _ranges,
    _ordinals,
    _numbers,
    _pauses,
)
