"""What is said in each file, and the pauses between: the narration of a work planned as values. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pressroom.epub.chapters import heading_line
from pressroom.model import Block, BlockKind, Chapter, Work
from pressroom.text.speech import speech_text


@dataclass(frozen=True)
class Pauses:
    """Silences, in milliseconds, set by the structure of the text."""

    head: int = 750
    """Room tone at the start of every file (0.5-1 s)."""
    tail: int = 2500
    """Room tone at the end of every file (1-5 s)."""
    sentence: int = 350
    paragraph: int = 700
    after_heading: int = 1200
    before_section: int = 1500
    scene_break: int = 1500
    after_announcement: int = 1000


@dataclass(frozen=True)
class Utterance:
    """Something said: one block, or an announcement (titles, the closing words)."""

    text: str
    """Spoken text, normalized for the ear."""
    block_id: str | None = None
    """The id of the block's element on the chapter's EPUB page; None for announcements."""


@dataclass(frozen=True)
class Pause:
    ms: int


Segment = Utterance | Pause


@dataclass(frozen=True)
class Marker:
    """A chapter marker inside a file: the chapter's own title, then each section's."""

    title: str
    segment: int
    """The index of the segment where it starts."""


@dataclass(frozen=True)
class Track:
    """One audio file: one top-level chapter."""

    number: int
    title: str
    segments: tuple[Segment, ...]
    markers: tuple[Marker, ...]

    @property
    def utterances(self) -> tuple[Utterance, ...]:
        return tuple(segment for segment in self.segments if isinstance(segment, Utterance))


@dataclass(frozen=True)
class AudioPlan:
    work: Work
    tracks: tuple[Track, ...]
    pauses: Pauses


_UNSPOKEN = frozenset({BlockKind.HEADING, BlockKind.SCENE_BREAK})


def plan_narration(
    work: Work,
    lexicon: Mapping[str, str] | None = None,
    pauses: Pauses = Pauses(),
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
) -> AudioPlan:
    """Each top-level chapter becomes a track that opens with its title read aloud; the first also says the
    work and its author, the last closes with "End of <work>"."""
    meta = work.meta
    tracks = []
    for index, chapter in enumerate(work.chapters):
        ids = iter((block_ids or {}).get(index, ()))
        segments: list[Segment] = [Pause(pauses.head)]
        if index == 0:
            segments += [
                Utterance(speech_text(f"{meta.title}, by {meta.author}.", lexicon)),
                Pause(pauses.after_announcement),
            ]
        markers: list[Marker] = []
        # A work of one chapter named after the work has just been announced; its title is not said twice.
        announced = index == 0 and len(work.chapters) == 1 and chapter.title == meta.title and not chapter.label
        _chapter_segments(chapter, segments, markers, ids, lexicon, pauses, top=True, say_title=not announced)
        if index == len(work.chapters) - 1:
            _end_with_pause(segments, pauses.before_section)
            segments.append(Utterance(speech_text(f"End of {meta.title}.", lexicon)))
        _end_with_pause(segments, pauses.tail)
        tracks.append(Track(index + 1, heading_line(chapter), tuple(segments), tuple(markers)))
    return AudioPlan(work, tuple(tracks), pauses)


def _chapter_segments(
    chapter: Chapter,
    segments: list[Segment],
    markers: list[Marker],
    ids: Iterator[str],
    lexicon: Mapping[str, str] | None,
    pauses: Pauses,
    top: bool,
    say_title: bool = True,
) -> None:
    if not top:
        _end_with_pause(segments, pauses.before_section)
    markers.append(Marker(heading_line(chapter), len(segments)))
    heading_id = _next_id(ids)
    if say_title:
        segments.append(Utterance(speech_text(_spoken_heading(chapter), lexicon), heading_id))
        segments.append(Pause(pauses.after_heading))
    for block in chapter.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        if block.kind is BlockKind.SCENE_BREAK:
            _end_with_pause(segments, pauses.scene_break)
            continue
        said = speech_text(_spoken_block(block), lexicon)
        block_id = _next_id(ids)
        if said:
            segments.append(Utterance(said, block_id))
            segments.append(Pause(pauses.paragraph))
    for child in chapter.children:
        _chapter_segments(child, segments, markers, ids, lexicon, pauses, top=False)


def _spoken_heading(chapter: Chapter) -> str:
    if chapter.label and chapter.label != chapter.title:
        return f"{chapter.label}. {chapter.title}."
    return f"{chapter.title}."


def _spoken_block(block: Block) -> str:
    if block.kind is BlockKind.VERSE:
        return ", ".join(line.strip() for line in block.text.split("\n") if line.strip())
    if block.kind is BlockKind.TABLE:
        return ". ".join(re.sub(r"\s{2,}", ", ", line.strip()) for line in block.text.split("\n") if line.strip())
    if block.kind is BlockKind.NOTE and block.label:
        return f"Note {block.label}. " + re.sub(rf"^\[?{re.escape(block.label)}[\].]?\s*", "", block.text)
    return block.text


def _next_id(ids: Iterator[str]) -> str | None:
    return next(ids, None)


def _end_with_pause(segments: list[Segment], ms: int) -> None:
    """A pause where the text has one; at a boundary of several, the longest wins."""
    if segments and isinstance(segments[-1], Pause):
        segments[-1] = Pause(max(segments[-1].ms, ms))
    else:
        segments.append(Pause(ms))
