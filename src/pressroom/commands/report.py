"""The table `publish check` prints (rich), from a check's result."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from pressroom.audio.check import CheckResult, relative_name


def print_report(result: CheckResult, out: TextIO, base: Path) -> None:
    console = Console(file=out, width=160, highlight=False)
    table = Table(title="publish check", show_lines=False)
    for column in ("file", "kind", "level", "peak", "floor", "head", "tail", "rate", "kbps", "length", "verdict"):
        table.add_column(column, justify="left" if column in ("file", "verdict", "kind") else "right")
    for check in result.files:
        name = relative_name(Path(check.path), base)
        m = check.measure
        verdict = "pass" if check.ok else "FAIL: " + "; ".join(check.problems)
        if m is None:
            table.add_row(name, check.kind, *[""] * 8, verdict)
            continue
        level = f"{m.loudness_lufs:.1f} LUFS" if m.loudness_lufs is not None else f"{m.rms_db:.1f} dB"
        table.add_row(
            name, check.kind, level, f"{m.peak_db:.1f} dB", f"{m.noise_floor_db:.1f} dB", f"{m.head_s:.1f} s",
            f"{m.tail_s:.1f} s", f"{m.sample_rate}", f"{m.bitrate_kbps}", f"{m.duration_s:.1f} s", verdict,
        )  # fmt: skip
    console.print(table)
    for finding in result.paragraphs:
        console.print(f"suspicious paragraph in {finding.file} at {finding.start_ms / 1000:.1f} s: {finding.reason}: "
                      f"“{finding.text}”")  # fmt: skip
    for problem in result.markers:
        console.print(f"chapter markers: {problem}")
    failed = sum(1 for check in result.files if not check.ok)
    console.print(
        f"{len(result.files)} files checked: {len(result.files) - failed} pass, {failed} fail; "
        f"{len(result.paragraphs)} suspicious paragraphs; {len(result.markers)} marker problems"
    )
