"""Throughput of `publish audio` on one worker, one per core and a local Dask cluster, beside the bare engine;
the time to narrate the whole corpus projected from it; and peak memory of the main process and the workers.

    .venv/bin/python bench/scale.py [--work the_conquest_of_bread] [--chapters 2] [--voice heart]

Every configuration narrates the same paragraphs from an empty cache, one after the other in one run (this
machine is shared and noisy: compare the ratios). Figures are audio seconds made per wall second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import psutil

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import Narrator, publish_audio
from pressroom.audio.plan import Utterance, plan_narration
from pressroom.audio.synthesis import synthesize_clip
from pressroom.model import Work
from pressroom.pipeline import load_works
from pressroom.run.executors import DaskExecutor, Executor, InProcess, LocalPool
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice, load_lexicon

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class PeakMemory:
    """Samples the resident memory of this process and of its children (the workers, ffmpeg) every 50 ms."""

    def __init__(self) -> None:
        self.main = 0
        self.children: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.main = max(self.main, me.memory_info().rss)
            for child in me.children(recursive=True):
                try:
                    name = " ".join(child.cmdline()[:3])[-60:]
                    kind = "ffmpeg" if "ffmpeg" in name else "worker"
                    self.children[kind] = max(self.children.get(kind, 0), child.memory_info().rss)
                except psutil.Error:
                    continue
            time.sleep(0.05)


def run(work: Work, voice_name: str, make: Callable[[Narrator], Executor]) -> tuple[float, float, PeakMemory]:
    with tempfile.TemporaryDirectory() as scratch:
        narrator = Narrator(find_voice(voice_name, None), ClipCache(Path(scratch) / "cache"))
        executor = make(narrator)
        try:
            with PeakMemory() as memory:
                started = time.perf_counter()
                made = publish_audio(work, Path(scratch) / "out", narrator, load_lexicon(None), executor=executor)
                elapsed = time.perf_counter() - started
        finally:
            executor.close()
        seconds = sum(t.total / t.rate for t in made.timelines)
    return seconds, elapsed, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="the_conquest_of_bread")
    parser.add_argument("--chapters", type=int, default=2)
    parser.add_argument("--voice", default="heart")
    parser.add_argument(
        "--largest", action="store_true", help="only measure memory, narrating the corpus's largest chapter"
    )
    args = parser.parse_args()
    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", tempfile.mkdtemp(prefix="dask-"))
    cores = os.cpu_count() or 1
    if args.largest:
        return largest_chapter_memory(args.corpus, args.voice, cores)
    (work,) = load_works(args.corpus, [args.work]).works
    sample = replace(work, chapters=work.chapters[: args.chapters])

    engine = open_engine(find_voice(args.voice, None))
    plan = plan_narration(sample, load_lexicon(None))
    texts = list(dict.fromkeys(s.text for t in plan.tracks for s in t.segments if isinstance(s, Utterance)))
    engine.synthesize("Warm up.")
    started = time.perf_counter()
    bare_samples = sum(synthesize_clip(engine, text, plan.pauses.sentence).length for text in texts)
    bare = time.perf_counter() - started
    bare_audio = bare_samples / engine.sample_rate
    print(f"{sample.meta.title}, first {args.chapters} chapters, voice {args.voice}, {cores} cores")
    print(f"bare engine, one process:  {bare_audio / bare:7.1f} audio s per wall s (speech only, no pauses)")

    configurations: list[tuple[str, Callable[[Narrator], Executor]]] = [
        ("publish audio, 1 worker", lambda n: InProcess(n.engine)),
        (f"publish audio, {cores} workers", lambda n: LocalPool(cores)),
        (f"publish audio, Dask x{cores}", lambda n: DaskExecutor(None, cores)),
    ]
    rates: dict[str, float] = {}
    sample_audio = 0.0
    for name, make in configurations:
        audio, elapsed, memory = run(sample, args.voice, make)
        sample_audio = audio
        rates[name] = audio / elapsed
        children = ", ".join(f"{kind} {rss / 2**20:.0f} MB" for kind, rss in sorted(memory.children.items()))
        print(f"{name + ':':26} {rates[name]:7.1f} audio s per wall s ({audio / 60:.1f} min in {elapsed:.1f} s); "
              f"peak memory: main {memory.main / 2**20:.0f} MB, {children}")  # fmt: skip
    one, many, dask = (rates[name] for name, _ in configurations)
    print(f"{cores} workers / 1 worker: {many / one:.2f} (goal at least 1.7 on 2 cores)")
    print(f"Dask / local pool:       {dask / many:.2f} (goal at least 0.85)")

    corpus_words = sum(w.words for w in load_works(args.corpus).works)
    hours_of_audio = corpus_words / sample.words * sample_audio / 3600
    print(f"corpus: {corpus_words:,} words, about {hours_of_audio:.0f} hours of narration with this voice")
    for name, rate in rates.items():
        print(f"  {name}: {hours_of_audio / rate:5.1f} hours of wall time")
    print(f"  cores to narrate the corpus in one hour, at the 1-worker rate per core: {hours_of_audio / one:.0f}")
    return 0


def largest_chapter_memory(corpus: Path, voice: str, cores: int) -> int:
    works = load_works(corpus).works
    work, chapter = max(((w, c) for w in works for c in w.chapters), key=lambda pair: pair[1].words)
    single = replace(work, chapters=(chapter,))
    print(f"largest chapter: {work.meta.title}, {chapter.title!r}, {chapter.words:,} words, voice {voice}")
    audio, elapsed, memory = run(single, voice, lambda n: LocalPool(cores))
    children = ", ".join(f"{kind} {rss / 2**20:.0f} MB" for kind, rss in sorted(memory.children.items()))
    print(f"{audio / 3600:.2f} h of audio in {elapsed:.0f} s with {cores} workers; "
          f"peak memory: main {memory.main / 2**20:.0f} MB, {children}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
