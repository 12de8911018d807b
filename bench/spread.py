"""Many works at once: paragraphs spread over the workers (the default) against whole works spread over them
(`--spread works`), on the local pool and a local Dask cluster; what the main process spends per second of
audio in each, and the ceiling that sets past this machine.

    .venv/bin/python bench/spread.py [--works 8] [--voice heart]

The quick size (the default: the corpus's 8 shortest works of at least 1,000 words, about 40 minutes of
narration with heart) takes about three minutes. Each configuration runs in a process of its own from an empty
cache, one after the other (this machine is shared and noisy: compare the ratios). The main process's cost is
its own CPU and that of the ffmpeg it starts itself (the encoders of the paragraphs' way; under whole works,
the workers start theirs), sampled every 0.2 s, from the first work finished to the last (its start-up left
out), per second of audio of the works after the first. Past this machine, a cluster of C cores can make at most
C / (the CPU all stages cost per audio second) audio seconds per second, and no more than the main process can
keep up with: 1 / (its cost per audio second), since it runs on one machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from pressroom import cli
from pressroom.sources.load import load_works

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CONFIGURATIONS = {
    "pool, paragraphs": ["--workers", "2"],
    "pool, works": ["--workers", "2", "--spread", "works"],
    "Dask x2, paragraphs": ["--executor", "dask", "--workers", "2"],
    "Dask x2, works": ["--executor", "dask", "--workers", "2", "--spread", "works"],
}


class MainCost:
    """The CPU seconds of this process and of the ffmpeg processes it starts itself, sampled every 0.2 s (a
    process's last sample stands for it once it has ended)."""

    def __init__(self) -> None:
        self._me = psutil.Process()
        self._encoders: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MainCost:
        self._started = sum(self._me.cpu_times()[:2])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.seconds = self.now()

    def now(self) -> float:
        return sum(self._me.cpu_times()[:2]) - self._started + sum(self._encoders.values())

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for child in self._me.children():
                try:
                    if "ffmpeg" in child.name():
                        self._encoders[child.pid] = sum(child.cpu_times()[:2])
                except psutil.Error:
                    continue


class FirstWork(io.StringIO):
    """The run's output, noting the main process's cost when the first work is told finished: what it spends
    after that is its cost per work, its start-up (imports, the corpus read, a local cluster) left out."""

    def __init__(self, cost: MainCost) -> None:
        super().__init__()
        self._cost = cost
        self.at: float | None = None
        self.folder = ""

    def write(self, text: str) -> int:
        if self.at is None and text.startswith("made "):
            self.at, self.folder = self._cost.now(), text.removeprefix("made ").split(":")[0]
        return super().write(text)


def run(args: argparse.Namespace) -> None:
    """One configuration: the works narrated from an empty cache; its figures as JSON."""
    slugs = chosen(args.corpus, args.works)
    with tempfile.TemporaryDirectory() as scratch:
        arguments = ["audio", str(args.corpus), "-o", f"{scratch}/out", "--cache-dir", f"{scratch}/cache", "-q",
                     "--voice", args.voice, *CONFIGURATIONS[args.configuration]]  # fmt: skip
        for slug in slugs:
            arguments += ["--work", slug]
        arguments.remove("-q")  # the lines that say each work is made are wanted
        err = io.StringIO()
        with MainCost() as cost:
            out = FirstWork(cost)
            started = time.perf_counter()
            status = cli.main(arguments, out, err)
            elapsed = time.perf_counter() - started
        if status != 0 or out.at is None:
            raise SystemExit(err.getvalue())
        audio = {
            narration.parent.name: _seconds(narration) for narration in Path(scratch, "out").glob("*/narration.json")
        }
        rest = sum(audio.values()) - audio[Path(out.folder).name]
    print(json.dumps({"elapsed": elapsed, "audio": sum(audio.values()), "main": (cost.seconds - out.at) / rest}))


def _seconds(narration: Path) -> float:
    files = json.loads(narration.read_text(encoding="utf-8"))["files"]
    return float(sum(entry["duration_ms"] for entry in files)) / 1000


def chosen(corpus: Path, count: int) -> list[str]:
    """The corpus's `count` shortest works of at least 1,000 words (small works are most of a corpus's count)."""
    works = sorted((work.words, work.meta.source_id) for work in load_works(corpus).works if work.words >= 1000)
    return [source_id for _, source_id in works[:count]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--works", type=int, default=8)
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--configuration", choices=CONFIGURATIONS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DASK_TEMPORARY_DIRECTORY", tempfile.mkdtemp(prefix="dask-"))
    if args.configuration:
        run(args)
        return 0
    cores = os.cpu_count() or 1
    print(f"the corpus's {args.works} shortest works of 1,000 words or more, voice {args.voice}, {cores} cores")
    figures = {}
    for configuration in CONFIGURATIONS:
        command = [sys.executable, __file__, "--configuration", configuration, "--works", str(args.works),
                   "--voice", args.voice, "--corpus", str(args.corpus)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures[configuration] = result = json.loads(done.stdout.strip().splitlines()[-1])
        rate = result["audio"] / result["elapsed"]
        main_ms = 1000 * result["main"]
        print(f"{configuration:20} {rate:6.1f} audio s per wall s ({result['audio'] / 60:.1f} min in "
              f"{result['elapsed']:.1f} s); the main process {main_ms:.2f} ms of CPU per audio s")  # fmt: skip
    pool_works, pool = figures["pool, works"], figures["pool, paragraphs"]
    print(f"works / paragraphs, pool: {pool['elapsed'] / pool_works['elapsed']:.2f}; Dask: "
          f"{figures['Dask x2, paragraphs']['elapsed'] / figures['Dask x2, works']['elapsed']:.2f}")  # fmt: skip
    # All stages' CPU per audio second, from the pool's run: what the cores must give whichever way it is spread.
    total_ms = 1000 * cores * pool_works["elapsed"] / pool_works["audio"]
    for configuration in ("Dask x2, paragraphs", "Dask x2, works"):
        main_ms = 1000 * figures[configuration]["main"]
        for many in (8, 32):
            by_cores, by_main = 1000 * many / total_ms, 1000 / main_ms
            limit = "the cores" if by_cores <= by_main else "the main process"
            print(f"{configuration}, {many} cores: at most {min(by_cores, by_main):.0f} audio s per s "
                  f"(the cores {by_cores:.0f}, the main process {by_main:.0f}): set by {limit}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
