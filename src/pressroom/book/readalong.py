"""The read-along of one chapter page: its media overlay, a `par` per sentence (or per block, or per word where
the voice timed its words), timed from the plan that assembled the audio, and the page with its sentences (or
words) in spans. Pure.

The overlays are timed from the same plan that assembled the MP3s, so the narrated EPUB, the MP3s' chapter
markers and the M4B agree on when everything starts; each sentence's time comes from its clip.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pressroom.audio.narrate import MadeAudio
from pressroom.audio.plan import Track, Utterance
from pressroom.audio.timeline import TrackTimeline
from pressroom.epub.book import BookPlan, ChapterPlacement
from pressroom.epub.overlays import AudioFile, Overlay, Par
from pressroom.epub.sentence_spans import SaidSentence, TimedSpan, sentence_page
from pressroom.epub.word_spans import SaidWord, word_page
from pressroom.text.speech import split_sentences, without_phonemes


class ReadAlong(StrEnum):
    """What the read-along lights as the narration plays."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    WORD = "word"
    """Each word, where the voice told when it said it (a paragraph whose words it did not time: by sentence)."""


@dataclass(frozen=True)
class ChapterReadAlong:
    overlay: Overlay
    xhtml: bytes
    """The page as the read-along book carries it (its sentences in spans, when read sentence by sentence)."""


@dataclass(frozen=True)
class _Said:
    """An utterance of a block on the page, as a file plays it."""

    block_id: str
    audio_name: str
    begin_ms: int
    end_ms: int
    sentences: tuple[SaidSentence, ...]
    """Its sentences, timed; empty where the clip did not say where they end."""
    words: tuple[SaidWord, ...] = ()
    """Its words (split at spaces), each timed where the voice told."""


def chapter_readalong(
    index: int, placement: ChapterPlacement, plan: BookPlan, audio: MadeAudio, unit: ReadAlong
) -> ChapterReadAlong:
    """The overlay of one chapter page: its spoken blocks (each of its sentences, read sentence by sentence),
    timed as the files play them: the chapter's MP3 (or its parts, one after another), then the Notes file
    where it reads this page's notes."""
    page = next(page for page in plan.pages if page.name == placement.page)
    number = index + 1
    files: list[AudioFile] = []
    said: list[_Said] = []
    duration = 0
    for timeline, mp3 in zip(audio.timelines, audio.mp3s, strict=True):
        track = timeline.track
        name, item_id = _audio_names(track)
        in_file = list(_said_in(timeline, index, name))
        if not in_file:
            # A part that only announces (a title, "End of ...") reads no block of the page: the page's
            # narration does not include it.
            continue
        files.append(AudioFile(name, item_id, str(mp3)))
        own = track.chapter == index and not _reads_other_pages(track, index)
        duration += timeline.duration_ms if own else _span(in_file)
        said += in_file
    xhtml = page.xhtml
    spans: dict[str, tuple[TimedSpan, ...]] = {}
    if unit is ReadAlong.WORD:
        by_words: dict[str, list[SaidWord]] = {}
        for item in said:
            by_words.setdefault(item.block_id, []).extend(item.words)
        timed = {block: words for block, words in by_words.items() if any(w.start_ms is not None for w in words)}
        cut_words = word_page(xhtml, timed)
        xhtml, spans = cut_words.xhtml, dict(cut_words.spans)
    if unit in (ReadAlong.SENTENCE, ReadAlong.WORD):
        by_block: dict[str, list[SaidSentence]] = {}
        for item in said:
            if item.block_id not in spans:
                by_block.setdefault(item.block_id, []).extend(item.sentences)
        whole = {block: sentences for block, sentences in by_block.items() if _all_timed(block, said)}
        cut = sentence_page(xhtml, whole)
        xhtml = cut.xhtml
        spans.update(cut.spans)
    pars: list[Par] = []
    for position, item in enumerate(said):
        if item.block_id not in spans:
            pars.append(Par(item.block_id, item.audio_name, item.begin_ms, item.end_ms))
        elif position == 0 or said[position - 1].block_id != item.block_id:
            pars += [Par(s.fragment, s.source, s.start_ms, s.end_ms) for s in spans[item.block_id]]
    overlay = Overlay(
        smil_name=f"smil/chapter-{number:03d}.smil",
        smil_id=f"smil-{number:03d}",
        page_name=page.name,
        page_id=page.item_id,
        audio=tuple(files),
        duration_ms=duration,
        pars=tuple(pars),
    )
    return ChapterReadAlong(overlay, xhtml)


def _said_in(timeline: TrackTimeline, index: int, name: str) -> list[_Said]:
    track = timeline.track
    found = []
    for position, segment in enumerate(track.segments):
        if not isinstance(segment, Utterance) or segment.block_id is None:
            continue
        if (segment.page if segment.page is not None else track.chapter) != index:
            continue
        start = timeline.starts[position]
        spans = timeline.sentences[position] if timeline.sentences else ()
        sentences = tuple(
            SaidSentence(text, name, timeline.ms(begin), timeline.ms(end))
            for text, (begin, end) in zip(split_sentences(segment.text), spans, strict=False)
        )
        end = timeline.ms(start + timeline.lengths[position])
        times = {
            index: (begin, finish) for index, begin, finish in (timeline.words[position] if timeline.words else ())
        }
        words = tuple(
            SaidWord(
                word, name, *((timeline.ms(times[n][0]), timeline.ms(times[n][1])) if n in times else (None, None))
            )
            for n, word in enumerate(without_phonemes(segment.text).split())
        )
        found.append(_Said(segment.block_id, name, timeline.ms(start), end, sentences, words))
    return found


def _all_timed(block_id: str, said: list[_Said]) -> bool:
    """Whether every utterance of the block says where its sentences are (a clip made before they were kept
    does not: the block is then lit whole)."""
    return all(item.sentences for item in said if item.block_id == block_id)


def _audio_names(track: Track) -> tuple[str, str]:
    """The file's path and id in the package: `audio/chapter-003-2.mp3` (a part), `audio/chapter-005-07.mp3` (a
    part's seventh chapter file), or `audio/notes.mp3`."""
    suffix = (f"-{track.piece:02d}" if track.piece else "") + (f"-{track.part}" if track.part else "")
    if track.chapter is None:
        return f"audio/notes{suffix}.mp3", f"audio-notes{suffix}"
    return f"audio/chapter-{track.chapter + 1:03d}{suffix}.mp3", f"audio-{track.chapter + 1:03d}{suffix}"


def _reads_other_pages(track: Track, index: int) -> bool:
    return any(isinstance(s, Utterance) and s.page is not None and s.page != index for s in track.segments)


def _span(said: list[_Said]) -> int:
    """How long a file plays for a page that it shares with others: from its first block's start to its last's
    end."""
    return max(item.end_ms for item in said) - min(item.begin_ms for item in said)
