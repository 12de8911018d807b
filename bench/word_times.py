"""The voice's own word times against a recogniser's (issue 41): hibari's phoneme durations (read from its
graph, `tts/hibari_timing.py`) give when each word is said; Whisper's word timestamps (the listener of
`publish check --listen`) hear when. For the sentences of a corpus work, the start of each word both place
(matched by spelling), the difference: median, 95th percentile, and the words apart by more than 150 ms.

    .venv/bin/python bench/word_times.py [--work law_and_authority] [--sentences 60]

The quick size (60 sentences) takes about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
from pathlib import Path

import numpy as np

from pressroom.hear.listener import Listener
from pressroom.sources.load import load_works
from pressroom.tts.hibari_timing import timed_session, timed_speech

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _bare(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="law_and_authority")
    parser.add_argument("--sentences", type=int, default=60)
    args = parser.parse_args()
    from hibari import Hibari
    from hibari.voices import voice_path

    (work,) = [w for w in load_works(args.corpus).works if w.meta.slug == args.work or w.meta.source_id == args.work]
    tts = Hibari("heart")
    session = timed_session(voice_path("heart"))
    listener = Listener(threads=2)
    sentences = []
    for block in work.all_blocks():
        for sentence in tts.split_sentences(block.text):
            words = sentence.split()
            # Sentences said word for word as printed (no figures, no abbreviations): a printed word is a said one.
            if 6 <= len(words) <= 40 and all(_WORD.fullmatch(w.strip('.,;:!?"“”‘’()—-')) for w in words):
                sentences.append(sentence)
        if len(sentences) >= args.sentences:
            break
    differences: list[tuple[float, str, int, int]] = []
    ends: list[float] = []
    unmatched = 0
    for sentence in sentences[: args.sentences]:
        speech = timed_speech(tts, session, sentence, 1.0, 0)
        printed = [w.strip('.,;:!?"“”‘’()—-') for w in sentence.split()]
        if len(printed) != len(speech.words):
            unmatched += 1
            continue
        pcm = (np.clip(speech.samples, -1, 1) * 32767).astype(np.int16)
        heard = listener.hear_words_pcm(pcm, tts.sample_rate)
        matcher = difflib.SequenceMatcher(
            None, [_bare(w) for w in printed], [_bare(h.text) for h in heard], autojunk=False
        )
        for run in matcher.get_matching_blocks():
            for k in range(run.size):
                said, got = speech.words[run.a + k], heard[run.b + k]
                ours = said.start * 1000 / tts.sample_rate
                differences.append((ours - got.start_ms, printed[run.a + k], round(ours), got.start_ms))
                ends.append(said.end * 1000 / tts.sample_rate - got.end_ms)
    if not differences:
        print("no word matched")
        return 1
    apart = sorted(abs(d[0]) for d in differences)
    p95 = apart[int(0.95 * (len(apart) - 1))]
    signed = statistics.median(d[0] for d in differences)
    print(f"{work.meta.title}: {len(sentences[: args.sentences])} sentences ({unmatched} not word for word), "
          f"{len(differences)} words placed by both")  # fmt: skip
    print(f"  start apart: median {statistics.median(apart):.0f} ms, 95th percentile {p95:.0f} ms "
          f"(ours minus the recogniser's, median {signed:+.0f} ms)")  # fmt: skip
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
