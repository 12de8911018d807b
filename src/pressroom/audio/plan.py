"""What is said in each file, and the pauses between: the narration of a work planned as values. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from pressroom.audio.navigation import part_name, parts_read_by_chapter
from pressroom.audio.reading import (
    DEFAULT_READING_ALOUD,
    NoteIndex,
    NotesReading,
    Place,
    ReadingAloud,
    is_notes_chapter,
    note_text,
    place_map,
    placed_blocks,
    table_text,
)
from pressroom.model import Block, BlockKind, Chapter, Work
from pressroom.text.announcements import ENGLISH, Wording
from pressroom.text.patterns import ROMAN_NUMERAL
from pressroom.text.speech import ForeignReading, speech_text, split_sentences


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
    piece: int = 0
    """1, 2, ... for the files of a top-level part read a chapter per file (`navigation`); 0 otherwise."""

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
    foreign: ForeignReading | None = None,
) -> AudioPlan:
    """Each top-level chapter becomes a track that opens with its title read aloud; the first also says the
    work and its author, the last of the text closes with "The end of <work>". Notes are read as `reading` says:
    by default gathered in a last file, "Notes"."""
    meta = work.meta
    chapters = work.chapters
    notes_pages = {i for i, c in enumerate(chapters) if len(chapters) > 1 and is_notes_chapter(c)}
    flow = _Flow(
        lexicon, pauses, wording, reading,
        ids=[place_map(index, chapter, (block_ids or {}).get(index, ())) for index, chapter in enumerate(chapters)],
        index=NoteIndex.of(chapters), notes_pages=frozenset(notes_pages), foreign=foreign,
    )  # fmt: skip
    spoken = [i for i, _ in enumerate(chapters) if i not in notes_pages or reading.notes is NotesReading.INLINE]
    last_text = max((i for i in spoken if i not in notes_pages), default=len(chapters) - 1)
    by_chapter = parts_read_by_chapter(chapters)
    tracks: list[Track] = []
    for index in spoken:
        chapter = chapters[index]
        flow.page = index
        opening: list[Segment] = [
            Utterance(flow.say(wording.opening(meta.title, meta.author))),
            Pause(pauses.after_announcement),
        ]
        first = opening if index == 0 else []
        # A work of one chapter named after the work has just been announced; its title is not said twice.
        announced = index == 0 and len(chapters) == 1 and chapter.title == meta.title and not chapter.label
        if index in by_chapter:
            made = _part_tracks(chapter, index, flow, first)
        else:
            made = _chapter_track(chapter, index, flow, first, announced)
        if not made:
            continue  # every note of a notes chapter was read inline
        if index == last_text:
            segments = list(made[-1].segments)
            _end_with_pause(segments, pauses.before_section)
            segments.append(Utterance(flow.say(wording.closing(meta.title))))
            made[-1] = replace(made[-1], segments=tuple(segments))
        for track in made:
            segments = list(track.segments)
            _end_with_pause(segments, pauses.tail)
            tracks.append(replace(track, number=len(tracks) + 1, segments=tuple(segments)))
    if reading.notes is NotesReading.END:
        for page in sorted(notes_pages):
            _gather(chapters[page], page, flow)
        notes = _notes_track(chapters, flow, len(tracks) + 1, min(notes_pages, default=None))
        tracks += [notes] if notes else []
    return AudioPlan(work, tuple(tracks), pauses, wording)


def _chapter_track(chapter: Chapter, index: int, flow: _Flow, opening: list[Segment], announced: bool) -> list[Track]:
    """One top-level chapter as one file (its sections as markers); none for a notes chapter read inline."""
    segments: list[Segment] = [Pause(flow.pauses.head), *opening]
    markers: list[Marker] = []
    body_start = len(segments) + (0 if announced else 2)
    heading_id = _chapter_segments(chapter, (), segments, markers, flow, top=True, say_title=not announced)
    if flow.notes_page(index) and not any(isinstance(segment, Utterance) for segment in segments[body_start:]):
        return []
    first = segments[1]
    if announced and isinstance(first, Utterance):
        # The announcement reads the page's heading: a read-along book highlights the title while it is said.
        segments[1] = replace(first, block_id=heading_id)
    return [Track(0, chapter.heading_line, tuple(segments), tuple(markers), chapter=index)]


def _part_tracks(part: Chapter, index: int, flow: _Flow, opening: list[Segment]) -> list[Track]:
    """A part that holds chapters as a file per chapter, titled with the part (`Part First: VII`), and its own
    opening text, if any, as a short file before them; without one, its heading opens its first chapter."""
    pauses = flow.pauses
    tracks = []
    head: list[Segment] = [Pause(pauses.head), *opening]
    segments = list(head)
    _chapter_segments(part, (), segments, [], flow, top=True, children=False)
    said_own = sum(isinstance(segment, Utterance) for segment in segments) > 1 + bool(opening)
    if said_own:
        opening_track = Track(0, part.heading_line, tuple(segments), (Marker(part.heading_line, 0),), chapter=index)
        tracks.append(replace(opening_track, piece=1))
        segments = [Pause(pauses.head)]
    for number, child in enumerate(part.children):
        title = f"{part_name(part)}: {child.heading_line}"
        if number or said_own:
            spoken = f"{part_name(part)}, {_numbered(child, flow.wording)}"
            segments.append(Utterance(flow.say(spoken), flow.block_id((flow.page, (number,), None))))
            segments.append(Pause(pauses.after_heading))
            markers: list[Marker] = []
            _chapter_segments(child, (number,), segments, markers, flow, top=True, say_title=False)
        else:
            markers = []
            _chapter_segments(child, (number,), segments, markers, flow, top=False)
        markers = [Marker(title, 0), *markers[1:]]
        tracks.append(Track(0, title, tuple(segments), tuple(markers), chapter=index, piece=len(tracks) + 1))
        segments = [Pause(pauses.head)]
    return tracks


@dataclass
class _Flow:
    """What reading a chapter needs besides the chapter: the speech settings, the page ids, and the notes."""

    lexicon: Mapping[str, str] | None
    pauses: Pauses
    wording: Wording
    reading: ReadingAloud
    ids: list[dict[Place, str]]
    index: NoteIndex
    page: int = 0
    gathered: dict[int, list[tuple[Block, Place]]] = field(default_factory=dict)
    """For `end`: each page's notes, in order, to be read in the Notes file."""
    notes_pages: frozenset[int] = frozenset()
    """The pages that are notes chapters."""
    foreign: ForeignReading | None = None
    """How phrases in other languages are read (for a voice that takes phonemes)."""

    def block_id(self, place: Place) -> str | None:
        """The page id of the heading or block at `place` (None: none was given, as for audio made alone)."""
        return self.ids[place[0]].get(place) if self.ids else None

    def say(self, text: str) -> str:
        return speech_text(text, self.lexicon, self.foreign)

    def notes_page(self, index: int) -> bool:
        return index in self.notes_pages


