"""`publish book`: the EPUB, the audiobook, and the EPUB whose narration plays along with its text (its
overlays and sentence spans: `book.readalong`)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pressroom.audio.narrate import MadeAudio, publish_audio, standing_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import DEFAULT_NARRATION, NarrationSettings
from pressroom.audio.supply import Progress, ProgressCallback
from pressroom.book.readalong import ReadAlong, chapter_readalong
from pressroom.epub.book import plan_book, stylesheet
from pressroom.epub.metadata import book_identifier, work_book_meta
from pressroom.epub.overlays import Narration, Overlay
from pressroom.epub.package import write_epub
from pressroom.errors import InputError
from pressroom.ffmpeg import transcode_to_mp3
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.records.book import BookRecord
from pressroom.run.executors import Executor

SPEECH_KBPS = 64
"""The read-along book's audio: mono MP3 at a bit rate made for speech (a third of the audiobook's 192 kbps).
Heard by a recogniser, it loses no words (bench/readalong_audio.py)."""


@dataclass(frozen=True)
class BookSettings:
    """How a work is made into its books and narration, as one value passed whole."""

    narration: NarrationSettings = DEFAULT_NARRATION
    modified: datetime | None = None
    """The books' modification time (by default the source's retrieval time)."""
    readalong_kbps: int | None = SPEECH_KBPS
    """The read-along book's audio: the chapters encoded again at this rate, or the audiobook's own MP3s (None)."""
    readalong: ReadAlong = ReadAlong.SENTENCE
    """What the read-along book lights as it plays: each sentence, or each paragraph whole."""


DEFAULT_BOOK = BookSettings()


@dataclass(frozen=True)
class MadeNarratedBook:
    epub: Path
    narrated_epub: Path
    audio: MadeAudio
    overlays: tuple[Overlay, ...]


def publish_book(
    work: Work,
    outdir: Path,
    narrator: Narrator,
    settings: BookSettings = DEFAULT_BOOK,
    *,
    progress: ProgressCallback | None = None,
    executor: Executor | None = None,
) -> MadeNarratedBook:
    """The EPUB, the audio (as `publish_audio`) and the narrated EPUB of one work, as `settings` say."""
    plan = plan_book(work_book_meta(work, settings.modified), [work])
    folder = WorkFolder.of(outdir, work.meta.slug)
    folder.claim(work.meta.title, work.meta.author)
    plain = folder.epub
    before = plain.read_bytes() if plain.is_file() else None
    write_epub(plan, plain)
    # The read-along book is the plain one with the narration: it stands only if the plain one came out the same
    # (a caption or a heading changed changes the book, not always the narration).
    same_book = before == plain.read_bytes()
    block_ids = {index: placement.spoken_ids for index, placement in enumerate(plan.chapters)}
    last: list[Progress] = []

    def relayed(state: Progress) -> None:
        last[:] = [state]
        if progress is not None:
            progress(state)

    audio = publish_audio(
        work, outdir, narrator, settings.narration, progress=relayed, executor=executor, block_ids=block_ids
    )
    unit = settings.readalong
    made = [chapter_readalong(i, placement, plan, audio, unit) for i, placement in enumerate(plan.chapters)]
    overlays = tuple(chapter.overlay for chapter in made if chapter.overlay.pars)  # a notes page unread has none
    pages = {chapter.overlay.page_name: chapter.xhtml for chapter in made}
    narrated = folder.narrated_epub
    if audio.unchanged and same_book and narrated.is_file() and folder.load_book_record() == book_record(settings):
        return MadeNarratedBook(plain, narrated, audio, overlays)  # made from the same narration the same way
    if progress is not None and last:
        # The narration's own figures (paragraphs, seconds of speech), as the line before said them.
        progress(replace(last[-1], stage="the read-along EPUB", all_files_complete=True))
    # A different publication from the plain EPUB (it carries the audio), so a library keeps both.
    meta = replace(plan.meta, identifier=book_identifier([work.meta.source_id, "narrated"]))
    with _readalong_audio(overlays, settings.readalong_kbps) as carried:
        narration = Narration(overlays=carried, narrator=settings.narration.narrator_name or narrator.credit)
        cut = tuple(replace(page, xhtml=pages.get(page.name, page.xhtml)) for page in plan.pages)
        read_along = replace(plan, meta=meta, narration=narration, stylesheet=stylesheet(narrated=True), pages=cut)
        write_epub(read_along, narrated)
    folder.save_book_record(book_record(settings))
    return MadeNarratedBook(plain, narrated, audio, overlays)


@dataclass(frozen=True)
class Standing:
    """What of a work stands as it was made: its narration (None when it is to be made again) and whether its
    books stand too (a caption changed changes the books, not the narration)."""

    audio: MadeAudio | None
    books: bool


def standing_book(work: Work, outdir: Path, narrator: Narrator, settings: BookSettings) -> Standing:
    """The work's narration and books as they stand, when nothing they are made from has changed (the plain EPUB
    made again comes out the same bytes): asked without loading the voice, for a run that would otherwise send
    the work to a worker. A narration that stands under books that do not is the books' alone to make again."""
    plan = plan_book(work_book_meta(work, settings.modified), [work])
    folder = WorkFolder.of(outdir, work.meta.slug)
    block_ids = {index: placement.spoken_ids for index, placement in enumerate(plan.chapters)}
    audio = standing_audio(work, outdir, narrator, settings.narration, block_ids)
    if audio is None:
        return Standing(None, books=False)
    if not folder.narrated_epub.is_file() or folder.load_book_record() != book_record(settings):
        return Standing(audio, books=False)
    if not folder.epub.is_file():
        return Standing(audio, books=False)
    with tempfile.TemporaryDirectory(prefix="pressroom-book-") as scratch:
        made = Path(scratch) / folder.epub.name
        write_epub(plan, made)
        return Standing(audio, books=made.read_bytes() == folder.epub.read_bytes())


