"""`narration.json`: what was said in each file and when, written beside the audio, and read back (typed and
checked) by `publish check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pressroom.audio.master import Preset, db
from pressroom.audio.plan import AudioPlan, Utterance
from pressroom.audio.reading import DEFAULT_READING_ALOUD, NotesReading, ReadingAloud, TablesReading
from pressroom.audio.timeline import TrackTimeline, book_chapters
from pressroom.errors import InputError
from pressroom.layout import NARRATION_NAME
from pressroom.model import count_words
from pressroom.text.speech import split_sentences, without_phonemes

FORMAT = 1
T = TypeVar("T")


def narration_manifest(
    plan: AudioPlan,
    timelines: tuple[TrackTimeline, ...],
    gains: tuple[float, ...],
    names: list[str],
    m4b_name: str,
    voice: tuple[str, str],
    preset: Preset,
    reading: ReadingAloud = DEFAULT_READING_ALOUD,
    narrator_name: str | None = None,
) -> str:
    """The document; `voice` is the voice's name and its engine's version. How it was read (notes, tables) and
    the narrator named are kept so that a remake (`publish proof`) reads it the same way."""
    meta = plan.work.meta
    document: dict[str, Any] = {
        "format": FORMAT,
        "work": meta.title,
        "author": meta.author,
        "slug": meta.slug,
        "language": meta.language,
        "voice": voice[0],
        "engine": voice[1],
        "preset": preset.name,
        "reading": {"notes": reading.notes.value, "tables": reading.tables.value},
        "narrator_name": narrator_name,
        "files": [_file(timeline, gain, name) for timeline, gain, name in zip(timelines, gains, names, strict=True)],
        "m4b": {"name": m4b_name, "chapters": [list(chapter) for chapter in book_chapters(timelines)]},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _file(timeline: TrackTimeline, gain: float, name: str) -> dict[str, Any]:
    track = timeline.track
    utterances = []
    for index, segment in enumerate(track.segments):
        if isinstance(segment, Utterance):
            said = timeline.sentences[index] if timeline.sentences else ()
            sentences = [
                {"text": without_phonemes(text), "start_ms": timeline.ms(start), "end_ms": timeline.ms(end)}
                for text, (start, end) in zip(split_sentences(segment.text), said, strict=False)
            ]
            utterances.append(
                {
                    "start_ms": timeline.ms(timeline.starts[index]),
                    "length_ms": timeline.ms(timeline.lengths[index]),
                    "words": count_words(segment.text),
                    "block_id": segment.block_id,
                    "page": segment.page if segment.page is not None else track.chapter,
                    "text": segment.text,
                    "sentences": sentences,
                }
            )
    return {
        "name": name,
        "title": track.title,
        "number": track.number,
        "chapter": track.chapter,
        "part": track.part,
        "duration_ms": timeline.duration_ms,
        "gain_db": round(db(gain), 2),
        "markers": [list(span) for span in timeline.marker_spans()],
        "utterances": utterances,
    }


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
    heard_words: tuple[tuple[int, int, int], ...] = ()
    """Where `publish check --listen` heard it: each word of `text` (less phonemes, split at spaces) heard as
    written, by its index, with the listener's start and end (ms in the file)."""


@dataclass(frozen=True)
class SentenceRecord:
    text: str
    """As a person reads it (without the phonemes given for a name)."""
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class FileRecord:
    name: str
    duration_ms: int
    markers: tuple[tuple[str, int, int], ...]
    """Each chapter marker of the file: title, start and end in ms."""
    utterances: tuple[SpokenRecord, ...]
    title: str = ""


@dataclass(frozen=True)
class NarrationRecord:
    """`narration.json` as read back: what the checks compare the files with."""

    preset: str
    files: tuple[FileRecord, ...]
    m4b_name: str
    m4b_chapters: tuple[tuple[str, int, int], ...]
    voice: str = ""
    language: str = "en"
    """The book's language, which the listener listens for (a plan written before it was recorded: English)."""
    reading: ReadingAloud = DEFAULT_READING_ALOUD
    """How notes and tables were read (a plan written before it was recorded: the defaults)."""
    narrator_name: str | None = None
    """The narrator the tags name, when one was given (`--narrator`)."""


class _MalformedError(Exception):
    pass


def read_narration(folder: Path) -> NarrationRecord | None:
    """The folder's `narration.json`, or None where there is none. A file that is not one Pressroom wrote (not
    JSON, keys missing, values of the wrong kind) is an `InputError` naming it and what is wrong."""
    path = folder / NARRATION_NAME
    if not path.is_file():
        return None
    hint = "it is not one Pressroom wrote, or it is damaged: run publish audio (or book) again to make it anew"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _narration(data)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(f"cannot read the narration plan: {error}", path=str(path), hint=hint) from None
    except _MalformedError as error:
        raise InputError(f"not a narration plan: {error}", path=str(path), hint=hint) from None


