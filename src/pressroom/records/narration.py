"""`narration.json`: what was said in each file of a work and when, as a typed value, and its JSON both ways.

Format 2 adds each utterance's `clip` (the clip cache's key for its sound), by which a rewrite knows which
utterances sound as they did (`records.merge`); format 1 is read with no clips."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pressroom.model import NameHeard, NotesReading, ReadingAloud, TablesReading
from pressroom.records.store import (
    MalformedError,
    key,
    listed,
    mapping,
    optional,
    safe_name,
    schema,
    span,
    triple,
    typed,
)

FORMAT = 2
WHAT = "narration plan"
HINT = "it is not one Pressroom wrote, or it is damaged: run publish audio (or book) again to make it anew"

_DEFAULT_READING = ReadingAloud()

TimedWord = tuple[int, int, int]
"""A word of an utterance's text (its index among the text's words, less phonemes, split at spaces) and when it
was heard said: start and end, ms in the file."""


@dataclass(frozen=True)
class SentenceRecord:
    text: str
    """As a person reads it (without the phonemes given for a name)."""
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class SpokenRecord:
    start_ms: int
    length_ms: int
    words: int
    text: str
    block_id: str | None = None
    """The element the utterance reads on its EPUB page (None for announcements, or audio made without a book)."""
    page: int | None = None
    """The index of that page (a chapter's, or for a note read in the Notes file, its chapter's)."""
    sentences: tuple[SentenceRecord, ...] = ()
    """Each sentence said, timed exactly from the clip (none in a plan written before they were recorded)."""
    heard_words: tuple[TimedWord, ...] = ()
    """Where `publish check --listen` heard it: each word of `text` heard as written, with the listener's times."""
    clip: str | None = None
    """The clip cache's key for its sound (None in a plan written before it was recorded)."""
    said_words: tuple[TimedWord, ...] = ()
    """Each word of `text` (as `heard_words` counts them) when the voice said it, from its own timing (start and
    end, ms in the file); none for a voice that does not tell, or a clip made before they were kept."""


@dataclass(frozen=True)
class FileRecord:
    name: str
    duration_ms: int
    markers: tuple[tuple[str, int, int], ...]
    """Each chapter marker of the file: title, start and end in ms."""
    utterances: tuple[SpokenRecord, ...]
    title: str = ""
    number: int = 0
    chapter: int | None = None
    """The index of the chapter it reads."""
    part: int = 0
    """Which part of its chapter it is (a long chapter is cut into files): 0 for a chapter in one file."""
    gain_db: float = 0.0


@dataclass(frozen=True)
class LexiconRecord:
    """The pronunciations a work was narrated with."""

    files: tuple[str, ...] = ()
    """Every lexicon file read, in order (the built-in one not named)."""
    chosen: tuple[str, ...] = ()
    """The curator's own (`--lexicon`, or the desk's), which a later run into this folder reads again."""
    entries: tuple[tuple[str, str], ...] = ()
    """Each entry whose word the work uses, and what the voice was given for it."""
    names: tuple[NameHeard, ...] = ()
    """With `--verify`, each word the voice guessed, in the order the work first reads it: heard right where it
    is first read, or heard wrong and what reading was learnt for it by listening (a proposal the desk lists as
    "learnt while narrating"; the narration keeps the voice's guess until the curator accepts it)."""


NO_LEXICON = LexiconRecord()


@dataclass(frozen=True)
class NarrationRecord:
    """`narration.json`: what the checks compare the files with, the listener hears, the site plays along."""

    preset: str
    files: tuple[FileRecord, ...]
    m4b_name: str
    m4b_chapters: tuple[tuple[str, int, int], ...]
    voice: str = ""
    engine: str = ""
    """The voice's engine and its version."""
    work: str = ""
    author: str = ""
    slug: str = ""
    language: str = "en"
    """The book's language, which the listener listens for (a plan written before it was recorded: English)."""
    reading: ReadingAloud = _DEFAULT_READING
    """How notes and tables were read (a plan written before it was recorded: the defaults)."""
    narrator_name: str | None = None
    """The narrator the tags name, when one was given (`--narrator`)."""
    lexicon: LexiconRecord = NO_LEXICON
    made_from: str = ""
    """A digest of everything the files were made from (every clip and pause, each title and marker, the tags
    and the cover, the mastering and encoding settings): a run whose plan gives the same makes nothing again."""

    @property
    def utterances(self) -> tuple[SpokenRecord, ...]:
        return tuple(spoken for file in self.files for spoken in file.utterances)


def to_document(record: NarrationRecord) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "work": record.work,
        "author": record.author,
        "slug": record.slug,
        "language": record.language,
        "voice": record.voice,
        "engine": record.engine,
        "preset": record.preset,
        "reading": {"notes": record.reading.notes.value, "tables": record.reading.tables.value},
        "narrator_name": record.narrator_name,
        "lexicon": {
            "files": list(record.lexicon.files),
            "chosen": list(record.lexicon.chosen),
            "entries": dict(record.lexicon.entries),
            "names": [asdict(name) for name in record.lexicon.names],
        },
        "files": [_file_document(file) for file in record.files],
        "m4b": {"name": record.m4b_name, "chapters": [list(chapter) for chapter in record.m4b_chapters]},
        "made_from": record.made_from,
    }


def _file_document(file: FileRecord) -> dict[str, Any]:
    return {
        "name": file.name,
        "title": file.title,
        "number": file.number,
        "chapter": file.chapter,
        "part": file.part,
        "duration_ms": file.duration_ms,
        "gain_db": file.gain_db,
        "markers": [list(marker) for marker in file.markers],
        "utterances": [_spoken_document(spoken) for spoken in file.utterances],
    }


