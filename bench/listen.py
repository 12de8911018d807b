"""How well a voice is heard: a fixed sample of the shared corpus narrated and heard back by the listener.

    .venv/bin/pip install -e '.[listen]'
    .venv/bin/python bench/listen.py --quick          # the fixed sample, 3 to 4 minutes on two cores
    .venv/bin/python bench/listen.py [--voice heart] [--voice joe] [--fraction 0.03] [--work SLUG ...]
    .venv/bin/python bench/listen.py --write-quick-sample   # choose the fixed sample again (rarely)

`--quick` hears the paragraphs in `bench/listen_quick.txt` (a work's slug, a tab, a paragraph, a line each): the
same every run, chosen from the shared corpus for their names and numbers (`--write-quick-sample`).

The full sample: the first paragraph of at least eight words of every chapter and section of every work, then more
paragraphs, the same ones on every run (ranked by a hash of their text), until `--fraction` of each work's words
are in it. Each paragraph's speech text is synthesized by the voice (as `publish audio` would, in this process)
and heard by Whisper base (`publish check --listen`'s recogniser), once without the lexicon and once with it.
Printed, per voice and lexicon: words, heard word error rate with and without names, paragraphs failed,
names heard right three ways (by sound against the phonemes each is meant to have, as spelt, and as
spelt allowing a recogniser's common spellings of a sound: Kiev for Kieff), errors by kind (name, foreign
word, number or date, other), synthesis and listening seconds per audio hour; then the 20 worst paragraphs
with the lexicon, and the 20 names most often heard wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile

from pressroom.ffmpeg import decode_to_pcm
from pressroom.hear.listener import RATE, Listener, aligner, normaliser
from pressroom.hear.scoring import (
    MAX_MISSING_RUN,
    Aligner,
    Heard,
    Normaliser,
    comparable,
    given_phonemes,
    names_in,
    score,
    tally,
)
from pressroom.model import PROSE_KINDS, Block, BlockKind, Chapter, SourceRef, Work
from pressroom.run.making import learnt_name
from pressroom.sources.load import load_works
from pressroom.text.speech import speech_text, split_sentences
from pressroom.text.vocabulary import name_words
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.engine import Engine, Reads
from pressroom.tts.hibari_engine import dictionary, spelling_reader
from pressroom.tts.languages import FOREIGN_PHRASES, meant_reading
from pressroom.tts.registry import open_engine, takes_phonemes
from pressroom.tts.voices import find_voice, load_lexicon

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
QUICK = Path(__file__).with_name("listen_quick.txt")
QUICK_WORDS = 2400
"""About 15 minutes of speech: heard twice (without and with the lexicon) in 3 min 35 s here."""
MIN_WORDS = 8
BENCH_LISTENER = Listener(threads=2)
"""Heard in this process on both cores, as the bench has always heard."""


@dataclass(frozen=True)
class Sampled:
    work: str
    block: Block


def sample(works: tuple[Work, ...], fraction: float) -> list[Sampled]:
    chosen: list[Sampled] = []
    for work in works:
        prose = [b for b in work.all_blocks() if b.kind in PROSE_KINDS and len(b.text.split()) >= MIN_WORDS]
        picked = {id(first) for chapter in work.walk() if (first := _first_paragraph(chapter)) is not None}
        total = sum(len(b.text.split()) for b in prose)
        words = sum(len(b.text.split()) for b in prose if id(b) in picked)
        for block in sorted(prose, key=lambda b: hashlib.sha256(b.text.encode()).hexdigest()):
            if words >= fraction * total:
                break
            if id(block) not in picked:
                picked.add(id(block))
                words += len(block.text.split())
        chosen += [Sampled(work.meta.slug, b) for b in prose if id(b) in picked]
    return chosen


def _first_paragraph(chapter: Chapter) -> Block | None:
    return next((b for b in chapter.blocks if b.kind in PROSE_KINDS and len(b.text.split()) >= MIN_WORDS), None)


def quick_sample(works: tuple[Work, ...]) -> list[Sampled]:
    """Paragraphs (and quotations) of 25 to 120 words dense in names and numbers, a few from each work in turn,
    to QUICK_WORDS."""

    def density(block: Block) -> float:
        words = block.text.split()
        return (len(name_words(block.text)) + sum(any(c.isdigit() for c in w) for w in words)) / len(words)

    ranked = []
    for work in works:
        prose = [
            b
            for b in work.all_blocks()
            if b.kind in (BlockKind.PARAGRAPH, BlockKind.BLOCK_QUOTE) and 25 <= len(b.text.split()) <= 120
        ]
        prose.sort(key=lambda b: (-density(b), hashlib.sha256(b.text.encode()).hexdigest()))
        ranked.append([Sampled(work.meta.slug, b) for b in prose[:6]])
    chosen: list[Sampled] = []
    words = 0
    for turn in range(6):
        for picks in ranked:
            if turn < len(picks) and words < QUICK_WORDS:
                chosen.append(picks[turn])
                words += len(picks[turn].block.text.split())
    return chosen


def read_quick() -> list[Sampled]:
    source = SourceRef(str(QUICK), 0)
    lines = QUICK.read_text(encoding="utf-8").splitlines()
    return [
        Sampled(work, Block(BlockKind.PARAGRAPH, text, source))
        for work, text in (line.split("\t", 1) for line in lines)
    ]


KINDS = ("name", "foreign word", "number or date", "other")


def error_kinds(heard: Heard, normalise: Normaliser, align: Aligner, known: Callable[[str], bool]) -> Counter[str]:
    """Each meant word not heard as meant, by kind: a name (capitalised inside a sentence), a number or a date
    (digits once normalised), a word the English dictionary lacks, or another word."""
    names = names_in(heard.meant, normalise)
    reference = normalise(comparable(heard.meant)).split()
    hypothesis = normalise(comparable(heard.heard)).split()
    kinds: Counter[str] = Counter()
    for kind, start, end, _, _ in align(reference, hypothesis) if reference else []:
        if kind not in ("substitute", "delete"):
            continue
        for word in reference[start:end]:
            if word in names:
                kinds["name"] += 1
            elif any(c.isdigit() for c in word):
                kinds["number or date"] += 1
            elif not known(word):
                kinds["foreign word"] += 1
            else:
                kinds["other"] += 1
    return kinds


LISTENERS = (
    ("beam 5, timestamps (today)", BENCH_LISTENER, "one by one"),
    ("beam 5, words, packed", BENCH_LISTENER, "packed"),
    ("greedy, words, packed", replace(BENCH_LISTENER, beam=1), "packed"),
    ("greedy, no timestamps", replace(BENCH_LISTENER, beam=1, timestamps=False), "one by one"),
    ("beam 5, no timestamps, cut", replace(BENCH_LISTENER, timestamps=False), "cut"),
    ("beam 5, batched 8, cut", BENCH_LISTENER, "batched"),
    ("greedy, batched 8, cut", replace(BENCH_LISTENER, beam=1), "batched"),
)
"""How each hears: one utterance at a time; packed into shared windows; cut into pieces of at most CUT_S (Whisper
without timestamps hears 30 seconds and drops the rest); those pieces decoded 8 at once (faster-whisper's
BatchedInferencePipeline, which decodes without timestamps)."""
PACK_S = 28.0
"""Whisper hears 30-second windows whatever it is given: utterances heard one by one pay for a whole window
each. Packed, consecutive utterances share windows (up to this long), and the words heard are given back to
each by their times."""
GAP_S = 0.5


def hear_packed(listener: Listener, audio: list[npt.NDArray[np.float32]]) -> list[str]:
    """Consecutive utterances joined (a half-second pause between) into stretches of up to PACK_S, each heard
    with word timestamps; each word goes to the utterance its middle falls in."""
    heard: list[list[str]] = [[] for _ in audio]
    gap = np.zeros(int(GAP_S * RATE), np.float32)
    index = 0
    while index < len(audio):
        members: list[int] = []
        pieces: list[npt.NDArray[np.float32]] = []
        bounds: list[tuple[int, int]] = []
        length = 0
        while index < len(audio) and (not members or length + len(audio[index]) <= PACK_S * RATE):
            if members:
                pieces.append(gap)
                length += len(gap)
            bounds.append((length, length + len(audio[index])))
            pieces.append(audio[index])
            length += len(audio[index])
            members.append(index)
            index += 1
        for word in listener.hear_words(np.concatenate(pieces)):
            middle = (word.start_ms + word.end_ms) / 2 * RATE / 1000
            nearest = min(range(len(members)), key=lambda n: 0 if bounds[n][0] <= middle < bounds[n][1] else
                          min(abs(middle - bounds[n][0]), abs(middle - bounds[n][1])))  # fmt: skip
            heard[members[nearest]].append(word.text)
    return [" ".join(words) for words in heard]


CUT_S = 28.0


def cut_points(samples: npt.NDArray[np.float32]) -> list[tuple[int, int]]:
    """An utterance in pieces of at most CUT_S, each cut at the quietest 50 ms of its last 8 seconds (a pause
    between sentences or clauses)."""
    frame, pieces, start = RATE // 20, [], 0
    while len(samples) - start > CUT_S * RATE:
        low = start + int((CUT_S - 8) * RATE)
        energies = [float(np.sum(samples[i : i + frame] ** 2)) for i in range(low, low + 8 * RATE - frame, frame)]
        cut = low + int(np.argmin(energies)) * frame + frame // 2
        pieces.append((start, cut))
        start = cut
    return [*pieces, (start, len(samples))]


def hear_cut(listener: Listener, audio: list[npt.NDArray[np.float32]], batch: int = 0) -> list[str]:
    """Each utterance cut into pieces (`cut_points`) and heard piece by piece, or `batch` pieces at a time."""
    owners = [(n, a, b) for n, samples in enumerate(audio) for a, b in cut_points(samples)]
    heard: list[list[str]] = [[] for _ in audio]
    if not batch:
        for n, a, b in owners:
            heard[n].append(listener.hear_floats(audio[n][a:b]))
        return [" ".join(words) for words in heard]
    from faster_whisper import BatchedInferencePipeline

    from pressroom.hear.listener import _model  # the listener's own model, loaded once

    joined = np.concatenate(audio)
    offsets = np.cumsum([0, *(len(samples) for samples in audio)])
    clips = [{"start": (offsets[n] + a) / RATE, "end": (offsets[n] + b) / RATE} for n, a, b in owners]
    pipeline = BatchedInferencePipeline(_model(listener.threads))
    segments, _ = pipeline.transcribe(joined, language="en", vad_filter=False, clip_timestamps=clips,
                                      batch_size=batch, beam_size=listener.beam)  # fmt: skip
    for segment in segments:  # without timestamps, a segment is one clip, its bounds the clip's
        middle = (segment.start + segment.end) / 2
        (owner,) = [n for (n, _, _), clip in zip(owners, clips, strict=True) if clip["start"] <= middle < clip["end"]]
        heard[owner].append(segment.text.strip())
    return [" ".join(words) for words in heard]


def compare_listeners(
    chosen: list[Sampled], normalise: Normaliser, align: Aligner, reader: Callable[[str], str]
) -> None:
    """The sample said once by the default voice with its lexicon, then heard by each listener in turn, the
    same audio for all (issue 31: a cheaper listener at the same accuracy)."""
    engine = open_engine(find_voice(None, None))
    lexicon = load_lexicon(None, "hibari")
    said = [speech_text(item.block.text, lexicon) for item in chosen]
    audio = []
    for text in said:
        clip = synthesize_clip(engine, text, 350)
        wav = io.BytesIO()
        soundfile.write(wav, clip.samples, clip.rate, format="WAV", subtype="PCM_16")
        audio.append((decode_to_pcm(wav.getvalue(), RATE).astype(np.float32) / 32768.0).astype(np.float32))
    hours = sum(len(samples) for samples in audio) / RATE / 3600
    print(f"{hours * 60:.1f} minutes of speech, heard by each listener:")
    for label, listener, how in LISTENERS:
        listener.hear_floats(audio[0])  # the model loaded before the clock starts
        started = time.perf_counter()
        if how == "packed":
            texts = hear_packed(listener, audio)
        elif how in ("cut", "batched"):
            texts = hear_cut(listener, audio, batch=8 if how == "batched" else 0)
        else:
            texts = [listener.hear_floats(samples) for samples in audio]
        seconds = time.perf_counter() - started
        total = tally(
            [
                score(s, t, (item.work, 0, 0), normalise, align, reader)
                for s, t, item in zip(said, texts, chosen, strict=True)
            ]
        )
        print(f"  {label:28}: {seconds / hours:5.0f} s per audio hour, {total.word_error_rate:.2%} heard wrong, "
              f"{total.without_names:.2%} without names")  # fmt: skip


def names_heard_wrong(heard: Heard, normalise: Normaliser, align: Aligner) -> list[tuple[str, str]]:
    """Each name not written as printed, with what was heard in its place."""
    names = names_in(heard.meant, normalise)
    reference, hypothesis = normalise(comparable(heard.meant)).split(), normalise(comparable(heard.heard)).split()
    return [
        (word, " ".join(hypothesis[c:d]) or "(nothing)")
        for kind, a, b, c, d in (align(reference, hypothesis) if reference else [])
        if kind in ("substitute", "delete")
        for word in reference[a:b]
        if word in names
    ]


def worst_names(heard: list[Heard], normalise: Normaliser, align: Aligner, lexicon: dict[str, str]) -> list[str]:
    """The 20 names most often not written as printed, each with how often, what was heard and how the voice
    was told to read it (the lexicon's phonemes or respelling, the rules of a foreign phrase, or its own guess)."""
    wrong: Counter[str] = Counter()
    heard_as: dict[str, Counter[str]] = {}
    for one in heard:
        for name, said in names_heard_wrong(one, normalise, align):
            wrong[name] += 1
            heard_as.setdefault(name, Counter())[said] += 1
    by_lower = {word.lower(): entry for word, entry in lexicon.items()}
    lines = []
    for name, count in wrong.most_common(20):
        told = by_lower.get(name.lower(), "the voice's own reading")
        heard_most = ", ".join(f"{said!r}" for said, _ in heard_as[name].most_common(3))
        lines.append(f"  {count:3d}x {name}: heard {heard_most}; read by {told}")
    return lines


def differences(heard: Heard, normalise: Normaliser, align: Aligner) -> list[str]:
    """Each place the words heard differ from the words meant: `meant -> heard` (normalised)."""
    reference, hypothesis = normalise(comparable(heard.meant)).split(), normalise(comparable(heard.heard)).split()
    return [
        f"{' '.join(reference[a:b]) or '(nothing)'} -> {' '.join(hypothesis[c:d]) or '(nothing)'}"
        for kind, a, b, c, d in (align(reference, hypothesis) if reference else [])
        if kind != "equal"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", action="append", help="voices to hear (default: heart)")
    parser.add_argument("--fraction", type=float, default=0.03, help="of each work's words (default 0.03)")
    parser.add_argument("--work", action="append", help="only these works (default: all)")
    parser.add_argument("--quick", action="store_true", help="hear the fixed sample in bench/listen_quick.txt")
    parser.add_argument("--write-quick-sample", action="store_true", help="choose the fixed sample again")
    parser.add_argument(
        "--learn",
        action="store_true",
        help="with the lexicon, learn readings as --verify does, and hear the sample again with them kept",
    )
    parser.add_argument(
        "--compare-listeners", action="store_true", help="hear the sample (said once) with each way of decoding"
    )
    args = parser.parse_args()
    if args.write_quick_sample:
        chosen = quick_sample(load_works(CORPUS).works)
        QUICK.write_text("".join(f"{s.work}\t{' '.join(s.block.text.split())}\n" for s in chosen), encoding="utf-8")
        print(f"wrote {QUICK}: {len(chosen)} paragraphs, {sum(len(s.block.text.split()) for s in chosen)} words")
        return
    if args.quick:
        chosen = read_quick()
        print(f"the quick sample: {len(chosen)} paragraphs, {sum(len(s.block.text.split()) for s in chosen)} words")
    else:
        works = load_works(CORPUS, args.work or []).works
        chosen = sample(works, args.fraction)
        print(f"{len(chosen)} paragraphs of {len(works)} works, {sum(len(s.block.text.split()) for s in chosen)} words")
    normalise, align = normaliser(), aligner()
    reader, known = spelling_reader(), dictionary().knows
    if args.compare_listeners:
        compare_listeners(chosen, normalise, align, reader)
        return
    # Names are judged by sound against the built-in lexicon's phonemes (each kept by ear) with and without it:
    # without it, judging the voice's own reading against itself would find every name right.
    pronounced = {
        part: phonemes
        for entry in load_lexicon(None, "hibari").values()
        for word, phonemes in given_phonemes(entry)
        for part in normalise(word).split()
    }
    worst: list[Heard] = []
    names_left: list[str] = []
    for name in args.voice or ["heart"]:
        voice = find_voice(name, None)
        engine = open_engine(voice)
        rows: list[tuple[str, dict[str, str]]] = [("no lexicon", {}), ("lexicon", load_lexicon(None, voice.engine))]
        for label, lexicon in rows:
            heard: list[Heard] = []
            learnt: dict[str, str] = {}
            first_read: set[str] = set()
            synthesis = listening = audio_s = 0.0
            for item in chosen:
                # The narration's reading: foreign phrases by their rules for a voice that takes phonemes.
                said = speech_text(item.block.text, lexicon, FOREIGN_PHRASES if takes_phonemes(voice.engine) else None)
                started = time.perf_counter()
                clip = synthesize_clip(engine, said, 350)
                synthesis += time.perf_counter() - started
                wav = io.BytesIO()
                soundfile.write(wav, clip.samples, clip.rate, format="WAV", subtype="PCM_16")
                samples = decode_to_pcm(wav.getvalue(), RATE).astype(np.float32) / 32768.0
                audio_s += len(samples) / RATE
                started = time.perf_counter()
                text = BENCH_LISTENER.hear_floats(samples.astype(np.float32))
                listening += time.perf_counter() - started
                meaning = meant_reading(said)
                heard.append(score(said, text, (item.work, 0, 0), normalise, align, reader, pronounced, meaning))
                if args.learn and label == "lexicon" and isinstance(engine, Reads):
                    learnt.update(_learnt(engine, said, text, first_read))
            total = tally(heard)
            failed = sum(1 for h in heard if h.failed)
            missing = sum(1 for h in heard if h.longest_missing >= MAX_MISSING_RUN)
            kinds = sum((error_kinds(h, normalise, align, known) for h in heard), Counter())
            hours = audio_s / 3600 or 1
            costs = f"synthesis {synthesis / hours:.0f} s and listening {listening / hours:.0f} s per audio hour"
            print(f"{name:6} {label:10}: {total.words} words, {total.word_error_rate:.2%} heard wrong, "
                  f"{total.without_names:.2%} without names; {total.name_words} names right: "
                  f"{total.names_right_by_sound:.1%} by sound (against the phonemes meant), "
                  f"{total.names_right_by_spelling:.1%} as spelt, {total.names_right_by_variant:.1%} as spelt "
                  f"allowing common spellings; {failed} paragraphs failed, {missing} with a missing run; "
                  f"{costs}")  # fmt: skip
            alike = sum(h.said_alike for h in heard)
            print("         errors by kind: " + ", ".join(f"{kind} {kinds[kind]}" for kind in KINDS)
                  + f"; {alike} of the words not heard as spelt were heard alike by sound")  # fmt: skip
            if learnt:
                print(
                    f"         learnt while hearing it (--learn): {len(learnt)} readings, "
                    + ", ".join(f"{word} {spoken.split('](')[1][:-1]}" for word, spoken in learnt.items())
                )
                rows.append(("lexicon + learnt", {**lexicon, **learnt}))
            if name == (args.voice or ["heart"])[0] and label == "lexicon":
                worst = sorted(heard, key=lambda h: h.word_error_rate, reverse=True)[:20]
                names_left = worst_names(heard, normalise, align, lexicon)
    print("the 20 names most often not written as printed (first voice, with the lexicon):")
    print("\n".join(names_left))
    print("the 20 worst paragraphs (first voice, with the lexicon), each with what was heard otherwise:")
    for h in worst:
        print(f"  {h.word_error_rate:.0%} {h.file} ({h.words} words): " + "; ".join(differences(h, normalise, align)))


def _learnt(engine: Engine, said: str, heard: str, first_read: set[str]) -> dict[str, str]:
    """The readings `--verify` learns from a paragraph heard (`run.making`'s loop): for each word the voice guessed
    that the sample reads first here."""
    assert isinstance(engine, Reads)
    guessed = [word for sentence in split_sentences(said) for word in engine.reading(sentence).guessed]
    new = [word for word in dict.fromkeys(guessed) if word not in first_read]
    first_read.update(new)
    found = {}
    for word in new:
        name = learnt_name(lambda: engine, word, said, heard, "en")
        if name.proposed:
            found[word] = name.proposed
    return found


if __name__ == "__main__":
    main()
