"""Build every book of the shared corpus (or an even sample of it) and run EPUBCheck 5.3 on each.

    .venv/bin/python bench/check_corpus.py [--sample N] [--corpus ../shared/corpus]

Prints each book that has any message (usage advice included) and a summary; exits 1 if any book has one.
CI runs it on a sample; the whole corpus takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pressroom.epub.epubcheck import CheckReport, run_epubcheck
from pressroom.epub.publish import publish_work
from pressroom.sources.load import load_works

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=0, help="check only N works, spread evenly (0: all)")
    parser.add_argument("--jobs", type=int, default=2, help="EPUBCheck runs at once (default 2)")
    args = parser.parse_args()

    started = time.perf_counter()
    works = load_works(args.corpus).works
    if args.sample and args.sample < len(works):
        step = len(works) / args.sample
        works = tuple(works[int(i * step)] for i in range(args.sample))
    with tempfile.TemporaryDirectory() as out:
        paths = [publish_work(work, Path(out)).path for work in works]
        built = time.perf_counter() - started
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            reports = list(pool.map(lambda path: run_epubcheck(path, usage=True), paths))
    checked = time.perf_counter() - started - built
    unclean = [report for report in reports if report.messages]
    for report in unclean:
        print(f"NOT CLEAN {report.path.name}: {report.summary()}")
        for message in report.messages:
            print(f"  {message}")
    print(
        f"{len(reports)} books built in {built:.1f} s and checked in {checked:.1f} s: "
        f"{len(reports) - len(unclean)} clean, {len(unclean)} not; "
        f"{_total(reports, 'FATAL')} fatal, {_total(reports, 'ERROR')} errors, "
        f"{_total(reports, 'WARNING')} warnings, {_total(reports, 'USAGE')} usage notes"
    )
    return 1 if unclean else 0


def _total(reports: list[CheckReport], severity: str) -> int:
    return sum(report.count(severity) for report in reports)


if __name__ == "__main__":
    sys.exit(main())
