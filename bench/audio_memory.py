"""Peak memory of `publish audio` while it narrates one long chapter: it must not grow with the chapter's length.

    .venv/bin/python bench/audio_memory.py [--hours 0.25 0.5 1 2] [--paragraph-minutes 0.33]

Each run narrates one chapter of distinct paragraphs (so the clip cache cannot shortcut it) in a fresh
process, with the registered stand-in voice `tone` (tones in the rhythm of speech, milliseconds a sentence) so
that hours of audio take minutes: the synthesis is not what is measured, the assembly is. `--workers N` runs
synthesis in N worker processes, as `publish audio` does by default. Printed: the peak
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

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.model import Block, BlockKind, Chapter, SourceRef, Work, WorkMeta
from pressroom.run.executors import Placement, make_executor
from pressroom.tts.voices import find_voice

SENTENCE_SECONDS = 80 / 15
SENTENCE = "This is sentence {n} of paragraph {p}, which is here to be read aloud at length."


def narrate(hours: float, paragraph_minutes: float, workers: int, folder: Path) -> dict[str, float]:
    sentences = max(1, round(paragraph_minutes * 60 / SENTENCE_SECONDS))
    paragraphs = max(1, int(hours * 3600 / (sentences * SENTENCE_SECONDS)))
    blocks = tuple(
        Block(BlockKind.PARAGRAPH, " ".join(SENTENCE.format(n=n, p=p) for n in range(sentences)), SourceRef("bench", p))
        for p in range(paragraphs)
    )
    work = Work(WorkMeta("A Long Chapter", "Bench", "bench_long", "bench_long"), (Chapter("One", 1, blocks),))
    narrator = Narrator(find_voice("tone", None), ClipCache(folder / "cache"))
    executor = make_executor(Placement(workers=workers), lambda: narrator.engine)
    started = time.perf_counter()
    try:
        made = publish_audio(work, folder / "out", narrator, NarrationSettings(check=False), executor=executor)
    finally:
        executor.close()
    elapsed = time.perf_counter() - started
    return {
        "audio_hours": made.timelines[0].total / narrator.info.sample_rate / 3600,
        "seconds": elapsed,
        "main_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0])
    parser.add_argument(
        "--paragraph-minutes", type=float, default=1 / 3, help="how long each paragraph is read (one clip each)"
    )
    parser.add_argument("--workers", type=int, default=1, help="synthesis processes (1: in the main process)")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        with tempfile.TemporaryDirectory() as scratch:
            print(json.dumps(narrate(args.one, args.paragraph_minutes, args.workers, Path(scratch))))
        return 0
    print(f"paragraphs of {args.paragraph_minutes:.2f} min, {args.workers} worker(s)")
    print(f"{'chapter':>10} {'made in':>9} {'main peak':>10}")
    for hours in args.hours:
        command = [sys.executable, __file__, "--one", str(hours), "--paragraph-minutes", str(args.paragraph_minutes),
                   "--workers", str(args.workers)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout)
        print(f"{figures['audio_hours']:8.2f} h {figures['seconds']:8.1f} s {figures['main_peak_mb']:7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
