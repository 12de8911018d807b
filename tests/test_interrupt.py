"""A run killed at any moment never leaves a damaged file under a real name, and the next run finishes with
the same bytes as a run never interrupted, redoing only what was not finished. Ctrl-C stops cleanly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import document
from tests.test_audio import THREE_CHAPTERS

KILL_AFTER_SECONDS = (0.8, 1.6, 2.4, 3.2, 4.0, 5.0)


def _command(source: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    script = shutil.which("publish", path=str(Path(sys.executable).parent))
    assert script is not None
    return [script, "book", str(source), "-o", str(out), "--cache-dir", str(cache), "--workers", "1", *extra]


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if not path.name.startswith(".")}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("src") / "three.txt"
    path.write_text(document(THREE_CHAPTERS, title="Three Chapters", source_id="three"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    done = subprocess.run(_command(source, out, out / "cache", "-q"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return _files(out / "three")


def test_killed_at_many_moments_then_run_again_gives_the_same_bytes(
    source: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    survived = 0
    for delay in KILL_AFTER_SECONDS:
        process = subprocess.Popen(
            _command(source, out, cache, "-q"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        process.kill()
        process.wait()
        survived += 1
        folder = out / "three"
        if folder.is_dir():
            for name, data in _files(folder).items():
                assert data == reference[name], f"{name} is under its real name but not complete (killed at {delay} s)"
    final = subprocess.run(_command(source, out, cache), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert _files(out / "three") == reference
    assert not list((out / "three").glob(".*.part"))
    made = int(final.stdout.split(" clips made")[0].rsplit("; ", 1)[1])
    assert made < 20, "the last run only made what the killed runs had not"
    print(f"{survived} kills survived; the last run made {made} clips")


def test_ctrl_c_stops_within_two_seconds_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    long_source = tmp_path / "long.txt"
    long_source.write_text(document(_long_text(chapters=8), title="Long", source_id="long"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [c for c in _command(long_source, out, cache) if c not in ("--workers", "1")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until_narrating(process, cache)
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 2.0
    assert process.returncode == 130, stderr
    assert "publish: interrupted; stopped in long with " in stderr and "Traceback" not in stderr
    assert "paragraphs narrated (kept in the cache)" in stderr
    assert not list(out.rglob(".*.part"))
    assert not list(cache.rglob(".*.part"))


def _long_text(chapters: int) -> str:
    paragraph = "This paragraph is one of many, written to keep the narrator busy for a while. " * 3
    return "\n\n".join(
        f"CHAPTER {number}\n\n" + "\n\n".join(f"{paragraph}It is number {n}." for n in range(6))
        for number in range(1, chapters + 1)
    )


def _wait_until_narrating(process: subprocess.Popen[str], cache: Path) -> None:
    """Ctrl-C is meant for a run at work: wait until its first clips are in the cache."""
    deadline = time.monotonic() + 120
    while len(list(cache.rglob("*.clip"))) < 2:
        assert process.poll() is None, "the run ended before it was interrupted"
        assert time.monotonic() < deadline, "no clip was narrated in two minutes"
        time.sleep(0.05)
