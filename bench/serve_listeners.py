"""`publish serve` under many listeners at once (issue 42): `--listeners` clients (64 by default), each seeking
about an M4B of the site as a player does (a ranged request for 256 KB at a random place, again and again), for
`--seconds`. Checks every answer is the file's own bytes (206, the right Content-Range) and prints the latency
of the answers (median, 95th percentile, worst), the bytes per second served and the errors.

    python bench/serve_listeners.py output/corpus [--listeners 64] [--seconds 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from urllib.parse import quote

from serving import served

_CHUNK = 256 * 1024


def _listener(base: str, books: list[Path], site: Path, seed: int, until: float) -> tuple[list[float], int, list[str]]:
    """One listener: a book, and seeks in it till `until`; the latency of each answer, the bytes, the errors."""
    chance = random.Random(seed)
    book = chance.choice(books)
    size = book.stat().st_size
    address = base + quote(book.relative_to(site).as_posix())
    latencies: list[float] = []
    sent = 0
    errors: list[str] = []
    with book.open("rb") as original:
        while time.monotonic() < until:
            start = chance.randrange(0, max(1, size - _CHUNK))
            end = min(size, start + _CHUNK) - 1
            request = urllib.request.Request(address, headers={"Range": f"bytes={start}-{end}"})
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as answer:
                    body = answer.read()
                    status, extent = answer.status, answer.headers.get("Content-Range")
            except OSError as error:
                errors.append(f"{book.name}: {error}")
                continue
            latencies.append(time.perf_counter() - began)
            sent += len(body)
            original.seek(start)
            if status != 206 or extent != f"bytes {start}-{end}/{size}" or body != original.read(end - start + 1):
                errors.append(f"{book.name}: {status} {extent} for bytes {start}-{end}")
    return latencies, sent, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--listeners", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    books = sorted(args.site.glob("*/*.m4b"))
    if not books:
        sys.exit(f"no M4B under {args.site}: make the books first (publish book)")
    with served(args.site) as base:
        until = time.monotonic() + args.seconds
        began = time.monotonic()
        with ThreadPoolExecutor(args.listeners) as pool:
            found = list(pool.map(lambda n: _listener(base, books, args.site, n, until), range(args.listeners)))
        wall = time.monotonic() - began
    latencies = sorted(latency for each in found for latency in each[0])
    sent = sum(each[1] for each in found)
    errors = [error for each in found for error in each[2]]
    print(f"publish serve {args.site}: {args.listeners} listeners seeking in {len(books)} M4Bs "
          f"for {wall:.0f} s, 256 KB a seek")  # fmt: skip
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"  {len(latencies):,} seeks answered: latency median {statistics.median(latencies) * 1000:.0f} ms, "
              f"95th percentile {p95 * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms")  # fmt: skip
    print(f"  {sent / wall / 1e6:.1f} MB/s served; {len(errors)} errors")
    for error in errors[:10]:
        print("   ", error)


if __name__ == "__main__":
    main()