def _narration(data: object) -> NarrationRecord:
    document = _mapping(data, "the document")
    if document.get("format") != FORMAT:
        raise _MalformedError(f"format {document.get('format')!r}, not {FORMAT}")
    m4b = _mapping(_key(document, "m4b"), "m4b")
    return NarrationRecord(
        preset=_typed(_key(document, "preset"), str, "preset"),
        files=tuple(_file_record(entry) for entry in _list(_key(document, "files"), "files")),
        m4b_name=_safe_name(_typed(_key(m4b, "name"), str, "m4b name")),
        m4b_chapters=tuple(_span(span, "m4b chapter") for span in _list(_key(m4b, "chapters"), "m4b chapters")),
        voice=_typed(document.get("voice", ""), str, "voice"),
        language=_typed(document.get("language", "en"), str, "language"),
        reading=_reading(document.get("reading", {})),
        narrator_name=_typed_or_none(document.get("narrator_name"), str, "narrator_name"),
    )


def _reading(data: object) -> ReadingAloud:
    reading = _mapping(data, "reading")
    try:
        notes = NotesReading(reading.get("notes", NotesReading.END.value))
        tables = TablesReading(reading.get("tables", TablesReading.READ.value))
    except ValueError as error:
        raise _MalformedError(f"reading: {error}") from None
    return ReadingAloud(notes, tables)


def _typed_or_none(data: object, kind: type[T], what: str) -> T | None:
    return None if data is None else _typed(data, kind, what)


def _file_record(data: object) -> FileRecord:
    entry = _mapping(data, "a file entry")
    return FileRecord(
        name=_safe_name(_typed(_key(entry, "name"), str, "file name")),
        duration_ms=_typed(_key(entry, "duration_ms"), int, "duration_ms"),
        title=_typed(entry.get("title", ""), str, "title"),
        markers=tuple(_span(span, "marker") for span in _list(_key(entry, "markers"), "markers")),
        utterances=tuple(_spoken(spoken) for spoken in _list(_key(entry, "utterances"), "utterances")),
    )


def _spoken(data: object) -> SpokenRecord:
    entry = _mapping(data, "an utterance")
    return SpokenRecord(
        start_ms=_typed(_key(entry, "start_ms"), int, "start_ms"),
        length_ms=_typed(_key(entry, "length_ms"), int, "length_ms"),
        words=_typed(_key(entry, "words"), int, "words"),
        text=_typed(_key(entry, "text"), str, "text"),
        block_id=_optional(entry.get("block_id"), str, "block_id"),
        page=_optional(entry.get("page"), int, "page"),
        sentences=tuple(_sentence(sentence) for sentence in _list(entry.get("sentences", []), "sentences")),
        heard_words=tuple(_timed_word(word) for word in _list(entry.get("heard_words", []), "heard_words")),
    )


def _timed_word(data: object) -> tuple[int, int, int]:
    items = _list(data, "a heard word")
    if len(items) != 3:
        raise _MalformedError("a heard word is not [index, start, end]")
    index, start, end = (_typed(item, int, "a heard word") for item in items)
    return index, start, end


def _sentence(data: object) -> SentenceRecord:
    entry = _mapping(data, "a sentence")
    return SentenceRecord(
        text=_typed(_key(entry, "text"), str, "text"),
        start_ms=_typed(_key(entry, "start_ms"), int, "start_ms"),
        end_ms=_typed(_key(entry, "end_ms"), int, "end_ms"),
    )


def _optional(data: object, kind: type[T], what: str) -> T | None:
    return None if data is None else _typed(data, kind, what)


def _span(data: object, what: str) -> tuple[str, int, int]:
    items = _list(data, what)
    if len(items) != 3:
        raise _MalformedError(f"a {what} is not [title, start, end]")
    return (_typed(items[0], str, what), _typed(items[1], int, what), _typed(items[2], int, what))


def _safe_name(name: str) -> str:
    """A file name inside the folder: a plan that points elsewhere is not one Pressroom wrote."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise _MalformedError(f"the file name {name!r} is not a name inside the folder")
    return name


def _key(mapping: dict[str, Any], key: str) -> object:
    if key not in mapping:
        raise _MalformedError(f"it has no {key!r}")
    return mapping[key]


def _mapping(data: object, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise _MalformedError(f"{what} is not an object")
    return data


def _list(data: object, what: str) -> list[Any]:
    if not isinstance(data, list):
        raise _MalformedError(f"{what} is not a list")
    return data


def _typed(data: object, kind: type[T], what: str) -> T:
    # bool is an int to Python, but never a count of milliseconds.
    if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
        raise _MalformedError(f"{what} is {data!r}, not a {kind.__name__}")
    return data
