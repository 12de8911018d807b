"""What was said in each file and when, as the work's narration record (`records.narration`, written as
`narration.json` by its folder), built from the plan and the files' timelines. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from pressroom.audio.master import Preset, db
from pressroom.audio.plan import AudioPlan, Utterance
from pressroom.audio.reading import DEFAULT_READING_ALOUD, ReadingAloud
from pressroom.audio.timeline import TrackTimeline, book_chapters
from pressroom.model import count_words
from pressroom.records.narration import (
    NO_LEXICON,
    FileRecord,
    LexiconRecord,
    NarrationRecord,
    SentenceRecord,
    SpokenRecord,
)
from pressroom.text.speech import split_sentences, without_phonemes


def narration_record(
    plan: AudioPlan,
    timelines: Sequence[TrackTimeline],
    keys: Sequence[Sequence[str | None]],
    gains: Sequence[float],
    names: Sequence[str],
    m4b_name: str,
    voice: tuple[str, str],
    preset: Preset,
    reading: ReadingAloud = DEFAULT_READING_ALOUD,
    narrator_name: str | None = None,
    lexicon: LexiconRecord = NO_LEXICON,
) -> NarrationRecord:
    """The record; `voice` is the voice's name and its engine's version, `keys` each file's clip keys (one per
    segment, None for a pause). How it was read (notes, tables) and the narrator named are kept so that a remake
    (`publish proof`) reads it the same way."""
    meta = plan.work.meta
    each = zip(timelines, keys, gains, names, strict=True)
    files = tuple(_file(timeline, clips, gain, name) for timeline, clips, gain, name in each)
    return NarrationRecord(
        work=meta.title,
        author=meta.author,
        slug=meta.slug,
        language=meta.language,
        voice=voice[0],
        engine=voice[1],
        preset=preset.name,
        reading=reading,
        narrator_name=narrator_name,
        lexicon=lexicon,
        files=files,
        m4b_name=m4b_name,
        m4b_chapters=tuple(book_chapters(timelines)),
    )


def _file(timeline: TrackTimeline, keys: Sequence[str | None], gain: float, name: str) -> FileRecord:
    track = timeline.track
    utterances = []
    for index, (segment, key) in enumerate(zip(track.segments, keys, strict=True)):
        if isinstance(segment, Utterance):
            said = timeline.sentences[index] if timeline.sentences else ()
            sentences = tuple(
                SentenceRecord(without_phonemes(text), timeline.ms(start), timeline.ms(end))
                for text, (start, end) in zip(split_sentences(segment.text), said, strict=False)
            )
            utterances.append(
                SpokenRecord(
                    start_ms=timeline.ms(timeline.starts[index]),
                    length_ms=timeline.ms(timeline.lengths[index]),
                    words=count_words(segment.text),
                    block_id=segment.block_id,
                    page=segment.page if segment.page is not None else track.chapter,
                    text=segment.text,
                    sentences=sentences,
                    clip=key,
                    said_words=tuple(
                        (word, timeline.ms(start), timeline.ms(end))
                        for word, start, end in (timeline.words[index] if timeline.words else ())
                    ),
                )
            )
    return FileRecord(
        name=name,
        title=track.title,
        number=track.number,
        chapter=track.chapter,
        part=track.part,
        duration_ms=timeline.duration_ms,
        gain_db=round(db(gain), 2),
        markers=tuple(timeline.marker_spans()),
        utterances=tuple(utterances),
    )
