"""Applying kept changes: the entries written to the lexicon file (atomically, and never over an edit made since
the page read it), then each work that uses a changed word narrated again, which makes only the clips whose
speech text changed (every other clip comes from the cache, and every file whose clips did not change comes out
the same bytes), and the paragraphs that were heard wrong heard again where they now say a changed word."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from pressroom.audio.master import PRESETS
from pressroom.audio.narrate import MadeAudio, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import publish_book, recorded_book_settings
from pressroom.checks.listening import failed_paragraph, timed_words
from pressroom.errors import InputError, UsageError
from pressroom.hear.listener import RATE, Listener, aligner, decode_for_listening, normaliser
from pressroom.hear.scoring import score
from pressroom.layout import WorkFolder, load_report, save_report
from pressroom.model import Work
from pressroom.outputs import atomic_write_bytes
from pressroom.records.check import CheckRecord, FailedParagraph, ListenedFile, ListenRecord
from pressroom.records.narration import NarrationRecord
from pressroom.records.proof import Kept
from pressroom.text.speech import lexicon_words_used
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.languages import meant_reading
from pressroom.tts.voices import load_lexicon_file

_WRITING = threading.Lock()

Told = Callable[[str], None]


class ConflictError(UsageError):
    """Another request got there first: the lexicon changed since the page read it, or an apply is running."""


@dataclass(frozen=True)
class WorkRemade:
    slug: str
    remade: int
    """Clips made again (those whose speech text holds a changed word)."""
    clips: int
    heard_again: int
    """Paragraphs heard wrong before that say a changed word, heard again."""
    still_wrong: int
    seconds: float


@dataclass(frozen=True)
class Applied:
    lexicon: Path
    words: tuple[str, ...]
    works: tuple[WorkRemade, ...]


def digest(path: Path) -> str:
    """What the lexicon file holds now, as the page saw it (so a stale edit is refused)."""
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()


def write_entries(path: Path, kept: Sequence[Kept], seen: str | None) -> None:
    """The kept entries into the lexicon file's `[words]`, each replacing the word's entry or added to the table,
    with the rest of the file (comments, order, quoting, other tables) as it was; refused when the file changed
    since `seen` (another tab applied first)."""
    with _WRITING:
        if seen is not None and digest(path) != seen:
            raise ConflictError(
                f"{path} changed since this page read it (another tab or an editor saved it)",
                hint="reload the page, then apply again",
            )
        text = with_entries(path.read_text(encoding="utf-8") if path.is_file() else "", kept, path)
        staged = path.with_name(f".{path.name}.checking")
        staged.write_text(text, encoding="utf-8")
        try:
            load_lexicon_file(staged)  # what is written reads back as a lexicon, or nothing is written
        except InputError as error:
            raise InputError(error.message, path=str(path), hint=error.hint) from None
        finally:
            staged.unlink(missing_ok=True)
        atomic_write_bytes(path, text.encode("utf-8"))


def with_entries(text: str, kept: Sequence[Kept], path: Path) -> str:
    """The lexicon's text with each kept entry set in its `[words]` table (a key of the same spelling, however
    quoted, is replaced; added at the table's end otherwise). Pure: everything else is kept byte for byte."""
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise InputError(f"not a TOML file: {error}", path=str(path), hint="correct it, then apply again") from None
    words = document.get("words")
    if words is None:
        words = tomlkit.table()
        document.add("words", words)
    if not isinstance(words, Table):
        raise InputError("[words] is not a table", path=str(path), hint='make it [words] with word = "respelling"')
    for change in kept:
        value: object = change.respelling
        if change.phonemes:
            value = tomlkit.inline_table()
            value.update({"phonemes": change.phonemes})
        words[change.word] = value
    return tomlkit.dumps(document)


def uses(work: Work, words: Sequence[str]) -> bool:
    """Whether the work says one of `words` (where the lexicon would replace it: its title and headings too)."""
    return bool(lexicon_words_used(work.texts(), {word: word for word in words}))


