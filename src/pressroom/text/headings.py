"""Recognizing the headings a text carries, and setting their titles as a publisher would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from pressroom.model import Block
from pressroom.text.lines import Chunk, is_scene_break
from pressroom.text.names import is_in_capitals, title_case
from pressroom.text.patterns import MARKUP_HEADING_PARTS, NOTE_MARK, ROMAN


class Rank(IntEnum):
    """How big a heading is; a smaller rank contains the larger ones that follow it."""

    PART = 1
    CHAPTER = 2
    SECTION = 3
    NUMBERED_SECTION = 4
    """A numeral alone on its line (`II`): a sub-section, never a chapter of its own."""


_ORDINAL_WORDS = [
    "FIRST",
    "SECOND",
    "THIRD",
    "FOURTH",
    "FIFTH",
    "SIXTH",
    "SEVENTH",
    "EIGHTH",
    "NINTH",
    "TENTH",
    "ELEVENTH",
    "TWELFTH",
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
]
_NUMBER = rf"(?:{ROMAN}|\d{{1,3}}|{'|'.join(_ORDINAL_WORDS)})"
_LABELLED = re.compile(
    rf"(?P<word>PART|BOOK|CHAPTER|APPENDIX)\s+(?P<number>{_NUMBER}|[A-Z])\b\.?\s*(?:[:.—–-]+\s*)?(?P<title>.*)",
    re.IGNORECASE,
)
# `IX. WAR AND INDUSTRY`, `A.--BRITISH INVESTMENTS ABROAD.`
_NUMBERED_TITLE = re.compile(
    r"(?P<number>(?=[IVXL]{1,8}\.)(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|\d{1,3}|[A-Z])"
    r"\.\s*(?:-{2,3}|[—–-])?\s*(?P<title>\S.*)"
)
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){1,4}")
_NUMERAL_ALONE = re.compile(rf"(?P<number>{ROMAN})\.?")
_DIGITS_ALONE = re.compile(r"(?P<number>\d{1,3})\.?")  # `## 1.` in markup
_MATTER = re.compile(
    r"(?P<title>PREFACE|INTRODUCTION|INTRODUCTORY|CONCLUSION|APPENDIX|NOTES|EPILOGUE|PROLOGUE|FOREWORD"
    r"|AFTERWORD|POSTSCRIPT|BIBLIOGRAPHY|GLOSSARY|INDEX|CONTENTS|TRANSCRIBER[’']S NOTES?|AUTHOR[’']S NOTE)\.?",
)
_NOTES_HEADING = re.compile(r"(?:FOOT)?NOTES?:", re.IGNORECASE)
_MARKUP_RANK = {
    "*": Rank.PART,
    "**": Rank.CHAPTER,
    "***": Rank.SECTION,
    "#": Rank.CHAPTER,
    "##": Rank.SECTION,
}
# A line in capitals that closes a book rather than heading a part of it.
_NOT_HEADINGS = frozenset({"THE END", "FINIS", "END"})
_MAX_HEADING_CHARS = 160
_MAX_TITLE_AFTER_LABEL = 80


@dataclass(frozen=True)
class Heading:
    rank: Rank
    title: str | None
    """The title in title case; None when the text gives only a label (`CHAPTER IV`) so far."""
    label: str | None = None
    wants_title: bool = False
    """A label alone (`CHAPTER I`, `PART FIRST`) whose title is on the next line."""
    wants_more: bool = False
    """A title that the next line in capitals may continue (`PREFACE` / `TO THE SECOND EDITION`)."""
    numeral_only: bool = False
    synthetic: bool = False
    """Not in the text: the work's own title, opening the work after an editor's preface."""
    needs_text: bool = False
    """A line in capitals that is a heading only if text follows it (not `ENDS`, not a closing place line)."""


@dataclass(frozen=True)
class HeadingItem:
    """A heading in the run of a work's body, with the chunks of text it took (a label and its title line)."""

    heading: Heading
    blocks: tuple[Block, ...]


def is_notes_heading(chunk: Chunk) -> bool:
    return chunk.is_single_line and _NOTES_HEADING.fullmatch(chunk.first) is not None


def recognize(chunk: Chunk, markup_only: bool = False) -> Heading | None:
    """The heading a chunk is, or None when it is text. With `markup_only` (text from a format whose headings
    are explicit: EPUB, HTML, Markdown), only markup lines are headings, never a paragraph in capitals."""
    text = chunk.first
    # Markup headings start at the line's start; ` * Nine months only.` under a table is a note to it.
    markup = (
        MARKUP_HEADING_PARTS.fullmatch(text)
        if chunk.is_single_line and chunk.indent == 0 and not is_scene_break(text)
        else None
    )
    if markup:
        return _markup_heading(markup.group("marks"), markup.group("text"))
    if markup_only:
        return None
    if not chunk.is_single_line or len(text) > _MAX_HEADING_CHARS:
        return _recognize_shouting_block(chunk)
    if is_scene_break(text):
        return None
    if chunk.indent >= 2:
        return None  # indented capitals are a letter's place or signature, a table's caption...
    return _plain_heading(text)