def _gather(chapter: Chapter, page: int, flow: _Flow) -> None:
    notes = [(block, place) for block, place in placed_blocks(page, chapter) if block.kind is BlockKind.NOTE]
    flow.gathered.setdefault(page, []).extend(notes)


def _notes_track(chapters: tuple[Chapter, ...], flow: _Flow, number: int, notes_page: int | None) -> Track | None:
    """The last file: the notes gathered chapter by chapter, each group with a marker (`Notes to Chapter III`)."""
    groups = [(page, notes) for page, notes in sorted(flow.gathered.items()) if notes]
    if not groups:
        return None
    pauses, wording = flow.pauses, flow.wording
    opening = Utterance(flow.say(f"{wording.notes}."))
    segments: list[Segment] = [Pause(pauses.head), opening, Pause(pauses.after_heading)]
    # Each group named is a marker; the file's own "Notes" is one only when no group is (the first marker
    # starts the file, so a player lists "Notes to Part 1" first, not "Notes" over it).
    markers: list[Marker] = []
    for page, notes in groups:
        chapter = chapters[page]
        # A group is named when there are several; a notes chapter keeps its own title unless it is "Notes".
        own = is_notes_chapter(chapter)
        if (chapter.title != wording.notes) if own else len(groups) > 1:
            title = chapter.title if own else wording.notes_to.format(chapter=chapter.heading_line)
            _end_with_pause(segments, pauses.before_section)
            markers.append(Marker(title, len(segments)))
            segments += [Utterance(flow.say(f"{spoken_title(title)}.")), Pause(pauses.after_heading)]
        for note, place in notes:
            said = flow.say(note_text(note, wording))
            if said:
                segments += [Utterance(said, flow.block_id(place), page=page), Pause(pauses.paragraph)]
    _end_with_pause(segments, pauses.tail)
    markers = markers or [Marker(wording.notes, 1)]
    return Track(number, wording.notes, tuple(segments), tuple(markers), chapter=notes_page)


