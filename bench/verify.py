"""What `publish audio --verify` costs against plain `publish audio`: the same paragraphs narrated from an empty
cache plainly, verified (the sound proved where the voice allows, the rest heard) and heard whole (`--hear-all`,
what `--verify` did before the proof), each in a process of its own, one after the other, in rounds.

    .venv/bin/python bench/verify.py [--work the_conquest_of_bread] [--chapters 2] [--voice heart] [--rounds 1]

The quick size (the default: two chapters of The Conquest of Bread, 36 minutes of narration) takes about four
minutes a round. This machine is shared and noisy: compare the ratios within a round.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.commands.telling import verification_line
from pressroom.run.executors import LocalPool
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KINDS = {"plain": (False, False), "verify": (True, False), "hear-all": (True, True)}
"""Each kind of run: verify, hear_all."""


def run(args: argparse.Namespace) -> None:
    """One narration, from an empty cache, by a pool of one worker per core: prints its figures as JSON."""
    (work,) = load_works(args.corpus, [args.work]).works
    sample = replace(work, chapters=work.chapters[: args.chapters])
    with tempfile.TemporaryDirectory() as scratch:
        narrator = Narrator(find_voice(args.voice, None), ClipCache(Path(scratch) / "cache"))
        verify, hear_all = KINDS[args.kind]
        settings = NarrationSettings(lexicon=load_lexicon(None), verify=verify, hear_all=hear_all)
        started = time.perf_counter()
        executor = LocalPool(2)
        try:
            made = publish_audio(sample, Path(scratch) / "out", narrator, settings, executor=executor)
        finally:
            executor.close()
        elapsed = time.perf_counter() - started
    said = verification_line(made.verification) if made.verification else ""
    print(json.dumps({"elapsed": elapsed, "audio": made.duration_s, "said": said}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="the_conquest_of_bread")
    parser.add_argument("--chapters", type=int, default=2)
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--no-hear-all", action="store_true", help="leave out --hear-all (the longest, two and a half minutes)"
    )
    parser.add_argument("--kind", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.kind:
        run(args)
        return 0
    print(f"{args.work}, first {args.chapters} chapters, voice {args.voice}, 2 workers, empty cache each time")
    for round_number in range(1, args.rounds + 1):
        times = {}
        for kind in [kind for kind in KINDS if not (args.no_hear_all and kind == "hear-all")]:
            command = [sys.executable, __file__, "--kind", kind, "--work", args.work, "--chapters",
                       str(args.chapters), "--voice", args.voice, "--corpus", str(args.corpus)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            times[kind] = figures["elapsed"]
            minutes = figures["audio"] / 60
            print(f"round {round_number}  {kind:9} {figures['elapsed']:6.1f} s for {minutes:.1f} min of narration")
            if figures["said"]:
                print(f"            {figures['said']}")
        ratio = times["verify"] / times["plain"]
        print(f"round {round_number}  --verify / plain:            {ratio:.2f}  (goal: 2 or less)")
        if "hear-all" in times:
            print(f"round {round_number}  --verify --hear-all / plain: {times['hear-all'] / times['plain']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
