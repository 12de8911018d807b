"""`publish book`: the EPUB, the audiobook, and the EPUB whose narration plays along with its text.

The overlays are timed from the same plan that assembled the MP3s, so the narrated EPUB, the MP3s' chapter
markers and the M4B agree on when everything starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pressroom.audio.narrate import MadeAudio, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import Track, Utterance
from pressroom.audio.settings import DEFAULT_NARRATION, NarrationSettings
from pressroom.audio.supply import Progress, ProgressCallback
from pressroom.epub.book import BookPlan, ChapterPlacement, plan_book, stylesheet
from pressroom.epub.metadata import book_identifier, work_book_meta
from pressroom.epub.overlays import AudioFile, Narration, Overlay, Par
from pressroom.epub.package import write_epub
from pressroom.ffmpeg import transcode_to_mp3
from pressroom.layout import WorkFolder
from pressroom.model import Work
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
    write_epub(plan, plain)
    block_ids = {index: placement.spoken_ids for index, placement in enumerate(plan.chapters)}
    audio = publish_audio(
        work, outdir, narrator, settings.narration, progress=progress, executor=executor, block_ids=block_ids
    )
    made = (chapter_overlay(index, placement, plan, audio) for index, placement in enumerate(plan.chapters))
    overlays = tuple(overlay for overlay in made if overlay.pars)  # a notes page whose notes are not read has none
    if progress is not None:
        progress(Progress(1, 1, audio.duration_s, audio.synthesized, "the read-along EPUB"))
    narrated = folder.narrated_epub
    # A different publication from the plain EPUB (it carries the audio), so a library keeps both.
    meta = replace(plan.meta, identifier=book_identifier([work.meta.source_id, "narrated"]))
    with _readalong_audio(overlays, settings.readalong_kbps) as carried:
        narration = Narration(overlays=carried, narrator=settings.narration.narrator_name or narrator.credit)
        write_epub(replace(plan, meta=meta, narration=narration, stylesheet=stylesheet(narrated=True)), narrated)
    return MadeNarratedBook(plain, narrated, audio, overlays)


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


def chapter_overlay(index: int, placement: ChapterPlacement, plan: BookPlan, audio: MadeAudio) -> Overlay:
    """The overlay of one chapter page: a par per spoken block, timed as the files play it: the chapter's MP3
    (or its parts, one after another), then the Notes file where it reads this page's notes."""
    page = next(page for page in plan.pages if page.name == placement.page)
    number = index + 1
    files: list[AudioFile] = []
    pars: list[Par] = []
    duration = 0
    for timeline, mp3 in zip(audio.timelines, audio.mp3s, strict=True):
        track = timeline.track
        name, item_id = _audio_names(track)
        file_pars = [
            Par(segment.block_id, name, timeline.ms(start), timeline.ms(start + length))
            for segment, start, length in zip(track.segments, timeline.starts, timeline.lengths, strict=True)
            if isinstance(segment, Utterance)
            and segment.block_id is not None
            and (segment.page if segment.page is not None else track.chapter) == index
        ]
        if not file_pars:
            # A part that only announces (a title, "End of ...") reads no block of the page: the page's
            # narration does not include it.
            continue
        files.append(AudioFile(name, item_id, str(mp3)))
        own = track.chapter == index and not _reads_other_pages(track, index)
        duration += timeline.duration_ms if own else _span(file_pars)
        pars += file_pars
    return Overlay(
        smil_name=f"smil/chapter-{number:03d}.smil",
        smil_id=f"smil-{number:03d}",
        page_name=page.name,
        page_id=page.item_id,
        audio=tuple(files),
        duration_ms=duration,
        pars=tuple(pars),
    )


def _audio_names(track: Track) -> tuple[str, str]:
    """The file's path and id in the package: `audio/chapter-003-2.mp3` (a part), `audio/chapter-005-07.mp3` (a
    part's seventh chapter file), or `audio/notes.mp3`."""
    suffix = (f"-{track.piece:02d}" if track.piece else "") + (f"-{track.part}" if track.part else "")
    if track.chapter is None:
        return f"audio/notes{suffix}.mp3", f"audio-notes{suffix}"
    return f"audio/chapter-{track.chapter + 1:03d}{suffix}.mp3", f"audio-{track.chapter + 1:03d}{suffix}"


def _reads_other_pages(track: Track, index: int) -> bool:
    return any(isinstance(s, Utterance) and s.page is not None and s.page != index for s in track.segments)


def _span(pars: list[Par]) -> int:
    """How long a file plays for a page that it shares with others: from its first par's start to its last's end."""
    return max(par.end_ms for par in pars) - min(par.begin_ms for par in pars)