def spoken_title(title: str) -> str:
    return title.replace(": ", ". ")


def _chapter_segments(
    chapter: Chapter,
    path: tuple[int, ...],
    segments: list[Segment],
    markers: list[Marker],
    flow: _Flow,
    top: bool,
    say_title: bool = True,
    children: bool = True,
) -> str | None:
    """The chapter's segments and markers, appended (its sections' too, unless `children` is false); returns the
    id of its heading on the page."""
    pauses = flow.pauses
    if not top:
        _end_with_pause(segments, pauses.before_section)
    markers.append(Marker(chapter.heading_line, len(segments)))
    heading_id = flow.block_id((flow.page, path, None))
    if say_title:
        segments.append(Utterance(flow.say(_spoken_heading(chapter)), heading_id))
        segments.append(Pause(pauses.after_heading))
    for index, block in enumerate(chapter.blocks):
        place: Place = (flow.page, path, index)
        if block.kind in (BlockKind.HEADING, BlockKind.FIGURE):
            continue
        if block.kind is BlockKind.SCENE_BREAK:
            _end_with_pause(segments, pauses.scene_break)
            continue
        if block.kind in (BlockKind.NOTE, BlockKind.NOTES_HEADING) and not _reads_note_here(block, place, flow):
            continue
        _say_block(block, place, segments, flow)
        if flow.reading.notes is NotesReading.INLINE and block.kind is not BlockKind.NOTE:
            for note, where in flow.index.notes_for(block.text, flow.page):
                _say_block(note, where, segments, flow)
    for number, child in enumerate(chapter.children) if children else ():
        _chapter_segments(child, (*path, number), segments, markers, flow, top=False)
    return heading_id


def _reads_note_here(block: Block, place: Place, flow: _Flow) -> bool:
    """Whether a note (or the `NOTES:` line) is read where it is printed: only inline, and only if no mark has
    had it read already; at the end, it is kept for the Notes file."""
    notes = flow.reading.notes
    if notes is NotesReading.END and block.kind is BlockKind.NOTE:
        flow.gathered.setdefault(flow.page, []).append((block, place))
    if notes is not NotesReading.INLINE:
        return False
    if place in flow.index.read:
        return False
    flow.index.read.add(place)
    return True


def _say_block(block: Block, place: Place, segments: list[Segment], flow: _Flow) -> None:
    page = place[0]
    if block.kind is BlockKind.TABLE:
        text = table_text(block, flow.reading, flow.wording)
    elif block.kind is BlockKind.NOTE:
        text = note_text(block, flow.wording)
    else:
        text = _spoken_block(block)
    said = flow.say(text)
    if said:
        for piece in _pieces(said):
            segments.append(Utterance(piece, flow.block_id(place), page=None if page == flow.page else page))
            segments.append(Pause(flow.pauses.sentence))
        segments[-1] = Pause(flow.pauses.paragraph)


MAX_UTTERANCE_WORDS = 1500
"""About ten minutes of speech: a paragraph longer than this (one of 30,000 words ran 160 minutes, past the
two hours a file may last, and held 2 GB as one clip) is said in pieces cut between its sentences."""


def _pieces(said: str) -> list[str]:
    """The spoken paragraph, whole, or cut between sentences into pieces of at most MAX_UTTERANCE_WORDS (a
    single sentence longer than that stays whole)."""
    if len(said.split()) <= MAX_UTTERANCE_WORDS:
        return [said]
    pieces: list[str] = []
    words = 0
    for sentence in split_sentences(said):
        count = len(sentence.split())
        if pieces and words + count <= MAX_UTTERANCE_WORDS:
            pieces[-1] += " " + sentence
            words += count
        else:
            pieces.append(sentence)
            words = count
    return pieces


def _numbered(chapter: Chapter, wording: Wording) -> str:
    """A chapter's heading after its part's name: a bare number is said as one (`chapter II`, not `II`)."""
    if not chapter.label and ROMAN_NUMERAL.fullmatch(chapter.title):
        return f"{wording.chapter} {chapter.title}."
    return _spoken_heading(chapter)


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