def remake(
    work: Work, outdir: Path, narrator: Narrator, settings: NarrationSettings, words: Sequence[str], told: Told
) -> WorkRemade:
    """The work narrated again with the new lexicon (its read-along book too, if it has one): what the listener
    heard of the clips not made again is kept (`records.merge`), and the clips made again that had been heard are
    heard again; `check.json` keeps what is still wrong."""
    started = time.perf_counter()
    folder = WorkFolder.of(outdir, work.meta.slug)
    before = folder.listening()
    recorded = folder.load_narration()
    if recorded is not None:
        # Made again as it was made: its preset, its reading of notes and tables, its narrator's name.
        preset = PRESETS.get(recorded.preset, settings.preset)
        settings = replace(settings, preset=preset, reading=recorded.reading, narrator_name=recorded.narrator_name)
    told(f"narrating {work.meta.title} again")
    made: MadeAudio
    if folder.narrated_epub.is_file():
        made = publish_book(work, outdir, narrator, recorded_book_settings(folder, settings)).audio
    else:
        made = publish_audio(work, outdir, narrator, settings)
    heard_again = still = 0
    if recorded is not None and (before is not None or any(s.heard_words for s in recorded.utterances)):
        told(f"hearing {work.meta.title}'s paragraphs again")
        heard_again, still = _hear_remade(folder, recorded, before)
        _forget_shared_listening(outdir, folder.slug)
    seconds = time.perf_counter() - started
    return WorkRemade(work.meta.slug, made.synthesized, made.synthesized + made.cached, heard_again, still, seconds)


def _forget_shared_listening(outdir: Path, slug: str) -> None:
    """The output folder's listening less a work's files (heard again into the work's own check.json)."""
    shared = load_report(outdir)
    if shared is not None and shared.listen is not None:
        save_report(outdir, replace(shared, listen=shared.listen.without(f"{slug}/")))


def _hear_remade(folder: WorkFolder, old: NarrationRecord, before: ListenRecord | None) -> tuple[int, int]:
    """Each utterance that had been heard (its words timed, or heard wrong) and was made again, heard again: its
    words timed anew in `narration.json`, and in `check.json` a verdict only if still wrong. What the listener
    heard of the clips not made again is already kept (`records.merge`)."""
    narration = folder.load_narration()
    assert narration is not None
    now = folder.listening() or _empty_listening(before)
    normalise, align = normaliser(), aligner()
    listener = Listener(language=narration.language)
    reader = spelling_reader() if narration.language.split("-")[0] == "en" else None
    old_files = {file.name: file for file in old.files}
    heard_again = still = 0
    records, listened = [], {Path(file.path).name: file for file in now.files}
    for record in narration.files:
        was_file = old_files.get(record.name)
        if was_file is None or len(was_file.utterances) != len(record.utterances):
            records.append(record)  # not the same reading (a lexicon changes what is said, not what is read)
            continue
        wrong_before = _failed_spans(before, record.name)
        audio, failed, utterances = None, [], []
        for was, spoken in zip(was_file.utterances, record.utterances, strict=True):
            remade = was.clip != spoken.clip if was.clip and spoken.clip else was.text != spoken.text
            span = (was.start_ms, was.start_ms + was.length_ms)
            if not remade or not (was.heard_words or span in wrong_before):
                utterances.append(spoken)
                continue
            end = spoken.start_ms + spoken.length_ms
            audio = decode_for_listening(folder.path / record.name) if audio is None else audio
            words = listener.hear_words(audio[spoken.start_ms * RATE // 1000 : end * RATE // 1000])
            said = " ".join(word.text for word in words)
            meaning = meant_reading(spoken.text) if reader is not None else None
            where = (record.name, spoken.start_ms, end)
            heard = score(spoken.text, said, where, normalise, align, reader, meaning=meaning)
            heard_again += 1
            if heard.failed:
                still += 1
                failed.append(failed_paragraph(heard, spoken.clip))
            utterances.append(replace(spoken, heard_words=timed_words(spoken.text, words, spoken.start_ms)))
        records.append(replace(record, utterances=tuple(utterances)))
        if failed:
            entry = listened.get(record.name) or ListenedFile(record.name)
            listened[record.name] = replace(entry, failed=tuple(sorted((*entry.failed, *failed), key=_start)))
    folder.save_narration(replace(narration, files=tuple(records)))
    report = folder.load_report() or CheckRecord({})
    save_report(folder.path, replace(report, listen=replace(now, files=tuple(listened.values()))))
    return heard_again, still


def _start(failed: FailedParagraph) -> int:
    return failed.start_ms


def _failed_spans(listen: ListenRecord | None, name: str) -> set[tuple[int, int]]:
    if listen is None:
        return set()
    return {(f.start_ms, f.end_ms) for file in listen.files if Path(file.path).name == name for f in file.failed}


def _empty_listening(before: ListenRecord | None) -> ListenRecord:
    if before is not None:
        return replace(before, files=())
    return ListenRecord(1.0, 0, 0.0, 0.0, 0, 0.0, 0.0, ())
