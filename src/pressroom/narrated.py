"""`publish book`: the EPUB, the audiobook, and the EPUB whose narration plays along with its text.

The overlays are timed from the same plan that assembled the MP3s, so the narrated EPUB, the MP3s' chapter
markers and the M4B agree on when everything starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pressroom.audio.narrate import MadeAudio, Narrator, ProgressCallback, publish_audio
from pressroom.audio.plan import Utterance
from pressroom.audio.timeline import TrackTimeline
from pressroom.epub.book import BookPlan, ChapterPlacement, plan_book, stylesheet
from pressroom.epub.metadata import book_identifier, work_book_meta
from pressroom.epub.overlays import Narration, Overlay, Par
from pressroom.epub.package import write_epub
from pressroom.epub.publish import epub_path
from pressroom.model import Work


@dataclass(frozen=True)
class MadeNarratedBook:
    epub: Path
    narrated_epub: Path
    audio: MadeAudio
    overlays: tuple[Overlay, ...]


def narrated_epub_path(outdir: Path, slug: str) -> Path:
    plain = epub_path(outdir, slug)
    return plain.with_name(plain.name.removesuffix(".epub") + ".narrated.epub")


def publish_book(
    work: Work,
    outdir: Path,
    narrator: Narrator,
    lexicon: Mapping[str, str] | None = None,
    source_date_epoch: str | None = None,
    progress: ProgressCallback | None = None,
) -> MadeNarratedBook:
    plan = plan_book(work_book_meta(work, source_date_epoch), [work])
    plain = epub_path(outdir, work.meta.slug)
    write_epub(plan, plain)
    block_ids = {index: placement.spoken_ids for index, placement in enumerate(plan.chapters)}
    audio = publish_audio(work, outdir, narrator, lexicon, progress=progress, block_ids=block_ids)
    narration = Narration(
        overlays=tuple(
            chapter_overlay(number, placement, plan, timeline)
            for number, (placement, timeline) in enumerate(zip(plan.chapters, audio.timelines, strict=True), 1)
        ),
        audio_files=tuple(str(path) for path in audio.mp3s),
        narrator=f"{narrator.voice.name} (synthetic voice, {narrator.engine.version})",
    )
    narrated = narrated_epub_path(outdir, work.meta.slug)
    # A different publication from the plain EPUB (it carries the audio), so a library keeps both.
    meta = replace(plan.meta, identifier=book_identifier([work.meta.source_id, "narrated"]))
    write_epub(replace(plan, meta=meta, narration=narration, stylesheet=stylesheet(narrated=True)), narrated)
    return MadeNarratedBook(plain, narrated, audio, narration.overlays)


def chapter_overlay(number: int, placement: ChapterPlacement, plan: BookPlan, timeline: TrackTimeline) -> Overlay:
    """The overlay of one chapter page: a par per spoken block, timed as the chapter's MP3 plays it."""
    page = next(page for page in plan.pages if page.name == placement.page)
    pars = []
    for index, segment in enumerate(timeline.track.segments):
        if isinstance(segment, Utterance) and segment.block_id is not None:
            start = timeline.starts[index]
            pars.append(Par(segment.block_id, timeline.ms(start), timeline.ms(start + timeline.lengths[index])))
    return Overlay(
        smil_name=f"smil/chapter-{number:03d}.smil",
        smil_id=f"smil-{number:03d}",
        page_name=page.name,
        page_id=page.item_id,
        audio_name=f"audio/chapter-{number:03d}.mp3",
        audio_id=f"audio-{number:03d}",
        duration_ms=timeline.duration_ms,
        pars=tuple(pars),
    )
