"""What a long run costs as it goes: every `--every` seconds, the main process's memory (RSS) and CPU, and its
workers' and encoders' (all its descendants), appended to a CSV; when the process ends, the peaks and totals.

    .venv/bin/python bench/run_monitor.py PID output/corpus-run/part6/monitor.csv [--every 10]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import psutil


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pid", type=int)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--every", type=float, default=10.0)
    args = parser.parse_args()
    main_process = psutil.Process(args.pid)
    finished: dict[int, float] = {}
    """The last CPU seen of each descendant: an ended one's stays counted."""
    peak_main = peak_all = 0
    new = not args.csv.exists()
    with args.csv.open("a", newline="") as stream:
        out = csv.writer(stream)
        if new:
            out.writerow(
                ["time", "main_rss_mb", "main_cpu_s", "descendants", "descendants_rss_mb", "descendants_cpu_s"]
            )
        while main_process.is_running():
            try:
                main_rss = main_process.memory_info().rss
                main_cpu = _cpu(main_process)
                rss = 0
                for child in main_process.children(recursive=True):
                    try:
                        rss += child.memory_info().rss
                        finished[child.pid] = _cpu(child)
                    except psutil.Error:
                        continue
            except psutil.Error:
                break
            peak_main, peak_all = max(peak_main, main_rss), max(peak_all, main_rss + rss)
            out.writerow([time.strftime("%H:%M:%S"), round(main_rss / 2**20), round(main_cpu, 1),
                          len(main_process.children(recursive=True)), round(rss / 2**20),
                          round(sum(finished.values()), 1)])  # fmt: skip
            stream.flush()
            time.sleep(args.every)
    print(f"peak memory: the main process {peak_main / 2**20:.0f} MB, with its descendants {peak_all / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
