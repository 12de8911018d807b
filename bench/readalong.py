"""How the read-along follows the narration: the length of each `par` (what stays lit), paragraph by paragraph
against sentence by sentence; and how exactly each sentence's time meets where a listener hears it begin.

    .venv/bin/pip install -e '.[listen]'
    .venv/bin/python bench/readalong.py --quick          # law_and_authority, about 50 min of speech (~6 min)
    .venv/bin/python bench/readalong.py [--work NAME ...] [--voice heart]

For each work of the shared corpus named, `publish book` narrates it twice over the same clips (the cache makes
the second nearly free): `--readalong paragraph` (what the book did before) and `sentence` (the default now).
Printed: the pars of each book, their median, 95th percentile and longest length, how many last over 30 seconds
and whether each of those is a single sentence. Then every chapter MP3 (the mastered file a listener plays) is
heard whole by Whisper base with word timestamps; what it heard is aligned word by word with the sentences
`narration.json` times, and for each sentence whose first word is heard as written, the time Whisper gives that
word is set against the sentence's start. Printed: how many sentences were compared, the share within 0.25 s,
the median and 95th percentile of the difference, and its mean (Whisper's own lean, early or late).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from lxml import etree

from pressroom.audio.cache import ClipCache, default_cache_dir
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.hear.listener import RATE, Listener, aligner, decode_for_listening, normaliser
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
QUICK = ["law_and_authority"]
SMIL = "{http://www.w3.org/ns/SMIL}"
LONG_S = 30.0
WITHIN_S = 0.25


@dataclass(frozen=True)
class ParLength:
    fragment: str
    seconds: float


def pars(book: Path) -> list[ParLength]:
    found = []
    with zipfile.ZipFile(book) as archive:
        for name in sorted(n for n in archive.namelist() if n.endswith(".smil")):
            for par in etree.fromstring(archive.read(name)).iter(f"{SMIL}par"):
                text, audio = par.find(f"{SMIL}text"), par.find(f"{SMIL}audio")
                assert text is not None and audio is not None
                length = _clock(audio.get("clipEnd", "")) - _clock(audio.get("clipBegin", ""))
                found.append(ParLength(text.get("src", "").split("#")[1], length))
    return found


def _clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def describe(label: str, lengths: Sequence[ParLength], sentences: set[float]) -> str:
    seconds = sorted(par.seconds for par in lengths)
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    long = [par for par in lengths if par.seconds > LONG_S]
    singles = sum(round(par.seconds, 3) in sentences for par in long)
    median = statistics.median(seconds)
    return (f"  {label:<10} {len(seconds):>5} pars  median {median:5.1f} s  95th {p95:5.1f} s  longest "
            f"{seconds[-1]:5.1f} s  over {LONG_S:.0f} s: {len(long)} ({singles} a single sentence)")  # fmt: skip


def sentence_lengths(folder: Path) -> list[float]:
    """How long each sentence of the text lasts, as `narration.json` times it (announcements left out)."""
    narration = json.loads((folder / "narration.json").read_text(encoding="utf-8"))
    return [
        (sentence["end_ms"] - sentence["start_ms"]) / 1000
        for record in narration["files"]
        for spoken in record["utterances"]
        if spoken.get("block_id")
        for sentence in spoken.get("sentences", [])
    ]


@dataclass(frozen=True)
class Offset:
    sentence: str
    seconds: float
    """Where Whisper hears its first word, less where the sentence starts."""


FRAME_MS = 5
VOICE_DB = -45.0
"""Louder than the room tone under the pauses (about -60 dBFS), quieter than any voiced sound."""


def voice_onset(audio: npt.NDArray[np.float32], start_ms: int) -> int | None:
    """Where the voice begins near a sentence's start, by level alone: the first 5 ms frame louder than
    VOICE_DB from 300 ms before the start (inside the pause before it) to 500 ms after."""
    frame = RATE * FRAME_MS // 1000
    first = max(0, (start_ms - 300) * RATE // 1000)
    window = audio[first : (start_ms + 500) * RATE // 1000]
    frames = window[: len(window) // frame * frame].reshape(-1, frame)
    if not len(frames):
        return None
    levels = 20 * np.log10(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) + 1e-9)
    loud = np.flatnonzero(levels > VOICE_DB)
    return None if not len(loud) else first * 1000 // RATE + int(loud[0]) * FRAME_MS


def offsets(folder: Path, listener: Listener, onsets: list[Offset]) -> list[Offset]:
    """Sentence starts against Whisper's time for each one's first word; `onsets` gets them against where the
    voice begins by level."""
    normalise, align = normaliser(), aligner()
    narration = json.loads((folder / "narration.json").read_text(encoding="utf-8"))
    found = []
    for record in narration["files"]:
        meant: list[str] = []
        firsts: dict[int, tuple[str, int]] = {}
        for spoken in record["utterances"]:
            for sentence in spoken.get("sentences", []):
                words = normalise(sentence["text"]).split()
                if words:
                    firsts[len(meant)] = (sentence["text"], sentence["start_ms"])
                meant += words
        audio = decode_for_listening(folder / record["name"])
        for text, start_ms in firsts.values():
            onset = voice_onset(audio, start_ms)
            if onset is not None:
                onsets.append(Offset(text, (onset - start_ms) / 1000))
        heard_words = listener.hear_words(audio)
        heard: list[str] = []
        starts: list[int] = []
        for word in heard_words:
            for token in normalise(word.text).split():
                heard.append(token)
                starts.append(word.start_ms)
        for kind, ref_start, ref_end, hyp_start, _ in align(meant, heard):
            if kind != "equal":
                continue
            for index in range(ref_start, ref_end):
                if index in firsts:
                    text, start_ms = firsts[index]
                    found.append(Offset(text, (starts[hyp_start + index - ref_start] - start_ms) / 1000))
        print(f"    {record['name']}: {len(firsts)} sentences, {len(heard_words)} words heard", flush=True)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", action="append", help="a work folder's name in the shared corpus")
    parser.add_argument("--quick", action="store_true", help=f"the quick size: {', '.join(QUICK)}")
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--threads", type=int, default=2, help="the listener's threads")
    args = parser.parse_args(argv)
    names = args.work or QUICK
    narrator = Narrator(find_voice(args.voice, None), ClipCache(default_cache_dir()))
    settings = NarrationSettings(lexicon=load_lexicon(None, narrator.voice.engine))
    listener = Listener(threads=args.threads)
    every: list[Offset] = []
    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as scratch:
        for name in names:
            source = next(CORPUS.glob(f"*/{name}"))
            (work,) = load_works(source).works
            started = time.perf_counter()
            made = {
                unit: publish_book(work, Path(scratch) / unit.value, narrator, BookSettings(settings, readalong=unit))
                for unit in (ReadAlong.PARAGRAPH, ReadAlong.SENTENCE)
            }
            folder = made[ReadAlong.SENTENCE].audio.folder
            print(f"{name}: {made[ReadAlong.SENTENCE].audio.duration_s / 60:.1f} min of speech, made in "
                  f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
            lengths = sentence_lengths(folder)
            for unit, book in made.items():
                print(describe(unit.value, pars(book.narrated_epub), {round(s, 3) for s in lengths}), flush=True)
            print(f"  the text's own sentences: {len(lengths)}, median {statistics.median(lengths):.1f} s", flush=True)
            started = time.perf_counter()
            onsets: list[Offset] = []
            found = offsets(folder, listener, onsets)
            print(f"  heard in {time.perf_counter() - started:.0f} s", flush=True)
            every += found
            print(accuracy(found, "the first word Whisper hears"), flush=True)
            print(accuracy(onsets, "where the voice begins, by level"), flush=True)
            worst = sorted(found, key=lambda offset: -abs(offset.seconds))[:5]
            print(
                "  furthest from Whisper's times:", "; ".join(f"{o.seconds:+.2f} s {o.sentence[:40]!r}" for o in worst)
            )
    if len(names) > 1:
        print("all:", accuracy(every, "the first word Whisper hears"))
    return 0


def accuracy(found: Sequence[Offset], against: str) -> str:
    if not found:
        return "  no sentence's first word was heard as written"
    absolute = sorted(abs(offset.seconds) for offset in found)
    within = sum(value <= WITHIN_S for value in absolute) / len(absolute)
    p95 = absolute[min(len(absolute) - 1, round(0.95 * (len(absolute) - 1)))]
    lean = statistics.mean(offset.seconds for offset in found)
    median = statistics.median(absolute)
    return (f"  sentence starts against {against}: {len(found)} compared, {within:.1%} within "
            f"{WITHIN_S} s, median {median:.3f} s, 95th {p95:.3f} s, mean lean {lean:+.3f} s")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
