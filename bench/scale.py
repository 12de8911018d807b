"""Throughput of `publish audio` on one worker, one per core and a local Dask cluster, beside the bare engine;
the time to narrate the whole corpus projected from it; and peak memory of the main process and the workers.

    .venv/bin/python bench/scale.py [--work the_conquest_of_bread] [--chapters 2] [--voice heart]

Every configuration narrates the same paragraphs from an empty cache, one after the other, each in a process
of its own (this machine is shared and noisy: compare the ratios). Figures are audio seconds made per wall
second, from the start (voices loaded, workers started) to the last file written. The bare engine is also run
in one process per core at once: what the cores give together. The limit: the CPU seconds each stage costs per
audio second (synthesis, the main process's own work, MP3 and AAC encoding, the checks' decoding), summed and
divided into the cores; every configuration is printed as a fraction of it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import psutil

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import Utterance, plan_narration
from pressroom.audio.settings import NarrationSettings
from pressroom.ffmpeg import ffmpeg_exe, m4b_audio_arguments, mp3_arguments
from pressroom.model import Work
from pressroom.run.executors import DaskExecutor, Executor, InProcess, LocalPool
from pressroom.sources.load import load_works
from pressroom.tts.clip import synthesize_clip
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
        with PeakMemory() as memory:
            started = time.perf_counter()
            executor = make(narrator)
            try:
                made = publish_audio(
                    work,
                    Path(scratch) / "out",
                    narrator,
                    NarrationSettings(lexicon=load_lexicon(None)),
                    executor=executor,
                )
            finally:
                executor.close()
            elapsed = time.perf_counter() - started
        seconds = sum(t.total / t.rate for t in made.timelines)
    return seconds, elapsed, memory


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def stage_costs(work: Work, voice_name: str, cache_dir: Path, synthesis_cost: float) -> dict[str, float]:
    """CPU seconds per audio second of each stage: synthesis (measured on the bare engine), what the main process
    does besides (mastering, assembly, tags, the checks: `publish audio` again with every clip cached), and the
    encoders (MP3 at 192 kbps and the M4B's AAC, each timed alone on the same audio)."""
    narrator = Narrator(find_voice(voice_name, None), ClipCache(cache_dir))
    publish_audio(
        work, cache_dir / "warm", narrator, NarrationSettings(lexicon=load_lexicon(None))
    )  # every clip into the cache
    main_before, children_before = time.process_time(), _child_cpu()
    made = publish_audio(work, cache_dir / "out", narrator, NarrationSettings(lexicon=load_lexicon(None)))
    main_cpu, children_cpu = time.process_time() - main_before, _child_cpu() - children_before
    audio_s = sum(t.total / t.rate for t in made.timelines)
    # The encoders as the pipeline runs them: fed at the voice's rate, the MP3 made at 44.1 kHz, the M4B's AAC at
    # the voice's rate (and, for comparison, at 44.1 kHz as it was made before).
    rate = made.timelines[0].rate
    wav = cache_dir / "all.wav"
    command = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(made.m4b), "-ac", "1", "-ar", str(rate), str(wav)]
    subprocess.run(command, check=True)
    costs = {"synthesis": synthesis_cost, "main process": main_cpu / audio_s}
    encoders = (("MP3 encoding", [*mp3_arguments(192), "-ar", "44100"], ".mp3"),
                ("AAC encoding", [*m4b_audio_arguments(96), "-ar", str(rate)], ".m4b"),
                ("AAC at 44.1 kHz", [*m4b_audio_arguments(96), "-ar", "44100"], ".44k.m4b"))  # fmt: skip
    for name, arguments, suffix in encoders:
        before = _child_cpu()
        command = [ffmpeg_exe(), "-v", "error", "-y", "-i", str(wav), *arguments, str(wav.with_suffix(suffix))]
        subprocess.run(command, check=True)
        costs[name] = (_child_cpu() - before) / audio_s
    # What the pipeline's own children cost beyond the two encodes (decoding for the checks, the chapter pass).
    costs["other ffmpeg"] = max(0.0, children_cpu / audio_s - costs["MP3 encoding"] - costs["AAC encoding"])
    return costs