def book_record(settings: BookSettings) -> BookRecord:
    """How the read-along book was made (`book.json`), so that a remake (`publish proof`) makes it the same way:
    the narration's own settings are in `narration.json`."""
    return BookRecord(settings.readalong.value, settings.readalong_kbps, settings.modified)


def recorded_book_settings(folder: WorkFolder, narration: NarrationSettings) -> BookSettings:
    """The book settings `book.json` records, with `narration`; the defaults where it is missing (a book made
    before it was written). A damaged record is one line naming it."""
    record = folder.load_book_record()
    if record is None:
        return BookSettings(narration)
    try:
        readalong = ReadAlong(record.readalong)
    except ValueError:
        raise InputError(
            f"not a read-along book record Pressroom wrote: readalong {record.readalong!r}",
            path=str(folder.book_record),
            hint="run publish book again to make it anew",
        ) from None
    return BookSettings(narration, record.modified, record.readalong_kbps, readalong)


@contextmanager
def _readalong_audio(overlays: tuple[Overlay, ...], kbps: int | None) -> Iterator[tuple[Overlay, ...]]:
    """The overlays with their audio encoded again at `kbps`, in a temporary folder outside the output (so no
    leftover can be taken for a result) that lasts while the book is written."""
    if kbps is None:
        yield overlays
        return
    with tempfile.TemporaryDirectory(prefix="pressroom-readalong-") as folder:
        carried = []
        encoded: dict[str, Path] = {}
        for overlay in overlays:
            files = []
            for audio in overlay.audio:
                if audio.name not in encoded:  # the Notes file plays for several pages: encoded once
                    encoded[audio.name] = Path(folder) / Path(audio.name).name
                    transcode_to_mp3(Path(audio.source), encoded[audio.name], kbps)
                files.append(replace(audio, source=str(encoded[audio.name])))
            carried.append(replace(overlay, audio=tuple(files)))
        yield tuple(carried)
