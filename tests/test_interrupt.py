"""A run killed at any moment never leaves a damaged file under a real name, and the next run finishes with
the same bytes as a run never interrupted, redoing only what was not finished. Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import document, survived
from tests.test_audio import THREE_CHAPTERS

pytestmark = pytest.mark.slow

# When each run is killed: once the cache holds so many clips, or once the N-th chapter file is being encoded.
KILL_WHEN = (("clips", 2), ("clips", 7), ("clips", 13), ("clips", 20), ("encoding", 1), ("encoding", 4))


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


@pytest.fixture(scope="module")
def long_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("src") / "long.txt"
    path.write_text(document(_long_text(chapters=6), title="Long", source_id="long"), encoding="utf-8")
    return path


def test_killed_at_many_moments_then_run_again_gives_the_same_bytes(long_source: Path, tmp_path: Path) -> None:
    reference_out = tmp_path / "reference"
    done = subprocess.run(_command(long_source, reference_out, reference_out / "cache", "-q"), capture_output=True)
    assert done.returncode == 0, done.stderr
    reference = _files(reference_out / "long")
    out, cache = tmp_path / "out", tmp_path / "cache"
    for what, count in KILL_WHEN:
        process = subprocess.Popen(
            _command(long_source, out, cache, "-q"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_until(process, what, count, out / "long", cache)
        time.sleep(random.Random(count).uniform(0, 0.2))  # somewhere in what follows, not at a chosen line
        process.kill()
        assert process.wait() == -signal.SIGKILL, f"the run had finished before the kill ({what} {count})"
        folder = out / "long"
        if folder.is_dir():
            for name, data in _files(folder).items():
                assert data == reference[name], f"{name} is under its real name but not complete ({what} {count})"
    final = subprocess.run(_command(long_source, out, cache), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert _files(out / "long") == reference
    assert not list((out / "long").glob(".*.part"))
    made, cached = re.search(r"; (\d+) clips? made, (\d+) from the cache", final.stdout).groups()  # type: ignore[union-attr]
    assert int(cached) > 0, "what the killed runs made is used"
    assert int(made) < int(cached), "the last run makes only what the killed runs had not"
    survived("SIGKILLs while narrating and encoding, then the same bytes", len(KILL_WHEN))


# Run `publish` in a process that kills itself with SIGKILL at an exact moment, the N-th time it reaches a point;
# or that finds the disk full when it writes its N-th chapter file.
FAULTS = """
import os, pathlib, signal, sys
from pressroom import cli, ffmpeg, outputs
from pressroom.audio import cache

point, nth = sys.argv[1], int(sys.argv[2])
calls = 0

