"""A run killed outright (SIGKILL: a power cut, the OOM killer) twice at random moments, then resumed (issue
42): the resumed run makes no clip the cache kept, no file stands half-written under its real name, and every
file comes out the same bytes as an uninterrupted run's.

    .venv/bin/python bench/kills.py [--works 8] [--voice heart] [--seed 1]

The quick size (the corpus's 8 shortest works of at least 1,000 words, about an hour of narration) takes a few
minutes: one uninterrupted run, then the same command into another folder and cache, killed at two moments
drawn (seeded) between a tenth and three quarters of the uninterrupted run's time, and run to the end.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spread import DEFAULT_CORPUS, chosen

PUBLISH = Path(sys.executable).with_name("publish")


def _command(corpus: Path, slugs: list[str], out: Path, cache: Path, voice: str) -> list[str]:
    command = [str(PUBLISH), "book", str(corpus), "--spread", "works", "--workers", "2", "--voice", voice,
               "-o", str(out), "--cache-dir", str(cache)]  # fmt: skip
    for slug in slugs:
        command += ["--work", slug]
    return command


def _clips(cache: Path) -> set[str]:
    return {path.name for path in cache.glob("clips/*/*.clip")}


def _files(out: Path) -> dict[str, bytes]:
    """Every file of the works' folders under its real name (a temporary one starts with a dot)."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.glob("*/*"))
        if path.is_file() and not path.name.startswith(".")
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--works", type=int, default=8)
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    slugs = chosen(args.corpus, args.works)
    chance = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="pressroom-kills-") as scratch:
        root = Path(scratch)
        whole, killed = root / "whole", root / "killed"
        began = time.monotonic()
        done = subprocess.run(_command(args.corpus, slugs, whole / "out", whole / "cache", args.voice),
                              capture_output=True, text=True, check=False)  # fmt: skip
        uninterrupted = time.monotonic() - began
        if done.returncode != 0:
            print(done.stderr[-2000:])
            return 1
        print(f"{len(slugs)} works, voice {args.voice}: uninterrupted in {uninterrupted:.0f} s, "
              f"{len(_clips(whole / 'cache'))} clips")  # fmt: skip
        expected = _files(whole / "out")
        command = _command(args.corpus, slugs, killed / "out", killed / "cache", args.voice)
        problems: list[str] = []
        for number in (1, 2):
            at = chance.uniform(0.1, 0.75) * uninterrupted
            before = _clips(killed / "cache")
            run = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
            time.sleep(at)
            os.killpg(run.pid, signal.SIGKILL)  # the run and its workers and encoders, as a power cut would
            run.wait()
            kept = _clips(killed / "cache")
            standing = _files(killed / "out")
            wrong = [name for name, data in standing.items() if expected.get(name) != data]
            print(f"  kill {number} at {at:.0f} s: {len(kept) - len(before)} clips kept by this part, "
                  f"{len({name.split('/')[0] for name in standing})} work folders, "
                  f"{len(wrong)} files under their real names unlike the uninterrupted run's")  # fmt: skip
            problems += [f"after kill {number}: {name}" for name in wrong]
        kept = _clips(killed / "cache")
        resumed = subprocess.run(command, capture_output=True, text=True, check=False)
        made = sum(int(n) for n in re.findall(r"of narration; (\d+) clips? made, \d+ from the cache\)", resumed.stdout))
        new = len(_clips(killed / "cache") - kept)
        print(f"  resumed: {made} clips made, {new} new in the cache (the cache held {len(kept)} at the start)")
        if made != new:
            problems.append(f"the resumed run made {made} clips for {new} the cache lacked: some were made twice")
        final = _files(killed / "out")
        unlike = sorted(name for name in expected.keys() | final.keys() if expected.get(name) != final.get(name))
        print(f"  files: {len(final)}, {len(unlike)} unlike the uninterrupted run's")
        problems += [f"at the end: {name}" for name in unlike]
        for problem in problems:
            print("   ", problem)
        return 1 if problems or resumed.returncode != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
