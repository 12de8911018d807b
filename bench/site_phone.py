"""The library page of a made site on a phone (issue 42): `publish serve` serves the folder, and headless Chromium,
as a phone on slow 4G with its CPU slowed 4x, loads it `--runs` times and searches it. Prints the medians.

    python bench/site_phone.py output/corpus [--runs 5] [--query mutual]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="mutual")
    args = parser.parse_args()
    port = _free_port()
    publish = Path(sys.executable).with_name("publish")
    server = subprocess.Popen([str(publish), "serve", str(args.site), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        command = ["node", str(HERE / "site_phone.mjs"), f"http://127.0.0.1:{port}/index.html",
                   "--runs", str(args.runs), "--query", args.query]  # fmt: skip
        found = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    finally:
        server.terminate()
        server.wait()
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