def reached():
    global calls
    calls += 1
    return calls == nth

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "cache entry half-written":
    real_write = cache.atomic_write_bytes
    def write(target, data, hint=""):
        if reached():
            with outputs.atomic_output(target, hint) as stream:
                stream.write(data[: len(data) // 2])
                stream.flush()
                die()
        real_write(target, data, hint)
    cache.atomic_write_bytes = write
elif point == "encoding":
    real_feed = ffmpeg.Encoder.write
    def feed(self, samples):
        real_feed(self, samples)
        if reached():
            die()
    ffmpeg.Encoder.write = feed
elif point == "chapter files half renamed":
    real_replace = pathlib.Path.replace
    def replace(self, target):
        moved = real_replace(self, target)
        if str(target).endswith(".mp3") and reached():
            die()
        return moved
    pathlib.Path.replace = replace
elif point == "disk full while encoding":
    real_start = ffmpeg.Encoder.__init__
    def start(self, rate, output, *arguments, **options):
        if output.name.endswith(".mp3.part") and reached():
            os.symlink("/dev/full", output)  # ffmpeg writes there and gets ENOSPC, as on a full disk
        real_start(self, rate, output, *arguments, **options)
    ffmpeg.Encoder.__init__ = start
elif point == "narrated EPUB written, not renamed":
    real_fsync = os.fsync
    def fsync(fd):
        if ".narrated.epub." in os.readlink(f"/proc/self/fd/{fd}") and reached():
            die()
        real_fsync(fd)
    os.fsync = fsync
sys.exit(cli.main(sys.argv[3:]))
"""

# In this order each point is reached: the first runs fill the cache, the later ones get to the files.
KILL_POINTS = (
    ("cache entry half-written", 3),
    ("cache entry half-written", 4),
    ("encoding", 10),
    ("chapter files half renamed", 2),
    ("narrated EPUB written, not renamed", 1),
)


def test_killed_at_the_riskiest_moments_then_run_again_gives_the_same_bytes(
    source: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    arguments = _command(source, out, cache, "-q")[1:]
    for point, nth in KILL_POINTS:
        killed = subprocess.run(
            [sys.executable, "-c", FAULTS, point, str(nth), *arguments], capture_output=True, text=True, timeout=300
        )
        assert killed.returncode == -signal.SIGKILL, f"not killed at {point} #{nth}: {killed.stderr}"
        folder = out / "three"
        if folder.is_dir():
            for name, data in _files(folder).items():
                assert data == reference[name], f"{name} is under its real name but not complete ({point})"
    leftovers = list(cache.rglob(".*.part"))
    assert leftovers, "a killed cache write leaves its temporary file"
    for leftover in leftovers:  # an hour old: no run can still be writing it
        os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    final = subprocess.run(_command(source, out, cache), capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert _files(out / "three") == reference
    assert not list((out / "three").glob(".*.part")) and not list(cache.rglob(".*.part"))
    # Every clip was made once, before the last run, and the audio files too: only the read-along book is made.
    assert "0 clips made, 13 from the cache; unchanged: the files stand as they were made" in final.stdout, final.stdout
    print(f"{len(KILL_POINTS)} kills at chosen moments survived")
    survived("SIGKILLs at chosen moments (cache write, encoding, renames, EPUB), then the same bytes", len(KILL_POINTS))


def test_a_disk_that_fills_while_a_chapter_is_encoded_is_a_clear_error_and_the_next_run_resumes(
    source: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    arguments = _command(source, out, cache)[1:]
    full = subprocess.run(
        [sys.executable, "-c", FAULTS, "disk full while encoding", "2", *arguments],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert full.returncode == 1
    (message,) = [line for line in full.stderr.strip().splitlines() if line.startswith("publish:")]
    chapter = out / "three" / "02 - Chapter II - The Second.mp3"
    assert message.startswith(f"publish: error: ffmpeg could not write {chapter}: ")
    assert "No space left on device" in message and "free some space on that disk" in message
    folder = out / "three"
    assert not list(folder.glob(".*")), "nothing half-written is left, not even under a temporary name"
    # A chapter is published when it is complete, so a listener can start early: the first is there, whole.
    assert [p.name for p in folder.glob("*.mp3")] == ["01 - Chapter I - The First.mp3"]
    for name, data in _files(folder).items():
        assert data == reference[name]
    # The clips made before the disk filled are kept; how many depends on how far synthesis had run ahead.
    kept = len(list(cache.glob("clips/*/*.clip")))
    assert kept > 0
    again = subprocess.run(_command(source, out, cache), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _files(folder) == reference
    made, cached = re.search(r"; (\d+) clips? made, (\d+) from the cache", again.stdout).groups()  # type: ignore[union-attr]
    assert (int(made), int(cached)) == (13 - kept, kept), "the next run makes only the clips the first had not"
    survived("full disks (ffmpeg writing a chapter, fsync of a book)")


def test_ctrl_c_stops_within_two_seconds_and_leaves_no_temporary_file(long_source: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [c for c in _command(long_source, out, cache) if c not in ("--workers", "1")]
    # In a session of its own, so that Ctrl-C reaches the run and its workers together, as a terminal sends it
    # to the foreground process group; the time is until the run itself has exited (the prompt is back).
    # Ctrl-C at its default, as in a shell's foreground job: a test run started in the background (`pytest &`)
    # has SIGINT ignored, the child would inherit that, and the run would rightly go on to the end. A handler
    # (unlike an ignore) is reset to the default across exec.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    _wait_until(process, "clips", 2, out / "long", cache)  # Ctrl-C is for a run at work
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    process.wait(timeout=30)
    stopped = time.monotonic() - started
    _, stderr = process.communicate(timeout=30)
    assert stopped < 2.0
    assert process.returncode == 130, stderr
    assert "publish: interrupted; stopped in long with " in stderr and "Traceback" not in stderr
    assert "paragraphs narrated (kept in the cache)" in stderr
    assert not list(out.rglob(".*.part"))
    assert not list(cache.rglob(".*.part"))
    survived("Ctrl-C while narrating")


def test_ctrl_c_while_python_still_loads_pressroom_is_one_line(source: Path, tmp_path: Path) -> None:
    """Ctrl-C a tenth of a second after the start, while the program is still importing its modules (a second or
    so): one line and 130, as at any later moment, not a traceback from the middle of an import."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # see the test above
    try:
        process = subprocess.Popen(_command(source, tmp_path / "out", tmp_path / "cache"), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1].startswith("publish: interrupted"), stderr
    assert not (tmp_path / "out").exists()


def _long_text(chapters: int) -> str:
    paragraph = "This paragraph is one of many, written to keep the narrator busy for a while."
    return "\n\n".join(
        f"CHAPTER {number}\n\n" + "\n\n".join(f"{paragraph} It is number {n} of chapter {number}." for n in range(1, 6))
        for number in range(1, chapters + 1)
    )


def _reached(what: str, count: int, folder: Path, cache: Path) -> bool:
    if what == "clips":
        return len(list(cache.rglob("*.clip"))) >= count
    return bool(list(folder.glob(f".{count:02d} - *.mp3.part")))


def _wait_until(process: subprocess.Popen[bytes] | subprocess.Popen[str], *moment: Any) -> None:
    deadline = time.monotonic() + 120
    while not _reached(*moment):
        assert process.poll() is None, "the run ended before the moment it was to be stopped at"
        assert time.monotonic() < deadline, "the run did not get there in two minutes"
        time.sleep(0.01)
