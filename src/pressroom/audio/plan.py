"""What is said in each file, and the pauses between: the narration of a work planned as values. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from pressroom.audio.reading import (
    DEFAULT_READING_ALOUD,
    NoteIndex,
    NotesReading,
    ReadingAloud,
    id_map,
    is_notes_chapter,
    note_text,
    table_text,
)
from pressroom.model import WORDS_PER_MINUTE, Block, BlockKind, Chapter, Work
from pressroom.text.announcements import ENGLISH, Wording
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
    page: int | None = None
    """The index of the page (top-level chapter) that holds `block_id`, when it is not the file's own: a note
    read in the Notes file, or read inline from a notes chapter."""


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
    """One audio file: one top-level chapter, or one part of a chapter too long for one file."""

    number: int
    title: str
    segments: tuple[Segment, ...]
    markers: tuple[Marker, ...]
    chapter: int | None = 0
    """The index of the top-level chapter (and so of the EPUB page) this file reads; None for the Notes file
    gathered from several chapters."""
    part: int = 0
    """1, 2, ... when the chapter is split into parts; 0 when it is whole."""

    @property
    def utterances(self) -> tuple[Utterance, ...]:
        return tuple(segment for segment in self.segments if isinstance(segment, Utterance))


@dataclass(frozen=True)
class AudioPlan:
    work: Work
    tracks: tuple[Track, ...]
    pauses: Pauses
    wording: Wording = ENGLISH
    """The words said besides the text (the byline, the closing, a part's name)."""


def plan_narration(
    work: Work,
    lexicon: Mapping[str, str] | None = None,
    pauses: Pauses = Pauses(),
    block_ids: Mapping[int, tuple[str, ...]] | None = None,
    wording: Wording = ENGLISH,
    reading: ReadingAloud = DEFAULT_READING_ALOUD,
) -> AudioPlan:
    """Each top-level chapter becomes a track that opens with its title read aloud; the first also says the
    work and its author, the last of the text closes with "End of <work>". Notes are read as `reading` says:
    by default gathered in a last file, "Notes"."""
    meta = work.meta
    chapters = work.chapters
    notes_pages = {i for i, c in enumerate(chapters) if len(chapters) > 1 and is_notes_chapter(c)}
    flow = _Flow(
        lexicon, pauses, wording, reading,
        ids=[id_map(chapter, (block_ids or {}).get(index, ())) for index, chapter in enumerate(chapters)],
        index=NoteIndex.of(chapters),
    )  # fmt: skip
    spoken = [i for i, _ in enumerate(chapters) if i not in notes_pages or reading.notes is NotesReading.INLINE]
    last_text = max((i for i in spoken if i not in notes_pages), default=len(chapters) - 1)
    tracks: list[Track] = []
    for index in spoken:
        chapter = chapters[index]
        flow.page = index
        segments: list[Segment] = [Pause(pauses.head)]
        if index == 0:
            segments += [
                Utterance(speech_text(wording.opening(meta.title, meta.author), lexicon)),
                Pause(pauses.after_announcement),
            ]
        markers: list[Marker] = []
        # A work of one chapter named after the work has just been announced; its title is not said twice.
        announced = index == 0 and len(chapters) == 1 and chapter.title == meta.title and not chapter.label
        body_start = len(segments) + (0 if announced else 2)
        heading_id = _chapter_segments(chapter, segments, markers, flow, top=True, say_title=not announced)
        if index in notes_pages and not any(isinstance(segment, Utterance) for segment in segments[body_start:]):
            continue  # every note of a notes chapter was read inline
        opening = segments[1]
        if announced and isinstance(opening, Utterance):
            # The announcement reads the page's heading: a read-along book highlights the title while it is said.
            segments[1] = replace(opening, block_id=heading_id)
        if index == last_text:
            _end_with_pause(segments, pauses.before_section)
            segments.append(Utterance(speech_text(wording.closing(meta.title), lexicon)))
        _end_with_pause(segments, pauses.tail)
        tracks.append(Track(len(tracks) + 1, chapter.heading_line, tuple(segments), tuple(markers), chapter=index))
    if reading.notes is NotesReading.END:
        for page in sorted(notes_pages):
            _gather(chapters[page], page, flow)
        notes = _notes_track(chapters, flow, len(tracks) + 1, min(notes_pages, default=None))
        tracks += [notes] if notes else []
    return AudioPlan(work, tuple(tracks), pauses, wording)


@dataclass
class _Flow:
    """What reading a chapter needs besides the chapter: the speech settings, the page ids, and the notes."""

    lexicon: Mapping[str, str] | None
    pauses: Pauses
    wording: Wording
    reading: ReadingAloud
    ids: list[dict[int, str]]
    index: NoteIndex
    page: int = 0
    gathered: dict[int, list[Block]] = field(default_factory=dict)
    """For `end`: each page's notes, in order, to be read in the Notes file."""

    def block_id(self, item: Chapter | Block, page: int | None = None) -> str | None:
        return self.ids[self.page if page is None else page].get(id(item)) if self.ids else None

    def say(self, text: str) -> str:
        return speech_text(text, self.lexicon)


def _gather(chapter: Chapter, page: int, flow: _Flow) -> None:
    flow.gathered.setdefault(page, []).extend(b for b in chapter.all_blocks() if b.kind is BlockKind.NOTE)


def _notes_track(chapters: tuple[Chapter, ...], flow: _Flow, number: int, notes_page: int | None) -> Track | None:
    """The last file: the notes gathered chapter by chapter, each group with a marker (`Notes to Chapter III`)."""
    groups = [(page, notes) for page, notes in sorted(flow.gathered.items()) if notes]
    if not groups:
        return None
    pauses, wording = flow.pauses, flow.wording
    opening = Utterance(flow.say(f"{wording.notes}."))
    segments: list[Segment] = [Pause(pauses.head), opening, Pause(pauses.after_heading)]
    markers = [Marker(wording.notes, 1)]
    for page, notes in groups:
        chapter = chapters[page]
        # A group is named when there are several; a notes chapter keeps its own title unless it is "Notes".
        own = is_notes_chapter(chapter)
        if (chapter.title != wording.notes) if own else len(groups) > 1:
            title = chapter.title if own else wording.notes_to.format(chapter=chapter.heading_line)
            _end_with_pause(segments, pauses.before_section)
            markers.append(Marker(title, len(segments)))
            segments += [Utterance(flow.say(f"{_spoken_title(title)}.")), Pause(pauses.after_heading)]
        for note in notes:
            said = flow.say(note_text(note, wording))
            if said:
                segments += [Utterance(said, flow.block_id(note, page), page=page), Pause(pauses.paragraph)]
    _end_with_pause(segments, pauses.tail)
    return Track(number, wording.notes, tuple(segments), tuple(markers), chapter=notes_page)


def split_long_tracks(
    plan: AudioPlan,
    duration_ms: Callable[[Segment], int],
    max_ms: int,
    lexicon: Mapping[str, str] | None = None,
) -> AudioPlan:
    """Cut every file longer than `max_ms` into parts at paragraph boundaries ("Chapter 5, part 2"); each part
    opens with room tone and its title read aloud and ends with room tone, like any file."""
    pauses = plan.pauses
    tracks: list[Track] = []
    for track in plan.tracks:
        pieces = _cut(track, duration_ms, max_ms, pauses)
        if len(pieces) == 1:
            tracks.append(replace(track, number=len(tracks) + 1))
            continue
        for part, (start, end) in enumerate(pieces, start=1):
            title = plan.wording.part_title(track.title, part)
            body = list(track.segments[start:end])
            offset = 0
            if part > 1:
                heading = part_heading(track.title, part, lexicon, plan.wording)
                kept = _drop_leading_pauses(body)
                offset = 3 - (len(body) - len(kept))
                body = [Pause(pauses.head), heading, Pause(pauses.after_heading), *kept]
            if part < len(pieces):
                body = _drop_trailing_pauses(body)
                body.append(Pause(pauses.tail))
            inner = [m for m in track.markers if start <= m.segment < end and m.segment != 0]
            markers = [Marker(title, 0), *(Marker(m.title, m.segment - start + offset) for m in inner)]
            tracks.append(replace(track, number=len(tracks) + 1, title=title, segments=tuple(body),
                                  markers=tuple(markers), part=part))  # fmt: skip
    return replace(plan, tracks=tuple(tracks))


def part_heading(title: str, part: int, lexicon: Mapping[str, str] | None, wording: Wording = ENGLISH) -> Utterance:
    """What a part after the first opens with: "Chapter 5, part 2."."""
    return Utterance(speech_text(wording.part_spoken(_spoken_title(title), part), lexicon))


def likely_part_headings(
    track: Track, max_ms: int, pauses: Pauses, lexicon: Mapping[str, str] | None, wording: Wording = ENGLISH
) -> list[Utterance]:
    """The headings of the parts a track may be cut into, guessed generously (speech at half the usual pace)
    from its words and pauses, since a part's length is known only once its clips are: so that they are
    narrated with the rest, by the same workers."""
    words = sum(len(utterance.text.split()) for utterance in track.utterances)
    paused = sum(segment.ms for segment in track.segments if isinstance(segment, Pause))
    generous_ms = 2 * words * 60_000 / WORDS_PER_MINUTE + paused
    parts = math.ceil(generous_ms / _part_budget(max_ms, pauses))
    return [part_heading(track.title, part, lexicon, wording) for part in range(2, parts + 1)]


def _part_budget(max_ms: int, pauses: Pauses) -> int:
    """How long a part's own body may run: the limit less its title, room tone and a margin."""
    return max(1, max_ms - pauses.head - pauses.tail - pauses.after_heading - 10_000)


def _cut(track: Track, duration_ms: Callable[[Segment], int], max_ms: int, pauses: Pauses) -> list[tuple[int, int]]:
    """Segment ranges of at most `max_ms` each (room for a part's title and room tone kept), cut before an
    utterance; a single utterance longer than that stays whole."""
    budget = _part_budget(max_ms, pauses)
    pieces: list[tuple[int, int]] = []
    start = 0
    used = 0
    for index, segment in enumerate(track.segments):
        length = duration_ms(segment)
        if isinstance(segment, Utterance) and used + length > budget and index > start:
            pieces.append((start, index))
            start, used = index, 0
        used += length
    pieces.append((start, len(track.segments)))
    return pieces


def _spoken_title(title: str) -> str:
    return title.replace(": ", ". ")


def _drop_leading_pauses(segments: list[Segment]) -> list[Segment]:
    while segments and isinstance(segments[0], Pause):
        segments = segments[1:]
    return segments


def _drop_trailing_pauses(segments: list[Segment]) -> list[Segment]:
    while segments and isinstance(segments[-1], Pause):
        segments = segments[:-1]
    return segments


def _chapter_segments(
    chapter: Chapter,
    segments: list[Segment],
    markers: list[Marker],
    flow: _Flow,
    top: bool,
    say_title: bool = True,
) -> str | None:
    """The chapter's segments and markers, appended; returns the id of its heading on the page."""
    pauses = flow.pauses
    if not top:
        _end_with_pause(segments, pauses.before_section)
    markers.append(Marker(chapter.heading_line, len(segments)))
    heading_id = flow.block_id(chapter)
    if say_title:
        segments.append(Utterance(flow.say(_spoken_heading(chapter)), heading_id))
        segments.append(Pause(pauses.after_heading))
    for block in chapter.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        if block.kind is BlockKind.SCENE_BREAK:
            _end_with_pause(segments, pauses.scene_break)
            continue
        if block.kind in (BlockKind.NOTE, BlockKind.NOTES_HEADING) and not _reads_note_here(block, flow):
            continue
        _say_block(block, segments, flow, flow.page)
        if flow.reading.notes is NotesReading.INLINE and block.kind is not BlockKind.NOTE:
            for note, page in flow.index.notes_for(block.text, flow.page):
                _say_block(note, segments, flow, page)
    for child in chapter.children:
        _chapter_segments(child, segments, markers, flow, top=False)
    return heading_id


def _reads_note_here(block: Block, flow: _Flow) -> bool:
    """Whether a note (or the `NOTES:` line) is read where it is printed: only inline, and only if no mark has
    had it read already; at the end, it is kept for the Notes file."""
    notes = flow.reading.notes
    if notes is NotesReading.END and block.kind is BlockKind.NOTE:
        flow.gathered.setdefault(flow.page, []).append(block)
    if notes is not NotesReading.INLINE:
        return False
    if id(block) in flow.index.read:
        return False
    flow.index.read.add(id(block))
    return True


def _say_block(block: Block, segments: list[Segment], flow: _Flow, page: int) -> None:
    if block.kind is BlockKind.TABLE:
        text = table_text(block, flow.reading, flow.wording)
    elif block.kind is BlockKind.NOTE:
        text = note_text(block, flow.wording)
    else:
        text = _spoken_block(block)
    said = flow.say(text)
    if said:
        segments.append(Utterance(said, flow.block_id(block, page), page=None if page == flow.page else page))
        segments.append(Pause(flow.pauses.paragraph))


def _spoken_heading(chapter: Chapter) -> str:
    if chapter.label and chapter.label != chapter.title:
        return f"{chapter.label}. {chapter.title}."
    return f"{chapter.title}."


def _spoken_block(block: Block) -> str:
    if block.kind is BlockKind.VERSE:
        return ", ".join(line.strip() for line in block.text.split("\n") if line.strip())
    return block.text


def _end_with_pause(segments: list[Segment], ms: int) -> None:
    """A pause where the text has one; at a boundary of several, the longest wins."""
    if segments and isinstance(segments[-1], Pause):
        segments[-1] = Pause(max(segments[-1].ms, ms))
    else:
        segments.append(Pause(ms))
