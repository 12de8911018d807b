"""The library page of a made site on a phone (issue 42): `publish serve` serves the folder, and headless Chromium,
as a phone on slow 4G with its CPU slowed 4x, loads it `--runs` times and searches it. Prints the medians.

    python bench/site_phone.py output/corpus [--runs 5] [--query mutual]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import served

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="mutual")
    args = parser.parse_args()
    with served(args.site) as base:
        command = ["node", str(HERE / "site_phone.mjs"), f"{base}index.html",
                   "--runs", str(args.runs), "--query", args.query]  # fmt: skip
        found = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    runs = found["runs"]
    print(f"{args.site}: {runs[0]['books']} books; a phone (390x844, CPU 4x slower, slow 4G), {len(runs)} fresh loads")
    for name, unit in (("fcp_ms", "ms"), ("load_ms", "ms"), ("search_ms", "ms"), ("kilobytes", "KB")):
        values = [run[name] for run in runs if run[name] is not None]
        middle = statistics.median(values)
        print(f"  {name:10} median {middle:8.0f} {unit}  (min {min(values):.0f}, max {max(values):.0f})")
    print(f"  search for {args.query!r}: {runs[0]['shown']}")
    if found["errors"]:
        print("  page errors:", *found["errors"], sep="\n    ")


if __name__ == "__main__":
    main()
