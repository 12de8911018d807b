"""The parts of a letter: place, dateline and salutation at its head; valediction, signature, date at its foot."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pressroom.model import BlockKind
from pressroom.text.lines import Chunk, is_scene_break

_GREETING = (
    r"[“\"‘']?(?:(?:my|our)\s+)?(?:dear(?:est)?|respected|honou?red|esteemed|beloved|sirs?|madam|gentlemen"
    r"|comrades?|friends?|citizens?|brothers?|sisters?)\b[^.?;—–]{0,60}?"
)
_SALUTATION = re.compile(_GREETING + r"(?:[,!:]\s*[—–-]*|[—–]+)?", re.IGNORECASE)
# `Dear Comrade Smith,—Many thanks for ...`: the salutation runs into the letter's first paragraph.
_RUN_IN_SALUTATION = re.compile(_GREETING + r"(?:[,:!]\s*[—–-]+|\s*[—–]+)\s*", re.IGNORECASE)
# A closing that ends with a stop (`Warm greetings from us all.`), said in a letter's usual words.
_CLOSING_WORDS = re.compile(
    r"\b(?:greetings?|yours|regards|faithfully|sincerely|fraternally|cordially|respectfully|affectionately"
    r"|salut(?:e|ations)?|wishes|love|thanks|farewell|handshake)\b",
    re.IGNORECASE,
)
_POSTSCRIPT = re.compile(r"[“\"‘']?P\.\s?(?:P\.\s?)?S\.?(?=[\s—–-])")
_QUOTES = "“”\"‘’'"
_MAX_EDITORIAL_HEAD = 2
"""An editor's note or two may stand before a letter's salutation."""
_INTRODUCES = re.compile(r"\b(?:letter|editor|translat\w*|reprint\w*|wr[io]te|written|addressed)\b", re.IGNORECASE)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
_DATE = re.compile(rf"\b(?:{'|'.join(_MONTHS)})\b\.?|\b1[5-9]\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"de", "von", "van", "la", "le", "du", "da", "der"})
_MAX_HEAD_LINES = 4
_MAX_SHORT_CHARS = 70
_MAX_SALUTATION_WORDS = 7
_MAX_VALEDICTION_WORDS = 14
_SIGNATURE_INDENT = 8


def letter_parts(chunks: Sequence[Chunk], author: str, signed_by_other: bool = False) -> dict[int, BlockKind]:
    """The letter parts among a run of body chunks, by index; empty when the run is not a letter.

    `signed_by_other`: the run is someone else's preface, which may close with their bare name.
    """
    parts = _head(chunks)
    parts.update(_foot(chunks, author, is_letter=bool(parts) or signed_by_other))
    return parts


def _head(chunks: Sequence[Chunk]) -> dict[int, BlockKind]:
    """Place, date and salutation at a letter's head, after at most an editor's note or two."""
    skip = 0
    while skip < min(_MAX_EDITORIAL_HEAD, len(chunks)) and _is_introduction(chunks[skip]):
        skip += 1
    for start in sorted({0, skip}):
        parts = _head_from(chunks, start)
        if parts:
            return parts
    return {}


def _head_from(chunks: Sequence[Chunk], start: int) -> dict[int, BlockKind]:
    for index in range(start, min(len(chunks), start + _MAX_HEAD_LINES + 1)):
        chunk = chunks[index]
        if (is_salutation(chunk) and index + 1 < len(chunks)) or salutation_end(chunk.first) is not None:
            parts = {i: _place_or_date(chunks[i]) for i in range(start, index) if not is_scene_break(chunks[i].first)}
            parts[index] = BlockKind.SALUTATION
            return parts
        if not _is_short_line(chunk):
            return {}
    return {}


def _is_introduction(chunk: Chunk) -> bool:
    """An editor's note before a letter: in brackets, or a paragraph that speaks of the letter or its editor."""
    text = " ".join(line.stripped for line in chunk.lines)
    return (text.startswith("[") and text.endswith("]")) or _INTRODUCES.search(text) is not None


def salutation_end(text: str) -> int | None:
    """Where a salutation that runs into the first paragraph ends (`Dear Comrade Smith,—|Many thanks`)."""
    match = _RUN_IN_SALUTATION.match(text)
    if match is None or len(match.group(0).split()) > _MAX_SALUTATION_WORDS or match.end() >= len(text):
        return None
    return match.end()


def _foot(chunks: Sequence[Chunk], author: str, is_letter: bool) -> dict[int, BlockKind]:
    surname = _surname(author)
    found: dict[int, BlockKind] = {}
    signed = False
    for index in range(len(chunks) - 1, max(-1, len(chunks) - 7), -1):
        chunk = chunks[index]
        if _POSTSCRIPT.match(chunk.first) and not signed:
            found[index] = BlockKind.POSTSCRIPT
            continue
        if not _is_short_line(chunk):
            break
        kind = _foot_kind(chunk, surname, is_letter, signed)
        if kind is None:
            break
        found[index] = kind
        signed = signed or kind is BlockKind.SIGNATURE
        if kind is BlockKind.VALEDICTION:
            break
    if signed or (found and all(chunks[i].indent >= 2 for i in found)):
        return found
    return {}


def _foot_kind(chunk: Chunk, surname: str, is_letter: bool, signed: bool) -> BlockKind | None:
    text = chunk.first
    if (
        not signed
        and _is_name(text)
        and ((surname and surname in text.lower()) or chunk.indent >= _SIGNATURE_INDENT or is_letter)
    ):
        return BlockKind.SIGNATURE
    if _DATE.search(text) and len(text.split()) <= 6:
        return BlockKind.DATELINE
    if (
        signed
        and len(text.split()) <= _MAX_VALEDICTION_WORDS
        and (text.endswith(",") or (text.endswith(".") and _CLOSING_WORDS.search(text)))
    ):
        return BlockKind.VALEDICTION
    if chunk.indent >= 2 and len(text.split()) <= 6:
        return BlockKind.PLACE
    return None


def is_signature(chunk: Chunk, author: str) -> bool:
    """A line that signs the text with the author's name (`PETER KROPOTKIN.`), wherever it stands."""
    surname = _surname(author)
    return _is_short_line(chunk) and bool(surname) and surname in chunk.first.lower() and _is_name(chunk.first)


def _surname(author: str) -> str:
    return author.split()[-1].lower() if author.split() else ""


def _place_or_date(chunk: Chunk) -> BlockKind:
    return BlockKind.DATELINE if _DATE.search(chunk.first) else BlockKind.PLACE


def is_salutation(chunk: Chunk) -> bool:
    text = chunk.first
    if salutation_end(text) is not None:
        return True
    return (
        chunk.is_single_line and len(text.split()) <= _MAX_SALUTATION_WORDS and _SALUTATION.fullmatch(text) is not None
    )


def _is_short_line(chunk: Chunk) -> bool:
    return chunk.is_single_line and len(chunk.first) <= _MAX_SHORT_CHARS


def _is_name(text: str) -> bool:
    """`P. Kropotkin`, `PETER KROPOTKIN.`, `*P. Kropotkin.*`: a few capitalized words or initials."""
    words = re.sub(r"[*_]", "", text).strip(_QUOTES).rstrip(".").split()
    if not 1 <= len(words) <= 5:
        return False
    return all(word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in words)
