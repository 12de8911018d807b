"""`publish check --listen`: the narration heard back. Each utterance of `narration.json` (or a reproducible
sample that covers every file) is cut from its decoded file and transcribed, and what was heard is scored
against the words meant; the verdicts go into the table, `check.json` and `check.html`."""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from pressroom.audio.file_checks import output_folders, relative_name
from pressroom.errors import InputError
from pressroom.hear.listener import RATE, HeardWord, Listener, aligner, decode_pcm16, need_listener, normaliser
from pressroom.hear.pieces import hear_words_of_pieces, speech_batches
from pressroom.hear.scoring import Heard, Tally, plain_words, sampled, score, tally
from pressroom.layout import WorkFolder, load_report, save_report
from pressroom.outputs import atomic_write_bytes
from pressroom.records.check import CheckRecord, FailedParagraph, ListenedFile, ListenRecord
from pressroom.records.narration import TimedWord
from pressroom.run.executors import Executor
from pressroom.templates import render
from pressroom.text.vocabulary import bare_word
from pressroom.text.wording import counted, hours
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.languages import meant_reading

Hearing = Callable[[str], None]
"""Hears of each file before it is listened to (for a progress bar)."""


@dataclass(frozen=True)
class FileHearing:
    path: Path
    heard: tuple[Heard, ...]
    words: tuple[tuple[int, tuple[TimedWord, ...]], ...] = ()
    """For each utterance heard (its index in the file's record), its words heard as written, timed."""
    clips: tuple[str | None, ...] = ()
    """The clip each of `heard` was heard in (its key in narration.json)."""

    @property
    def tally(self) -> Tally:
        return tally(self.heard)


@dataclass(frozen=True)
class Listening:
    files: tuple[FileHearing, ...]
    fraction: float

    @property
    def failed(self) -> tuple[tuple[FileHearing, Heard], ...]:
        return tuple((file, heard) for file in self.files for heard in file.heard if heard.failed)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def tally(self) -> Tally:
        return tally([heard for file in self.files for heard in file.heard])


PIECES_MS = 60_000
"""About this much speech goes to a worker at a time: enough to keep it busy, little to send."""


def narrated_files(path: Path) -> int:
    """How many narrated files `listen` will hear under `path` (for a progress bar's total)."""
    records = (WorkFolder(folder).load_narration() for folder in output_folders(path))
    return sum(len(narration.files) for narration in records if narration is not None)


