"""The voice's own word times against a recogniser's (issue 41): hibari's phoneme durations (read from its
graph, `tts/hibari_timing.py`), or Piper's alignments for joe, give when each printed word is said, as a clip
keeps them; Whisper's word timestamps (the listener of `publish check --listen`) hear when. For the sentences of
a corpus work (6 to 40 words, as the narration says them), the start of each word both place (matched by
spelling), the difference: median, 95th percentile, and the words apart by more than 150 ms.

    .venv/bin/python bench/word_times.py [--work law_and_authority] [--sentences 60] [--voice heart]

The quick size (60 sentences) takes about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
from pathlib import Path

from pressroom.hear.listener import Listener
from pressroom.sources.load import load_works
from pressroom.text.speech import speech_text, split_sentences, without_phonemes
from pressroom.tts.clip import synthesize_clip
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice

PAUSE_MS = 100
"""A word said this long after the one before ends: Whisper's start for it takes in the pause (its word
boundaries run end to end), so it is measured apart."""
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _bare(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="law_and_authority")
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--voice", default="heart", help="heart (hibari's durations) or joe (Piper's alignments)")
    args = parser.parse_args()

    (work,) = [w for w in load_works(args.corpus).works if w.meta.slug == args.work or w.meta.source_id == args.work]
    engine = open_engine(find_voice(args.voice, None))
    listener = Listener(threads=2)
    sentences = [
        sentence
        for block in work.all_blocks()
        for sentence in split_sentences(speech_text(block.text, None))
        if 6 <= len(sentence.split()) <= 40
    ][: args.sentences]
    differences: list[tuple[float, str, int, int]] = []
    ends: list[float] = []
    untimed = printed_total = 0
    after_pause: list[float] = []
    running: list[float] = []
    """How far apart the starts are for words after a pause, and for words run on from the one before."""
    for sentence in sentences:
        clip = synthesize_clip(engine, sentence, 0)
        printed = [w.strip('.,;:!?"“”‘’()—-') for w in without_phonemes(sentence).split()]
        printed_total += len(printed)
        untimed += len(printed) - len(clip.words)
        if not clip.words:
            continue
        heard = listener.hear_words_pcm(clip.samples, clip.rate)
        timed = {index: (start, end) for index, start, end in clip.words}
        ends_before = {index: end for index, (_, end) in zip(list(timed)[1:], list(timed.values())[:-1], strict=True)}
        matcher = difflib.SequenceMatcher(
            None, [_bare(w) for w in printed], [_bare(h.text) for h in heard], autojunk=False
        )
        for run in matcher.get_matching_blocks():
            for k in range(run.size):
                if run.a + k not in timed or not _bare(printed[run.a + k]):
                    continue
                start, end = timed[run.a + k]
                got = heard[run.b + k]
                ours = start * 1000 / clip.rate
                differences.append((ours - got.start_ms, printed[run.a + k], round(ours), got.start_ms))
                gap = (start - ends_before.get(run.a + k, 0)) * 1000 / clip.rate
                (after_pause if gap >= PAUSE_MS else running).append(abs(ours - got.start_ms))
                ends.append(end * 1000 / clip.rate - got.end_ms)
    if not differences:
        print("no word matched")
        return 1
    apart = sorted(abs(d[0]) for d in differences)
    p95 = apart[int(0.95 * (len(apart) - 1))]
    signed = statistics.median(d[0] for d in differences)
    print(f"{work.meta.title}, voice {args.voice}: {len(sentences)} sentences, {printed_total} printed words "
          f"({untimed} not timed by the voice), {len(differences)} words placed by both")  # fmt: skip
    print(f"  start apart: median {statistics.median(apart):.0f} ms, 95th percentile {p95:.0f} ms "
          f"(ours minus the recogniser's, median {signed:+.0f} ms)")  # fmt: skip
    centred = sorted(abs(d[0] - signed) for d in differences)
    print(f"  less the recogniser's lean ({signed:+.0f} ms): median {statistics.median(centred):.0f} ms, "
          f"95th percentile {centred[int(0.95 * (len(centred) - 1))]:.0f} ms")  # fmt: skip
    for name, group in (
        ("run on from the word before", running),
        (f"after a pause of {PAUSE_MS} ms or more", after_pause),
    ):
        if group:
            ranked = sorted(group)
            print(f"  words {name}: {len(group)}, start apart median {statistics.median(ranked):.0f} ms, "
                  f"95th percentile {ranked[int(0.95 * (len(ranked) - 1))]:.0f} ms")  # fmt: skip
    apart_ends = sorted(abs(e) for e in ends)
    print(
        f"  end apart: median {statistics.median(apart_ends):.0f} ms, 95th percentile "
        f"{apart_ends[int(0.95 * (len(apart_ends) - 1))]:.0f} ms (signed median {statistics.median(ends):+.0f} ms)"
    )
    far = [d for d in differences if abs(d[0]) > 150]
    print(f"  {len(far)} words apart by more than 150 ms:")
    for difference, word, ours, theirs in sorted(far, key=lambda d: -abs(d[0]))[:20]:
        print(f"    {word:16} ours {ours:6} ms, heard {theirs:6} ms ({difference:+.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
