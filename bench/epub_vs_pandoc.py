"""Time `publish epub` on the whole shared corpus beside pandoc 3.9 making EPUBs of the same works.

    .venv/bin/python bench/epub_vs_pandoc.py [--rounds 3] [--corpus ../shared/corpus]

Pandoc gets each work's unit bodies joined as one Markdown file with a title block (what a user without
Pressroom would do); its books have no real chapters. Pressroom runs as a user runs it, one `publish epub`
process over the corpus, reading, recovering structure and writing every book. The two alternate for a few
rounds, since this machine is shared and noisy; the figures are the best and median wall times, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

from pressroom.sources.decode import decode_text
from pressroom.sources.document import parse_document
from pressroom.sources.load import load_works

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    publish = Path(sys.executable).parent / "publish"
    pandoc = pypandoc.get_pandoc_path()
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]

    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        sources = _markdown_sources(args.corpus, scratch / "md")
        ours: list[float] = []
        theirs: list[float] = []
        for round_number in range(1, args.rounds + 1):
            ours.append(_time([[str(publish), "epub", str(args.corpus), "-o", str(scratch / "ours"), "-q"]]))
            theirs.append(
                _time(
                    [
                        [pandoc, "-f", "markdown", "-t", "epub3", "-o", str(md.with_suffix(".epub")), str(md)]
                        for md in sources
                    ]
                )
            )
            print(f"round {round_number}: pressroom {ours[-1]:.2f} s, pandoc {theirs[-1]:.2f} s", flush=True)
        books = len(list((scratch / "ours").glob("*/*.epub")))

    print(f"{len(sources)} works; Pressroom made {books} books; {version}")
    print(f"pressroom: best {min(ours):.2f} s, median {statistics.median(ours):.2f} s")
    print(f"pandoc:    best {min(theirs):.2f} s, median {statistics.median(theirs):.2f} s")
    print(f"pandoc time / pressroom time (best): {min(theirs) / min(ours):.2f}")
    return 0


def _markdown_sources(corpus: Path, folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    sources = []
    for work in load_works(corpus).works:
        bodies = []
        for unit in work.units:
            text = decode_text(Path(unit).read_bytes(), unit).text
            bodies.append(parse_document(text, unit).body)
        header = f"---\ntitle: {json.dumps(work.meta.title)}\nauthor: {json.dumps(work.meta.author)}\n---\n\n"
        path = folder / f"{work.meta.slug}.md"
        path.write_text(header + "\n\n".join(bodies), encoding="utf-8")
        sources.append(path)
    return sources


def _time(commands: list[list[str]]) -> float:
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