def listen(path: Path, executor: Executor, fraction: float = 1.0, hearing: Hearing | None = None) -> Listening:
    """Hear the narrations under `path` on the executor's workers, a file at a time, each in its book's language
    (as `narration.json` records it)."""
    need_listener()
    normalise, align = normaliser(), aligner()
    reader = spelling_reader()
    files = []
    for folder in output_folders(path):
        narration = WorkFolder(folder).load_narration()
        if narration is None:
            continue
        for record in narration.files:
            if hearing is not None:
                hearing(record.name)
            audio = decode_pcm16(folder / record.name)
            chosen = [record.utterances[index] for index in sampled(len(record.utterances), fraction, record.name)]
            cut = [audio[s.start_ms * RATE // 1000 : (s.start_ms + s.length_ms) * RATE // 1000] for s in chosen]
            jobs = speech_batches(cut, Listener(language=narration.language), RATE, PIECES_MS)
            words = [found for each in executor.map(hear_words_of_pieces, jobs) for found in each]
            said = [" ".join(word.text for word in found) for found in words]
            # Names are judged by sound by an English reader of spellings: only in an English book.
            sounds = reader if narration.language.split("-")[0] == "en" else None
            where = [(record.name, s.start_ms, s.start_ms + s.length_ms) for s in chosen]
            heard = [
                score(s.text, text, at, normalise, align, sounds, meaning=meant_reading(s.text) if sounds else None)
                for s, text, at in zip(chosen, said, where, strict=True)
            ]
            indices = sampled(len(record.utterances), fraction, record.name)
            timed = tuple(
                (index, timed_words(spoken.text, found, spoken.start_ms))
                for index, spoken, found in zip(indices, chosen, words, strict=True)
            )
            clips = tuple(spoken.clip for spoken in chosen)
            files.append(FileHearing(folder / record.name, tuple(heard), timed, clips))
    if not files:
        raise InputError(
            f"{path} holds no narration to listen to (no narration.json)",
            hint="give the folder publish audio or book wrote into",
        )
    return Listening(tuple(files), fraction)


def timed_words(meant: str, heard: Sequence[HeardWord], offset_ms: int) -> tuple[TimedWord, ...]:
    """The words of `meant` (its text, less phonemes, split at spaces) that were heard as written, each with the
    time the listener gives the word it matched (from `offset_ms`, the utterance's start in its file)."""
    written = [bare_word(word) for word in plain_words(meant).split()]
    said = [bare_word(word.text) for word in heard]
    matcher = difflib.SequenceMatcher(None, written, said, autojunk=False)
    return tuple(
        (a + k, offset_ms + heard[b + k].start_ms, offset_ms + heard[b + k].end_ms)
        for a, b, size in matcher.get_matching_blocks()
        for k in range(size)
        if written[a + k]
    )


@dataclass(frozen=True)
class TimesApart:
    """The voice's word times (`said_words`) against the listener's for the same words: the recogniser's lean
    (the median of voice less listener: Whisper's starts run early) and how far apart they are less it."""

    words: int
    lean_ms: float
    median_ms: float
    p95_ms: float


def times_apart(starts: Sequence[tuple[int, int]]) -> TimesApart | None:
    """From (the voice's start, the listener's start) of each word both timed; None when none was."""
    if not starts:
        return None
    lean = statistics.median(voice - heard for voice, heard in starts)
    apart = sorted(abs(voice - heard - lean) for voice, heard in starts)
    return TimesApart(len(starts), lean, statistics.median(apart), apart[int(0.95 * (len(apart) - 1))])


def voice_against_listener(listening: Listening) -> TimesApart | None:
    """The cross-check of the voice's word times by what the listener just heard, where the narration has both."""
    starts: list[tuple[int, int]] = []
    for file in listening.files:
        narration = WorkFolder(file.path.parent).load_narration()
        record = next((r for r in narration.files if r.name == file.path.name), None) if narration else None
        if record is None:
            continue
        for index, heard in file.words:
            if index >= len(record.utterances):
                continue
            said = {word: start for word, start, _ in record.utterances[index].said_words}
            starts += [(said[word], start) for word, start, _ in heard if word in said]
    return times_apart(starts)


def store_word_times(listening: Listening) -> None:
    """Each heard utterance's word times into its folder's `narration.json` (`heard_words`), where the site's
    player lights the word being said."""
    by_folder: dict[Path, list[FileHearing]] = {}
    for file in listening.files:
        by_folder.setdefault(file.path.parent, []).append(file)
    for path, files in by_folder.items():
        folder = WorkFolder(path)
        narration = folder.load_narration()
        if narration is None:
            continue
        heard = {file.path.name: dict(file.words) for file in files}
        records = []
        for record in narration.files:
            words = heard.get(record.name, {})
            utterances = tuple(
                replace(spoken, heard_words=words[index]) if index in words else spoken
                for index, spoken in enumerate(record.utterances)
            )
            records.append(replace(record, utterances=utterances))
        folder.save_narration(replace(narration, files=tuple(records)))


def listening_record(listening: Listening, folder: Path) -> ListenRecord:
    total = listening.tally
    return ListenRecord(
        sample=listening.fraction,
        words=total.words,
        word_error_rate=round(total.word_error_rate, 4),
        word_error_rate_without_names=round(total.without_names, 4),
        names=total.name_words,
        names_right_by_sound=round(total.names_right_by_sound, 4),
        names_right_by_spelling=round(total.names_right_by_spelling, 4),
        files=tuple(
            ListenedFile(
                path=relative_name(file.path, folder),
                words=file.tally.words,
                word_error_rate=round(file.tally.word_error_rate, 4),
                word_error_rate_without_names=round(file.tally.without_names, 4),
                failed=tuple(
                    failed_paragraph(heard, clip)
                    for heard, clip in zip(file.heard, file.clips or (None,) * len(file.heard), strict=True)
                    if heard.failed
                ),
            )
            for file in listening.files
        ),
    )


def failed_paragraph(heard: Heard, clip: str | None) -> FailedParagraph:
    return FailedParagraph(
        start_ms=heard.start_ms,
        end_ms=heard.end_ms,
        meant=heard.meant,
        heard=heard.heard,
        word_error_rate=round(heard.word_error_rate, 4),
        longest_missing=heard.longest_missing,
        clip=clip,
    )


def write_listening(path: Path, listening: Listening) -> Path:
    """The verdict into `check.json` (beside the other checks) and `check.html`, a page with a player at each
    paragraph that failed."""
    folder = path if path.is_dir() else path.parent
    report = load_report(folder) or CheckRecord({})
    store_word_times(listening)
    save_report(folder, replace(report, listen=listening_record(listening, folder)))
    page = WorkFolder(folder).listening_page
    atomic_write_bytes(page, _page(listening, folder).encode("utf-8"))
    return page


def _page(listening: Listening, folder: Path) -> str:
    total = listening.tally
    rows = [
        {
            "name": relative_name(file.path, folder),
            "at": hours(heard.start_ms // 1000),
            "source": quote(relative_name(file.path, folder)),
            "start": f"{heard.start_ms / 1000:.2f}",
            "end": f"{heard.end_ms / 1000:.2f}",
            "meant": heard.meant,
            "heard": heard.heard,
            "wrong": f"{heard.word_error_rate:.0%}",
            "missing": heard.longest_missing,
        }
        for file, heard in listening.failed
    ]
    summary = (
        f"{total.words:,} words heard ({listening.fraction:.0%} of the narration): {total.word_error_rate:.2%} heard "
        f"wrong, {total.without_names:.2%} without names; {counted(len(rows), 'paragraph')} failed."
    )
    return render("listening.html", language="en", title="What the listener heard", summary=summary, rows=rows)
