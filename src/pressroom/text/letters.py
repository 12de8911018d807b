"""The parts of a letter: place, dateline and salutation at its head; valediction, signature, date at its foot."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pressroom.model import BlockKind
from pressroom.text.lines import Chunk

_SALUTATION = re.compile(
    r"(?:(?:my|our)\s+)?(?:dear(?:est)?|respected|honou?red|esteemed|beloved|sirs?|madam|gentlemen|comrades?"
    r"|friends?|citizens?|brothers?|sisters?)\b[^.?;]{0,60}?[,!:—]?",
    re.IGNORECASE,
)
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
    for index, chunk in enumerate(chunks[: _MAX_HEAD_LINES + 1]):
        if is_salutation(chunk) and index + 1 < len(chunks):
            parts = {i: _place_or_date(chunks[i]) for i in range(index)}
            parts[index] = BlockKind.SALUTATION
            return parts
        if not _is_short_line(chunk):
            return {}
    return {}


def _foot(chunks: Sequence[Chunk], author: str, is_letter: bool) -> dict[int, BlockKind]:
    surname = _surname(author)
    found: dict[int, BlockKind] = {}
    signed = False
    for index in range(len(chunks) - 1, max(-1, len(chunks) - 6), -1):
        chunk = chunks[index]
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
    if signed and text.endswith(",") and len(text.split()) <= _MAX_VALEDICTION_WORDS:
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
    return (
        chunk.is_single_line and len(text.split()) <= _MAX_SALUTATION_WORDS and _SALUTATION.fullmatch(text) is not None
    )


def _is_short_line(chunk: Chunk) -> bool:
    return chunk.is_single_line and len(chunk.first) <= _MAX_SHORT_CHARS


def _is_name(text: str) -> bool:
    """`P. Kropotkin`, `PETER KROPOTKIN.`, `*P. Kropotkin.*`: a few capitalized words or initials."""
    words = re.sub(r"[*_]", "", text).rstrip(".").split()
    if not 1 <= len(words) <= 5:
        return False
    return all(word[:1].isupper() or word.lower() in _NAME_PARTICLES for word in words)
