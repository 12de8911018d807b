"""The check table `publish check` prints: its figures agree with the verdict under it."""

from __future__ import annotations

import io
from pathlib import Path

from pressroom.audio.file_checks import CheckResult, FileCheck
from pressroom.audio.master import PRESETS
from pressroom.audio.measure import AudioMeasure, judge
from pressroom.commands.report import print_report


def test_the_peak_column_shows_the_peak_the_file_is_judged_by(tmp_path: Path) -> None:
    """An M4B whose samples peak at -2.3 dB but whose true peak is -0.6 dB: the table said -2.3 and the
    failure -0.6."""
    measure = AudioMeasure(
        path=str(tmp_path / "book.m4b"), duration_s=60.0, sample_rate=24_000, channels=1, bitrate_kbps=80,
        constant_bitrate=None, rms_db=-19.0, peak_db=-2.3, noise_floor_db=-70.0, head_s=0.8, tail_s=2.5,
        loudness_lufs=-16.0, true_peak_db=-0.6,
    )  # fmt: skip
    problems = judge(measure, PRESETS["podcast"], whole_book=True)
    assert problems == ["peak -0.6 dB is above -1 dB"]
    out = io.StringIO()
    print_report(CheckResult((FileCheck(measure.path, "m4b", tuple(problems), measure),)), out, tmp_path)
    (row,) = [line for line in out.getvalue().splitlines() if line.startswith("book.m4b")]
    assert "-0.6 dB" in row and "-2.3" not in row
