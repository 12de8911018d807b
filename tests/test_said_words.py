"""Word by word, timed by the voice itself (issue 41): hibari says when it says each word (its model's phoneme
durations), each said word is matched to the printed word it was read from, and the times travel with the clip
(its cache header), into `narration.json` (`said_words`), the site's underline and the WebVTT cues."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import narration_keys, planned, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.checks.listening import times_apart
from pressroom.commands.telling import describe_audio
from pressroom.hear.listener import Listener
from pressroom.hear.scoring import spelling_key
from pressroom.layout import WorkFolder
from pressroom.records.narration import FileRecord, SentenceRecord, SpokenRecord
from pressroom.site.readalong import lit_words
from pressroom.site.subtitles import cues, srt, webvtt
from pressroom.sources.load import load_works
from pressroom.text.said_words import printed_word_times
from pressroom.text.speech import split_sentences, without_phonemes
from pressroom.tts.clip import Clip, decode_clip, encode_clip, synthesize_clip
from pressroom.tts.hibari_engine import HibariEngine
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice


@pytest.fixture(scope="module")
def heart() -> HibariEngine:
    engine = open_engine(find_voice("heart", None))
    assert isinstance(engine, HibariEngine)
    return engine


@pytest.mark.parametrize(
    ("printed", "said", "timed"),
    [  # a figure said in words, a title said in full, a possessive said as one word, a dash said as nothing
        ("In 1848 M. Proudhon wrote", [("In", 0, 10), ("1848", 10, 20), ("1848", 20, 30), ("M.", 30, 40),
                                       ("Proudhon", 40, 50), ("wrote", 50, 60)],
         [(0, 0, 10), (1, 10, 30), (2, 30, 40), (3, 40, 50), (4, 50, 60)]),
        ("Kropotkin's book — read it.", [("Kropotkin's", 0, 10), ("book", 10, 20), ("read", 30, 40), ("it.", 40, 50)],
         [(0, 0, 10), (1, 10, 20), (3, 30, 40), (4, 40, 50)]),
        # the reader's own words for a figure: spread over the printed words left between their neighbours
        ("half of 50% of it", [("half", 0, 5), ("of", 5, 8), ("fifty", 10, 20), ("percent", 20, 30),
                               ("of", 30, 40), ("it", 40, 50)],
         [(0, 0, 5), (1, 5, 8), (2, 10, 30), (3, 30, 40), (4, 40, 50)]),
        ("ÉLISÉE Reclus", [("Élisée", 0, 10), ("Reclus", 10, 20)], [(0, 0, 10), (1, 10, 20)]),
        ("One two", [], []),
    ],
)  # fmt: skip
def test_printed_words_are_timed_from_the_words_said_for_them(
    printed: str, said: list[tuple[str, int, int]], timed: list[tuple[int, int, int]]
) -> None:
    assert printed_word_times(printed.split(), said) == timed


@settings(max_examples=80, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z0-9.,'’%—-]{1,9}", fullmatch=True), min_size=1, max_size=25), st.data())
def test_timed_words_are_printed_words_in_order_each_from_its_first_to_its_last_said(
    printed: list[str], data: st.DataObject
) -> None:
    """Whatever the voice said for them (its words' texts drawn from the printed ones, some dropped, some
    repeated), each printed word is timed at most once, in order, within the times said."""
    texts = data.draw(st.lists(st.sampled_from(printed), max_size=30))
    said = [(text, 10 * n, 10 * n + 8) for n, text in enumerate(texts)]
    timed = printed_word_times(printed, said)
    indices = [index for index, _, _ in timed]
    assert indices == sorted(set(indices)) and all(0 <= index < len(printed) for index in indices)
    assert all(start < end for _, start, end in timed)
    starts = [start for _, start, _ in timed]
    assert starts == sorted(starts)
    if said:
        assert all(said[0][1] <= start and end <= said[-1][2] for _, start, end in timed)


def _record(said_words: tuple[tuple[int, int, int], ...]) -> FileRecord:
    text = "The workers of Paris took the land, the houses and the factories. They kept them."
    sentences = (SentenceRecord("The workers of Paris took the land, the houses and the factories.", 1000, 5000),
                 SentenceRecord("They kept them.", 5400, 6400))  # fmt: skip
    spoken = SpokenRecord(1000, 5400, 15, text, sentences=sentences, said_words=said_words)
    return FileRecord("01 - One.mp3", 7000, (("One", 0, 7000),), (spoken,), "One", 1, 0)


def test_a_webvtt_cue_carries_each_words_start_and_srt_stays_a_cue_per_sentence() -> None:
    said = (*((n, 1000 + 260 * n, 1000 + 260 * n + 200) for n in range(12)), (12, 5400, 5600), (13, 5700, 5900),
            (14, 6000, 6400))  # fmt: skip
    vtt = webvtt(_record(said))
    assert "The <00:00:01.260>workers <00:00:01.520>of <00:00:01.780>Paris" in vtt.replace("\n", " ")
    assert "They <00:00:05.700>kept <00:00:06.000>them." in vtt
    for cue in cues(_record(said)):  # WebVTT's rule: inside the cue, after its start, in order
        starts = [start for start in cue.word_starts if start is not None]
        assert starts == sorted(set(starts)) and all(cue.start_ms < start < cue.end_ms for start in starts)
        assert len(cue.word_starts) == len(cue.text.split())
    assert "<" not in srt(_record(said)) and srt(_record(said)) == srt(_record(()))
    assert "<0" not in webvtt(_record(())), "no times told, no timestamps"


def test_word_times_are_kept_with_the_clip_however_long_its_header() -> None:
    words = tuple((n, 100 * n, 100 * n + 90) for n in range(6000))  # about 130 KB of header
    clip = Clip(24_000, np.zeros(600_100, np.int16), (600_100,), words=words)
    back = decode_clip(encode_clip(clip))
    assert back is not None and back.words == words


def test_the_voice_times_every_word_it_says_within_its_sentence(heart: HibariEngine) -> None:
    text = ("In 1848 [Proudhon](/pɹudˈɔn/) wrote: “Property is theft!” — and Kropotkin's friends agreed. "
            "M. Reclus smiled, and the well-being of all was their aim.")  # fmt: skip
    clip = synthesize_clip(heart, text, 400)
    printed = without_phonemes(text).split()
    indices = [index for index, _, _ in clip.words]
    assert indices == [n for n, word in enumerate(printed) if word != "—"], clip.words
    spans = clip.sentence_spans(heart.sample_rate * 400 // 1000)
    first_of_second = len(without_phonemes(split_sentences(text)[0]).split())
    for index, start, end in clip.words:
        sentence_start, sentence_end = spans[0] if index < first_of_second else spans[1]
        assert sentence_start <= start < end <= sentence_end, (printed[index], start, end)
    starts = [start for _, start, _ in clip.words]
    assert starts == sorted(starts)


@pytest.mark.slow
def test_a_word_lit_is_the_word_said(heart: HibariEngine) -> None:
    """Each word of six letters or more, its sound cut from the clip where the voice says it is and heard alone
    by the listener, is that word (when the listener's own word times are used instead, bench/word_times.py
    measures how far apart: its starts run about 90 ms earlier, a pause before a word heard as part of it)."""
    text = ("The cities, bound together by railroads and waterways, are organisms which have lived through "
            "centuries. Kropotkin wrote of mutual aid among the peasants of Siberia.")  # fmt: skip
    clip = synthesize_clip(heart, text, 400)
    printed = without_phonemes(text).split()
    listener = Listener(threads=2)
    bare = [spelling_key(word) for word in printed]
    content = [(index, start, end) for index, start, end in clip.words if len(bare[index]) >= 6]
    heard = [listener.hear(clip.samples[start:end], clip.rate) for _, start, end in content]
    right = [spelling_key(said) == bare[index] for (index, _, _), said in zip(content, heard, strict=True)]
    assert len(content) >= 10 and sum(right) >= 0.8 * len(content), list(zip(content, heard, strict=True))


@pytest.mark.slow
def test_joe_times_his_words_from_pipers_alignments_and_a_word_lit_is_the_word_said() -> None:
    """Piper's joe: the samples each phoneme gets (its alignments, the model patched as it is loaded) give each
    word's time, each word found in the sounds said by its own (espeak runs `of the` together, and reads a figure
    in words)."""
    joe = open_engine(find_voice("joe", None))
    text = "The peasants of Siberia kept their common land, and they worked it together."
    clip = synthesize_clip(joe, text, 400)
    printed = without_phonemes(text).split()
    assert [index for index, _, _ in clip.words] == list(range(len(printed)))
    starts = [start for _, start, _ in clip.words]
    assert starts == sorted(starts) and all(start < end for _, start, end in clip.words)
    listener = Listener(threads=2)
    content = [(index, start, end) for index, start, end in clip.words if len(printed[index].strip(".,")) >= 6]
    heard = [listener.hear(clip.samples[start:end], clip.rate) for _, start, end in content]
    right = [
        spelling_key(said) == spelling_key(printed[index]) for (index, _, _), said in zip(content, heard, strict=True)
    ]
    assert sum(right) >= 0.6 * len(content), list(zip(content, heard, strict=True))
    figure = synthesize_clip(joe, "In 1848 they met.", 400)
    assert [index for index, _, _ in figure.words] == [0, 1, 2, 3], "a figure is found by its sounds too"


def test_the_site_lights_words_by_the_voices_times_and_by_the_listeners_where_the_voice_told_none() -> None:
    page = (b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p id="p-1">In 1902 M. Reclus agreed.</p>'
            b"</body></html>")  # fmt: skip
    text = "In nineteen oh-two Monsieur Reclus agreed."
    voice = ((0, 100, 200), (1, 200, 400), (2, 400, 600), (3, 600, 800), (4, 800, 1000), (5, 1000, 1200))
    listener = ((0, 90, 190), (4, 790, 990), (5, 990, 1190))

    def lit(said_words: tuple[tuple[int, int, int], ...], heard_words: tuple[tuple[int, int, int], ...]) -> list[str]:
        spoken = SpokenRecord(100, 1200, 6, text, block_id="p-1", page=0, said_words=said_words,
                              heard_words=heard_words)  # fmt: skip
        record = FileRecord("01 - One.mp3", 1400, (("One", 0, 1400),), (spoken,), "One", 1, 0)
        (words,) = lit_words([page], [record])
        printed = "In 1902 M. Reclus agreed."
        return [printed[start:end] for _, _, _, start, end in words]

    assert lit(voice, ()) == ["In", "1902", "1902", "M", "Reclus", "agreed"], "a figure said in words, on the figure"
    assert lit(voice, listener) == lit(voice, ()), "the voice's own times first"
    assert lit((), listener) == ["In", "Reclus", "agreed"]


def test_clips_made_before_word_times_were_kept_keep_their_sentence_times_and_the_run_says_so(
    heart: HibariEngine, tmp_path: Path
) -> None:
    """A cache from before: its clips have no word times. They are not made again (the sound is the same), the
    narration times their sentences only, and the run's line says how many."""
    source = tmp_path / "two.txt"
    source.write_text("Two\n\nThe workers took the land. They kept it.\n\nAnd they grew bread.\n", encoding="utf-8")
    (work,) = load_works(source).works
    narrator = Narrator(find_voice("heart", None), ClipCache(tmp_path / "cache"))
    settings = NarrationSettings(check=False)
    plan, _ = planned(work, narrator, settings)
    keys = narration_keys(work, narrator, settings)
    for key, text in zip(keys, [u.text for track in plan.tracks for u in track.utterances], strict=True):
        clip = synthesize_clip(heart, text, plan.pauses.sentence)
        narrator.cache.put(key, replace(clip, words=()))
    made = publish_audio(work, tmp_path / "out", narrator, settings)
    assert made.synthesized == 0 and made.untimed == len(keys)
    assert "made before the voice's word times were kept" in describe_audio(made)
    record = WorkFolder.of(tmp_path / "out", work.meta.slug).load_narration()
    assert record is not None and all(not u.said_words and u.sentences for u in record.utterances)


def test_the_listener_cross_checks_the_voices_word_times_less_its_own_lean() -> None:
    """`check --listen` sets the voice's word starts against the listener's: Whisper's run early by a constant,
    which is said apart from the scatter."""
    starts = [(1000 * n + 90 + (n % 3) * 10, 1000 * n) for n in range(20)]
    apart = times_apart(starts)
    assert apart is not None and apart.words == 20 and apart.lean_ms == 100
    assert apart.median_ms == 10 and apart.p95_ms == 10
    assert times_apart([]) is None