COMPARISONS = ("AAC at 44.1 kHz",)
"""Stage costs printed beside the others but not part of the pipeline (not summed into the limit)."""


def _bare_share(voice_name: str, texts: list[str], pause_ms: int, start: Any, results: Any) -> None:
    """In a process of its own: load the voice, wait for the others, then time this share of the texts."""
    engine = open_engine(find_voice(voice_name, None))
    engine.synthesize("Warm up.")
    start.wait()
    began = time.perf_counter()
    samples = sum(synthesize_clip(engine, text, pause_ms).length for text in texts)
    results.put((samples / engine.sample_rate, began, time.perf_counter()))


def bare_in_parallel(voice_name: str, texts: list[str], pause_ms: int, processes: int) -> float:
    """The bare engine in `processes` processes at once, each on its share: the most this machine's cores give
    together, whatever the pipeline does. Audio seconds per wall second, all processes together."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(processes), context.Queue()
    shares = [texts[n::processes] for n in range(processes)]
    workers = [context.Process(target=_bare_share, args=(voice_name, share, pause_ms, start, results))
               for share in shares]  # fmt: skip
    for worker in workers:
        worker.start()
    done: list[tuple[float, float, float]] = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    audio = sum(seconds for seconds, _, _ in done)
    return audio / (max(end for _, _, end in done) - min(began for _, began, _ in done))


CONFIGURATIONS: dict[str, Callable[[Narrator, int], Executor]] = {
    "1 worker": lambda narrator, cores: InProcess(narrator.engine),
    "workers": lambda narrator, cores: LocalPool(cores),
    "dask": lambda narrator, cores: DaskExecutor(None, cores),
}


def _spin(core: int) -> None:
    os.sched_setaffinity(0, {core})
    while True:
        pass


def busy_core(core: int) -> Any:
    """A loop keeping one core busy, pinned to it, as another job on a shared machine does (stop it with
    `terminate()`)."""
    spinner = multiprocessing.get_context("spawn").Process(target=_spin, args=(core,), daemon=True)
    spinner.start()
    return spinner


def run_alone(configuration: str, args: argparse.Namespace) -> tuple[float, float, dict[str, int]]:
    """One configuration in a fresh process, so that no other's loaded voice counts in its memory."""
    command = [sys.executable, __file__, "--configuration", configuration, "--work", args.work,
               "--chapters", str(args.chapters), "--voice", args.voice, "--corpus", str(args.corpus)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["audio"], figures["elapsed"], figures["memory"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="the_conquest_of_bread")
    parser.add_argument("--chapters", type=int, default=2)
    parser.add_argument("--voice", default="heart")
    parser.add_argument(
        "--largest", action="store_true", help="only measure memory, narrating the corpus's largest chapter"
    )
    parser.add_argument(
        "--busy", action="store_true", help="keep one core busy (a loop pinned to it) while the configurations run"
    )
    parser.add_argument("--configuration", choices=CONFIGURATIONS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", tempfile.mkdtemp(prefix="dask-"))
    cores = os.cpu_count() or 1
    if args.largest:
        return largest_chapter_memory(args.corpus, args.voice, cores)
    (work,) = load_works(args.corpus, [args.work]).works
    sample = replace(work, chapters=work.chapters[: args.chapters])
    if args.configuration:
        audio, elapsed, memory = run(sample, args.voice, lambda n: CONFIGURATIONS[args.configuration](n, cores))
        peaks = {"main": memory.main, **{kind: rss for kind, rss in memory.children.items() if rss}}
        print(json.dumps({"audio": audio, "elapsed": elapsed, "memory": peaks}))
        return 0

    engine = open_engine(find_voice(args.voice, None))
    plan = plan_narration(sample, load_lexicon(None))
    texts = list(dict.fromkeys(s.text for t in plan.tracks for s in t.segments if isinstance(s, Utterance)))
    engine.synthesize("Warm up.")
    started, cpu_started = time.perf_counter(), time.process_time()
    bare_samples = sum(synthesize_clip(engine, text, plan.pauses.sentence).length for text in texts)
    bare = bare_samples / engine.sample_rate / (time.perf_counter() - started)
    synthesis_cost = (time.process_time() - cpu_started) / (bare_samples / engine.sample_rate)
    del engine
    print(f"{sample.meta.title}, first {args.chapters} chapters, voice {args.voice}, {cores} cores")
    print(f"bare engine, one process:  {bare:7.1f} audio s per wall s (speech only, no pauses)")
    bare_all = bare_in_parallel(args.voice, texts, plan.pauses.sentence, cores)
    print(f"bare engine, {cores} processes: {bare_all:7.1f} audio s per wall s, {bare_all / bare:.2f} times one: "
          f"what this machine's {cores} cores give together")  # fmt: skip

    with tempfile.TemporaryDirectory() as scratch:
        costs = stage_costs(sample, args.voice, Path(scratch), synthesis_cost)
    total_cost = sum(cost for stage, cost in costs.items() if stage not in COMPARISONS)
    limit = cores / total_cost
    print("CPU seconds per audio second, by stage: " + ", ".join(f"{k} {v:.4f}" for k, v in costs.items()))
    share = costs["synthesis"] / total_cost
    print(f"the limit: {cores} cores / {total_cost:.4f} = {limit:.1f} audio s per wall s "
          f"(one core: {1 / total_cost:.1f}; synthesis is {share:.0%} of the work)")  # fmt: skip

    print("past these cores: the limit, and the stages that run one at a time (the main process, the MP3 of the "
          "file being written, the M4B's one AAC stream) as a ceiling:")  # fmt: skip
    serial = {stage: 1 / costs[stage] for stage in ("main process", "MP3 encoding", "AAC encoding") if costs[stage]}
    narrowest = min(serial, key=lambda stage: serial[stage])
    for more in (2, 4, 8, 16, 32):
        projected = min(more / total_cost, serial[narrowest])
        held = "the cores" if more / total_cost <= serial[narrowest] else narrowest
        print(f"  {more:2d} cores: {projected:7.1f} audio s per wall s at most (held by {held})")

    names = {"1 worker": "publish audio, 1 worker", "workers": f"publish audio, {cores} workers",
             "dask": f"publish audio, Dask x{cores}"}  # fmt: skip
    rates: dict[str, float] = {}
    sample_audio = 0.0
    spinner = busy_core(cores - 1) if args.busy else None
    if spinner is not None:
        print(f"one core ({cores - 1}) kept busy by a loop pinned to it, from here on")
    for configuration, name in names.items():
        audio, elapsed, peak_by_process = run_alone(configuration, args)
        sample_audio = audio
        rates[configuration] = audio / elapsed
        shown = ", ".join(f"{kind} {rss / 2**20:.0f} MB" for kind, rss in peak_by_process.items())
        print(f"{name + ':':26} {rates[configuration]:7.1f} audio s per wall s ({audio / 60:.1f} min in "
              f"{elapsed:.1f} s), {rates[configuration] / limit:.0%} of the limit; peak memory: {shown}")  # fmt: skip
    if spinner is not None:
        spinner.terminate()
    one, many, dask = rates["1 worker"], rates["workers"], rates["dask"]
    print(f"{cores} workers / 1 worker: {many / one:.2f} (goal at least 1.6 with heart on 2 cores; "
          f"the bare engine in {cores} processes gives {bare_all / bare:.2f})")  # fmt: skip
    print(f"Dask / local pool:       {dask / many:.2f} (goal: within 10%, at least 0.90)")

    corpus_words = sum(w.words for w in load_works(args.corpus).works)
    hours_of_audio = corpus_words / sample.words * sample_audio / 3600
    print(f"corpus: {corpus_words:,} words, about {hours_of_audio:.0f} hours of narration with this voice")
    for configuration, rate in rates.items():
        print(f"  {names[configuration]}: {hours_of_audio / rate:5.1f} hours of wall time")
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