def _spoken_document(spoken: SpokenRecord) -> dict[str, Any]:
    document: dict[str, Any] = {
        "start_ms": spoken.start_ms,
        "length_ms": spoken.length_ms,
        "words": spoken.words,
        "block_id": spoken.block_id,
        "page": spoken.page,
        "text": spoken.text,
        "clip": spoken.clip,
        "sentences": [
            {"text": sentence.text, "start_ms": sentence.start_ms, "end_ms": sentence.end_ms}
            for sentence in spoken.sentences
        ],
    }
    if spoken.said_words:
        document["said_words"] = [list(word) for word in spoken.said_words]
    if spoken.heard_words:
        document["heard_words"] = [list(word) for word in spoken.heard_words]
    return document


def from_document(document: dict[str, Any]) -> NarrationRecord:
    schema(document, FORMAT, oldest=1)
    m4b = mapping(key(document, "m4b"), "m4b")
    return NarrationRecord(
        preset=typed(key(document, "preset"), str, "preset"),
        files=tuple(_file_record(entry) for entry in listed(key(document, "files"), "files")),
        m4b_name=safe_name(typed(key(m4b, "name"), str, "m4b name")),
        m4b_chapters=tuple(span(chapter, "m4b chapter") for chapter in listed(key(m4b, "chapters"), "m4b chapters")),
        voice=typed(document.get("voice", ""), str, "voice"),
        engine=typed(document.get("engine", ""), str, "engine"),
        work=typed(document.get("work", ""), str, "work"),
        author=typed(document.get("author", ""), str, "author"),
        slug=typed(document.get("slug", ""), str, "slug"),
        language=typed(document.get("language", "en"), str, "language"),
        reading=_reading(document.get("reading", {})),
        narrator_name=optional(document.get("narrator_name"), str, "narrator_name"),
        lexicon=_lexicon(document.get("lexicon", {})),
        made_from=typed(document.get("made_from", ""), str, "made_from"),
    )


def _lexicon(data: object) -> LexiconRecord:
    lexicon = mapping(data, "lexicon")
    entries = mapping(lexicon.get("entries", {}), "lexicon entries")
    return LexiconRecord(
        files=tuple(typed(path, str, "a lexicon file") for path in listed(lexicon.get("files", []), "lexicon files")),
        chosen=tuple(typed(path, str, "a lexicon file") for path in listed(lexicon.get("chosen", []), "chosen")),
        entries=tuple((word, typed(spoken, str, "a lexicon entry")) for word, spoken in entries.items()),
        names=tuple(_name(name) for name in listed(lexicon.get("names", []), "names")),
    )


def _name(data: object) -> NameHeard:
    entry = mapping(data, "a name heard")
    return NameHeard(
        word=typed(key(entry, "word"), str, "word"),
        right=typed(key(entry, "right"), bool, "right"),
        proposed=typed(entry.get("proposed", ""), str, "proposed"),
        how=typed(entry.get("how", ""), str, "how"),
        heard_before=typed(entry.get("heard_before", ""), str, "heard_before"),
        heard_after=typed(entry.get("heard_after", ""), str, "heard_after"),
        tried=typed(entry.get("tried", 0), int, "tried"),
    )


def _reading(data: object) -> ReadingAloud:
    reading = mapping(data, "reading")
    try:
        notes = NotesReading(reading.get("notes", NotesReading.END.value))
        tables = TablesReading(reading.get("tables", TablesReading.READ.value))
    except ValueError as error:
        raise MalformedError(f"reading: {error}") from None
    return ReadingAloud(notes, tables)


def _file_record(data: object) -> FileRecord:
    entry = mapping(data, "a file entry")
    return FileRecord(
        name=safe_name(typed(key(entry, "name"), str, "file name")),
        duration_ms=typed(key(entry, "duration_ms"), int, "duration_ms"),
        title=typed(entry.get("title", ""), str, "title"),
        number=typed(entry.get("number", 0), int, "number"),
        chapter=optional(entry.get("chapter"), int, "chapter"),
        part=typed(entry.get("part", 0), int, "part"),
        gain_db=typed(entry.get("gain_db", 0.0), float, "gain_db"),
        markers=tuple(span(marker, "marker") for marker in listed(key(entry, "markers"), "markers")),
        utterances=tuple(_spoken(spoken) for spoken in listed(key(entry, "utterances"), "utterances")),
    )


def _spoken(data: object) -> SpokenRecord:
    entry = mapping(data, "an utterance")
    return SpokenRecord(
        start_ms=typed(key(entry, "start_ms"), int, "start_ms"),
        length_ms=typed(key(entry, "length_ms"), int, "length_ms"),
        words=typed(key(entry, "words"), int, "words"),
        text=typed(key(entry, "text"), str, "text"),
        block_id=optional(entry.get("block_id"), str, "block_id"),
        page=optional(entry.get("page"), int, "page"),
        sentences=tuple(_sentence(sentence) for sentence in listed(entry.get("sentences", []), "sentences")),
        heard_words=tuple(triple(word, "heard word") for word in listed(entry.get("heard_words", []), "heard_words")),
        said_words=tuple(triple(word, "said word") for word in listed(entry.get("said_words", []), "said_words")),
        clip=optional(entry.get("clip"), str, "clip"),
    )


def _sentence(data: object) -> SentenceRecord:
    entry = mapping(data, "a sentence")
    return SentenceRecord(
        text=typed(key(entry, "text"), str, "text"),
        start_ms=typed(key(entry, "start_ms"), int, "start_ms"),
        end_ms=typed(key(entry, "end_ms"), int, "end_ms"),
    )
