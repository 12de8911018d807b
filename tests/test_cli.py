"""The `publish` command as a user runs it: in a subprocess, through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pressroom import __version__

Write = Callable[[str, str | bytes], Path]


def _publish(*args: str) -> subprocess.CompletedProcess[str]:
    script = shutil.which("publish", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "pressroom.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False, timeout=120)


def test_help_and_version() -> None:
    helped = _publish("--help")
    assert helped.returncode == 0
    assert "info" in helped.stdout
    assert _publish("info", "--help").stdout.count("--json") >= 1
    version = _publish("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"publish {__version__}")


def test_info_with_no_path_shows_the_bundled_sample() -> None:
    result = _publish("info")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Letter to Lenin (1920)"
    assert "12 paragraphs, 561 words" in result.stdout
    assert "min of narration" in result.stdout


def test_info_json_has_the_documented_shape() -> None:
    result = _publish("info", "--json")
    (work,) = json.loads(result.stdout)["works"]
    assert {"title", "author", "year", "source_id", "words", "chapters"} <= work.keys()
    (chapter,) = work["chapters"]
    assert {"title", "level", "paragraphs", "words", "children"} <= chapter.keys()
    assert (chapter["title"], chapter["level"], chapter["paragraphs"]) == ("Letter to Lenin", 1, 12)


def test_a_user_error_is_one_line_and_a_non_zero_exit(write: Write) -> None:
    bad = write("bad.txt", "TITLE: Fine\nAUTHOR Peter\n----\n\nBody.\n")
    result = _publish("info", str(bad))
    assert result.returncode != 0
    assert (
        result.stderr.strip() == f"publish: error: {bad}:2: header line is not `KEY: value`: "
        "'AUTHOR Peter' (header keys are capitals, digits and underscores, followed by a colon)"
    )
    assert _publish("info", "/no/such/path").returncode != 0


def test_quiet_prints_nothing_and_verbose_lists_left_out_lines(write: Write) -> None:
    book = write("book.txt", "CONTENTS    3\n\nCHAPTER I\n\nTHE START\n\nSome text.\n")
    assert _publish("info", "-q", str(book)).stdout == ""
    verbose = _publish("info", "-v", str(book)).stdout
    assert "book.txt:1: CONTENTS    3  [table of contents]" in verbose
    assert "Chapter I. The Start" in verbose
