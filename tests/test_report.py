"""What a user reads on the terminal: the check table (its figures agree with the verdict under it, names break
between words) and the progress bars (whole at 80 columns)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from pressroom.audio.file_checks import CheckResult, FileCheck
from pressroom.audio.master import PRESETS
from pressroom.audio.measure import AudioMeasure, judge
from pressroom.audio.supply import Progress as NarrationProgress
from pressroom.commands.progress import narration_bars
from pressroom.commands.report import print_report
from pressroom.text.wording import name_lines, shortened


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


def test_long_names_break_between_words_at_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The table wrapped a work's folder and file names mid-word ('kropo' / 'tkin') in an 80-column pipe."""
    monkeypatch.setenv("COLUMNS", "80")
    folder = tmp_path / "an_open_letter_of_peter_kropotkin_to_the_western_workingmen"
    names = ["01 - An Open Letter of Peter Kropotkin to the Western Workingmen.mp3", f"{folder.name}.m4b"]
    checks = tuple(FileCheck(str(folder / name), "mp3", (), None) for name in names)
    out = io.StringIO()
    print_report(CheckResult(checks), out, tmp_path)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert f"{folder.name}/" in lines[0]
    words = {word for line in lines for word in re.split(r"[\s│_]+", line)}
    assert {"Kropotkin", "Workingmen.mp3", "kropotkin", "workingmen.m4b", "western"} <= words


def test_a_name_breaks_after_spaces_underscores_and_hyphens() -> None:
    assert name_lines("memoirs_of_a_revolutionist.m4b", 12) == ["memoirs_of_", "a_", "revolutionis", "t.m4b"]
    assert name_lines("07 - Part First - VII.mp3", 10) == ["07 - Part", "First -", "VII.mp3"]
    assert shortened("memoirs_of_a_revolutionist", 20) == "memoirs_of_a…"
    assert shortened("law_and_authority", 20) == "law_and_authority"


@pytest.mark.parametrize("columns", [80, 130])
def test_progress_bars_fit_the_terminal_whole(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns rich squeezed every column: '7…' for 70/70, '0:…' for the times, the label cut mid-word."""
    monkeypatch.setenv("COLUMNS", str(columns))
    with narration_bars(io.StringIO(), works=2) as bars:
        report = bars.follow("an_open_letter_of_peter_kropotkin_to_the_western_workingmen")
        report(NarrationProgress(70, 70, 3040.0, 70, "the M4B and the playlist"))
        shown = io.StringIO()
        Console(file=shown, width=columns).print(bars._progress.make_tasks_table(bars._progress.tasks))
    lines = shown.getvalue().splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "…" not in lines[0]
    assert lines[1].startswith("an_open_letter… " if columns == 80 else "an_open_letter_of_peter… ")
    assert all(part in lines[1] for part in ("70/70", "0:50:40 of speech", "the M4B and the playlist", "0:00:00"))
