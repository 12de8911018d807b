"""Peak memory of `publish audio` while it narrates one long chapter: it must not grow with the chapter's length.

    .venv/bin/python bench/audio_memory.py [--hours 0.25 0.5 1 2] [--paragraph-minutes 0.33]

Each run narrates one chapter of distinct paragraphs (so the clip cache cannot shortcut it) in a fresh
process, with a fast stand-in engine (a deterministic tone per sentence, at 24 kHz like hibari) so that
hours of audio take minutes: the synthesis is not what is measured, the assembly is. Printed: the peak
resident memory of the main process for each chapter length (ffmpeg streams, and is a separate process whose
peak the kernel reports only as the parent's size at fork, so it is not shown).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import Narrator, publish_audio
from pressroom.model import Block, BlockKind, Chapter, SourceRef, Work, WorkMeta
from pressroom.tts.engine import Samples, Voice

SENTENCE_SECONDS = 80 / 15
SENTENCE = "This is sentence {n} of paragraph {p}, which is here to be read aloud at length."


class ToneEngine:
    """A stand-in voice: each sentence becomes a tone whose length follows the sentence's."""

    name = "tone"
    version = "tone 1"
    sample_rate = 24000

    def synthesize(self, text: str) -> Samples:
        seconds = len(text) / 15
        t = np.arange(int(seconds * self.sample_rate)) / self.sample_rate
        return (np.sin(2 * np.pi * (220 + len(text) % 200) * t) * 8000).astype(np.int16)


def narrate(hours: float, paragraph_minutes: float, folder: Path) -> dict[str, float]:
    sentences = max(1, round(paragraph_minutes * 60 / SENTENCE_SECONDS))
    paragraphs = max(1, int(hours * 3600 / (sentences * SENTENCE_SECONDS)))
    blocks = tuple(
        Block(BlockKind.PARAGRAPH, " ".join(SENTENCE.format(n=n, p=p) for n in range(sentences)), SourceRef("bench", p))
        for p in range(paragraphs)
    )
    work = Work(WorkMeta("A Long Chapter", "Bench", "bench_long", "bench_long"), (Chapter("One", 1, blocks),))
    voice = Voice("tone", "hibari")
    started = time.perf_counter()
    made = publish_audio(work, folder / "out", Narrator(voice, ClipCache(folder / "cache"), ToneEngine()))
    elapsed = time.perf_counter() - started
    return {
        "audio_hours": made.timelines[0].total / ToneEngine.sample_rate / 3600,
        "seconds": elapsed,
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0])
    parser.add_argument(
        "--paragraph-minutes", type=float, default=1 / 3, help="how long each paragraph is read (one clip each)"
    )
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        with tempfile.TemporaryDirectory() as scratch:
            print(json.dumps(narrate(args.one, args.paragraph_minutes, Path(scratch))))
        return 0
    print(f"paragraphs of {args.paragraph_minutes:.2f} min")
    print(f"{'chapter':>10} {'made in':>9} {'main peak':>10}")
    for hours in args.hours:
        command = [sys.executable, __file__, "--one", str(hours), "--paragraph-minutes", str(args.paragraph_minutes)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout)
        print(f"{figures['audio_hours']:8.2f} h {figures['seconds']:8.1f} s {figures['main_peak_mb']:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