def _markup_heading(marks: str, text: str) -> Heading:
    rank = _MARKUP_RANK.get(marks.split()[0], Rank.SECTION)
    labelled = _LABELLED.fullmatch(text)
    if labelled:
        return _labelled_heading(labelled, rank)
    numeral = _NUMERAL_ALONE.fullmatch(text) or _DIGITS_ALONE.fullmatch(text)
    if numeral:
        return Heading(rank, numeral.group("number"), numeral_only=True)
    numbered = _NUMBERED_TITLE.fullmatch(text)
    if numbered and _ROMAN_OR_DIGITS.fullmatch(numbered.group("number")):
        return Heading(rank, clean_title(numbered.group("title")), label=numbered.group("number"))
    return Heading(rank, clean_title(text))


_ROMAN_OR_DIGITS = re.compile(rf"{ROMAN}|\d{{1,3}}")


def _plain_heading(text: str) -> Heading | None:
    bare = NOTE_MARK.sub("", text).strip()
    labelled = _LABELLED.fullmatch(bare)
    if labelled and _is_plain_label(labelled, bare):
        return _labelled_heading(labelled, None)
    numeral = _NUMERAL_ALONE.fullmatch(bare)
    if numeral:
        return Heading(Rank.NUMBERED_SECTION, numeral.group("number"), numeral_only=True)
    matter = _MATTER.fullmatch(bare)
    if matter:
        return Heading(Rank.CHAPTER, clean_title(matter.group("title")), wants_more=True)
    if _INITIALS.fullmatch(bare):
        return None  # a signature (`P. K.`), not a section `P` titled `K`
    if is_in_capitals(bare) and bare.rstrip(".!") not in _NOT_HEADINGS:
        numbered = _NUMBERED_TITLE.fullmatch(bare)
        if numbered:
            return Heading(
                Rank.SECTION,
                clean_title(numbered.group("title")),
                label=numbered.group("number"),
                needs_text=True,
            )
        return Heading(Rank.SECTION, clean_title(bare), needs_text=True)
    return None


def _recognize_shouting_block(chunk: Chunk) -> Heading | None:
    """A heading in capitals wrapped over two or three lines (`J.--MR. GIFFEN'S ... POSITION OF`)."""
    if len(chunk.lines) > 3 or chunk.indent >= 2:
        return None
    text = " ".join(line.stripped for line in chunk.lines)
    if len(text) > _MAX_HEADING_CHARS or not is_in_capitals(text):
        return None
    return _plain_heading(text)


def _is_plain_label(match: re.Match[str], text: str) -> bool:
    """`CHAPTER IV`, or `Chapter IV` alone on its line; not a sentence that happens to start with `Part`."""
    word = match.group("word")
    if word.isupper():
        return True
    if not word[0].isupper() or _ROMAN_OR_DIGITS.fullmatch(match.group("number")) is None:
        return False
    title = match.group("title")
    if not title:
        return True
    # `Chapter 1: The Beginning`: a mark after the number, then a short capitalised title that is not a sentence.
    between = text[match.end("number") : match.start("title")]
    return (
        any(mark in between for mark in ":.—–-")
        and title[0].isupper()
        and len(title) <= _MAX_TITLE_AFTER_LABEL
        and not title.rstrip().endswith((".", ",", ";"))
    )


def _labelled_heading(match: re.Match[str], rank: Rank | None) -> Heading:
    word = match.group("word").upper()
    number = match.group("number")
    label = f"{word.title()} {number.title() if number.upper() in _ORDINAL_WORDS else number.upper()}"
    own_rank = {"PART": Rank.PART, "BOOK": Rank.PART}.get(word, Rank.CHAPTER)
    if own_rank is Rank.PART and number.isalpha() and len(number) == 1 and number.upper() not in "IVX":
        own_rank = Rank.SECTION  # `Part A`, `Part B`: lettered divisions inside a chapter
    title = clean_title(match.group("title")) if match.group("title").strip(" .:") else None
    return Heading(rank or own_rank, title, label=label, wants_title=title is None)


def is_title_line(chunk: Chunk) -> bool:
    """Whether a chunk can be the title under a label: one short line in capitals, or a markup heading."""
    return chunk.is_single_line and _is_title_line(chunk.first)


def _is_title_line(text: str) -> bool:
    return len(text) <= _MAX_HEADING_CHARS and is_in_capitals(NOTE_MARK.sub("", text))


def clean_title(text: str) -> str:
    """The title as set in a book: no note marks, markup, trailing stops; dashes and case put right."""
    text = NOTE_MARK.sub("", text)
    text = re.sub(r"[_*]", "", text)
    text = re.sub(r"\s*--\s*(?=\()", " ", text)
    text = re.sub(r"\s*--\s*", " — ", text)
    text = " ".join(text.split()).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.rstrip(".:;, ").lstrip(".:;, -—–")
    return title_case(text) if text else text


def join_titles(first: str, second: str) -> str:
    """`Preface` + `To the Second Edition` -> `Preface to the Second Edition`."""
    return title_case(f"{first} {second}")
