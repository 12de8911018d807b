"""The domain: a work, its chapters and their blocks, as immutable values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

_HAS_ALNUM = re.compile(r"[^\W_]")

WORDS_PER_MINUTE = 175
"""Narration speed of the voices as measured on whole works: heart read the Memoirs' 163,306 words in 15 h 29 min
(176 a minute), joe Law and Authority's 8,062 in 44 min (183). At 150 the estimates ran 15% high."""


class NotesReading(StrEnum):
    """How the narration reads notes (`pressroom.audio.reading` does it)."""

    END = "end"
    SKIP = "skip"
    INLINE = "inline"


class TablesReading(StrEnum):
    READ = "read"
    SKIP = "skip"


@dataclass(frozen=True)
class ReadingAloud:
    notes: NotesReading = NotesReading.END
    tables: TablesReading = TablesReading.READ


class BlockKind(StrEnum):
    """What a block is, so that print and speech can each render it properly."""

    HEADING = "heading"
    """The source text of the heading that opens a chapter or section (as printed: `CHAPTER I`)."""
    PARAGRAPH = "paragraph"
    PLACE = "place"
    """A letter's place line (`Dmitrov (Moscow province)`)."""
    DATELINE = "dateline"
    SALUTATION = "salutation"
    VALEDICTION = "valediction"
    SIGNATURE = "signature"
    POSTSCRIPT = "postscript"
    """A letter's `P.S.`, after its signature."""
    SCENE_BREAK = "scene_break"
    BLOCK_QUOTE = "block_quote"
    VERSE = "verse"
    """Lines whose breaks matter: `text` keeps them as newlines."""
    TABLE = "table"
    """Preformatted columns: `text` keeps the lines and their spacing."""
    NOTES_HEADING = "notes_heading"
    """The `NOTES:` or `FOOTNOTES:` line that opens a chapter's notes."""
    NOTE = "note"
    """One note; `label` holds its mark (`12` for `[12]` or `12.`)."""
    FIGURE = "figure"
    """An illustration's caption (`[Illustration: FIG. 1.--...]`; the picture is not in the text): printed as a
    figure, never read aloud."""


PROSE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.BLOCK_QUOTE, BlockKind.VERSE, BlockKind.TABLE, BlockKind.NOTE})


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of text came from: a file and a 1-based line number in it."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    source: SourceRef
    label: str | None = None
    """A note's mark; None for every other kind."""

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Chapter:
    """A chapter (level 1) or a section nested in one (level 2 and deeper)."""

    title: str
    """The title as a publisher sets it, in title case (`Our Riches`)."""
    level: int
    blocks: tuple[Block, ...]
    """The chapter's own blocks, its heading first when the text has one; sections follow in `children`."""
    children: tuple[Chapter, ...] = ()
    label: str | None = None
    """The numbering printed before the title (`Chapter I`, `Part First`), when there is one."""

    def walk(self) -> Iterator[Chapter]:
        """This chapter and all its sections, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> Iterator[Block]:
        for chapter in self.walk():
            yield from chapter.blocks

    @property
    def heading_line(self) -> str:
        """The heading as set, the same in the book, the narration and `publish info`: `Chapter I: Our Riches`,
        or only the title when the label adds nothing."""
        if self.label and self.label != self.title:
            return f"{self.label}: {self.title}"
        return self.title

    @property
    def words(self) -> int:
        return sum(block.words for block in self.all_blocks())

    @property
    def paragraphs(self) -> int:
        return sum(1 for block in self.all_blocks() if block.kind in PROSE_KINDS)


@dataclass(frozen=True)
class WorkMeta:
    """What is known about a work from its header and the corpus manifest."""

    title: str
    author: str
    source_id: str
    slug: str
    year: int | None = None
    language: str = "en"
    source_url: str | None = None
    source_path: str | None = None
    retrieved_utc: str | None = None
    license_note: str | None = None
    """The licence or rights statement; None when the source gives none (and then nothing is claimed)."""
    genre: str | None = None
    corpus: str | None = None
    """The name of the corpus the work came from, when it came from one."""
    publisher: str | None = None
    description: str | None = None
    """A description the user gave; by default the book describes itself from its contents."""
    date: str | None = None
    """The publication date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`): given, or the source file's own date."""
    transcriber_note: tuple[str, ...] = ()
    """What the transcriber of the source edition noted (conventions, corrections), a paragraph each: printed in
    the colophon, never read aloud."""
    cover: bytes | None = field(default=None, repr=False)
    """The user's own cover image as PNG (`--cover`); by default a cover is set in type from the title."""


@dataclass(frozen=True)
class Unit:
    """One unit file of a work: its body text, as the source split it."""

    path: str
    body: str
    first_line: int
    """The line number in `path` of the body's first line, so blocks can point back to the file."""
    explicit_headings: bool = False
    """The format marks every heading (EPUB, HTML, Markdown): a paragraph in capitals is not one."""


@dataclass(frozen=True)
class DroppedLine:
    """A line left out of the book on purpose (a printed table of contents' leftover), with why."""

    text: str
    source: SourceRef
    reason: str


@dataclass(frozen=True)
class Work:
    meta: WorkMeta
    chapters: tuple[Chapter, ...]
    dropped: tuple[DroppedLine, ...] = field(default=())
    units: tuple[str, ...] = field(default=())
    """The paths of the unit files the work was read from, in order."""

    def walk(self) -> Iterator[Chapter]:
        for chapter in self.chapters:
            yield from chapter.walk()

    def all_blocks(self) -> Iterator[Block]:
        for chapter in self.chapters:
            yield from chapter.all_blocks()

    def texts(self) -> Iterator[str]:
        """Every text of the work its narration may say: the title and author (announced), each heading, each
        block (so a name only in a title is one the work uses)."""
        yield self.meta.title
        yield self.meta.author
        for chapter in self.walk():
            yield chapter.heading_line
        for block in self.all_blocks():
            yield block.text

    @property
    def words(self) -> int:
        return sum(chapter.words for chapter in self.chapters)

    @property
    def narration_minutes(self) -> float:
        """How long the work takes to read aloud, estimated from its words."""
        return self.words / WORDS_PER_MINUTE


@dataclass(frozen=True)
class SentenceReading:
    """What a voice that says exactly the phonemes it reads will say for one sentence, known before it says it:
    what `--verify`'s proof holds a sentence's sound against."""

    phonemes: int
    """How many phonemes it voices."""
    unvoiced: str = ""
    """Symbols its reading has that its model lacks (dropped without a sound)."""
    guessed: tuple[str, ...] = ()
    """Words it reads by guesswork, found in no dictionary of its own (names, foreign words)."""


@dataclass(frozen=True)
class NameHeard:
    """A word the voice guessed, heard where a work first reads it (`--verify`), and, when it was heard otherwise
    than printed, the reading the narration learnt for it by listening: a proposal for the curator, not used
    until accepted (every clip keeps the voice's own guess, so the word sounds the same throughout)."""

    word: str
    right: bool
    """Heard as printed (or as a common spelling of it) in its sentence."""
    proposed: str = ""
    """What the engine would be given for it (`[word](/phonemes/)`): the reading heard nearest the printed name,
    or "" when none tried came nearer (or it was heard right)."""
    how: str = ""
    """Where the proposal came from (`French rules`)."""
    heard_before: str = ""
    heard_after: str = ""
    """What the listener heard of the word in a carrier sentence, as the voice guesses it and as proposed."""
    tried: int = 0
    """How many readings were tried."""


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters with at least one letter or digit."""
    return sum(1 for token in text.split() if _HAS_ALNUM.search(token))
