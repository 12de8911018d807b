"""A rerun does only what changed (issue 42): when every clip is in the cache and the files would be made from
what they were made from (`narration.json`'s `made_from`), nothing is assembled, encoded or checked again; any
change (a name's reading, the narrator, the preset, a missing file) makes them again. With the stand-in voice."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.layout import WorkFolder

FOLDER = "letter_to_lenin"


def _book(tmp_path: Path, *extra: str) -> str:
    out = io.StringIO()
    arguments = ["book", "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"), *extra]
    assert main(arguments, stdout=out, stderr=io.StringIO()) == 0
    return out.getvalue()


def _stamps(tmp_path: Path) -> dict[str, int]:
    """Each file of the work's folder, and when it was last written (ns): a file written again shows."""
    folder = tmp_path / "out" / FOLDER
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir() if not path.name.endswith(".epub")}


def test_a_rerun_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    _book(tmp_path)
    before = _stamps(tmp_path)
    narrated = (tmp_path / "out" / FOLDER / f"{FOLDER}.narrated.epub").stat().st_mtime_ns
    said = _book(tmp_path)
    assert "0 clips made, 18 from the cache; unchanged: the files stand as they were made" in said
    assert _stamps(tmp_path) == before, "no MP3, M4B, playlist, record or report written again"
    assert (tmp_path / "out" / FOLDER / f"{FOLDER}.narrated.epub").stat().st_mtime_ns == narrated


@pytest.mark.parametrize(
    ("change", "remade"),
    [
        (["--narrator", "Jane Doe"], "01 - Letter to Lenin.mp3"),  # the tags
        (["--preset", "podcast"], "01 - Letter to Lenin.mp3"),  # the mastering
        (["--notes", "skip"], "narration.json"),
    ],
)
def test_a_rerun_with_another_setting_makes_the_files_again(tmp_path: Path, change: list[str], remade: str) -> None:
    _book(tmp_path)
    before = _stamps(tmp_path)
    said = _book(tmp_path, *change)
    assert "unchanged" not in said
    assert _stamps(tmp_path)[remade] != before[remade]


def test_a_missing_file_or_a_record_from_before_makes_them_again(tmp_path: Path) -> None:
    _book(tmp_path)
    folder = WorkFolder(tmp_path / "out" / FOLDER)
    folder.m4b.unlink()
    assert "unchanged" not in _book(tmp_path)
    assert folder.m4b.is_file()
    record = folder.narration.read_text(encoding="utf-8")
    made_from = record.split('"made_from": ')[1].split("\n")[0]
    folder.narration.write_text(record.replace(made_from, '""'), encoding="utf-8")
    assert "unchanged" not in _book(tmp_path), "a record that says nothing of what made the files"
    assert "unchanged" in _book(tmp_path)


@pytest.mark.slow
def test_a_spread_rerun_sends_no_unchanged_work_to_a_worker(tmp_path: Path) -> None:
    """`--spread works` sent every work to a worker, which made every file again in a folder of its own."""
    _book(tmp_path, "--spread", "works", "--workers", "2")
    before = _stamps(tmp_path)
    said = _book(tmp_path, "--spread", "works", "--workers", "2")
    assert "0 clips made, 18 from the cache; unchanged: the files stand as they were made" in said
    assert _stamps(tmp_path) == before


@pytest.mark.parametrize("spread", [[], ["--spread", "works", "--workers", "2"]])
def test_a_change_to_the_book_alone_makes_the_read_along_book_again(tmp_path: Path, spread: list[str]) -> None:
    """A description (or a caption) changes the book and not the narration: the read-along book, which is the
    book with the narration, is made again; the audio stands (`--spread works` too: the work is not sent to a
    worker, which has none of its files and would make them all again)."""
    _book(tmp_path, *spread)
    narrated = tmp_path / "out" / FOLDER / f"{FOLDER}.narrated.epub"
    before, audio = narrated.read_bytes(), _stamps(tmp_path)["01 - Letter to Lenin.mp3"]
    said = _book(tmp_path, "--description", "Another description of the letter.", *spread)
    assert "unchanged" in said, "the narration stands"
    with zipfile.ZipFile(narrated) as book:
        package = b"".join(book.read(name) for name in book.namelist() if name.endswith(".opf"))
    assert narrated.read_bytes() != before and b"Another description of the letter." in package
    assert _stamps(tmp_path)["01 - Letter to Lenin.mp3"] == audio


@pytest.mark.slow
def test_a_spread_run_killed_in_the_middle_of_a_work_keeps_the_clips_made_of_it(tmp_path: Path) -> None:
    """`--spread works` on this machine: the workers write each clip to the run's cache as they make it, so a run
    killed (SIGKILL, no cleanup) while a long work is on a worker loses none of that work's clips, and the next
    run takes them from the cache."""
    import os
    import signal
    import subprocess
    import sys
    import time

    cache = tmp_path / "c"
    command = [sys.executable, "-m", "pressroom.cli", "audio", "--voice", "heart", "--spread", "works",
               "--workers", "2", "-o", str(tmp_path / "out"), "--cache-dir", str(cache)]  # fmt: skip
    errors = tmp_path / "stderr.log"
    with errors.open("wb") as stderr:
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and len(list(cache.glob("clips/*/*.clip"))) < 3:
                assert run.poll() is None, errors.read_text()
                time.sleep(0.2)
        finally:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    kept = len(list(cache.glob("clips/*/*.clip")))
    assert kept >= 3
    assert not (tmp_path / "out" / FOLDER / "narration.json").exists(), "killed before the work was finished"
    out = io.StringIO()
    arguments = ["audio", "--voice", "heart", "-o", str(tmp_path / "out"), "--cache-dir", str(cache)]
    assert main(arguments, stdout=out, stderr=io.StringIO()) == 0
    made, cached = map(int, re.search(r"(\d+) clips made, (\d+) from the cache", out.getvalue()).groups())  # type: ignore[union-attr]
    assert cached >= kept - 1 and made + cached == 18, out.getvalue()


@pytest.mark.slow
def test_a_polite_kill_stops_a_spread_run_as_ctrl_c_does_and_a_killed_runs_scratch_is_removed_next_time(
    tmp_path: Path,
) -> None:
    """SIGTERM (`kill`, a batch system's time limit) stops `publish` as Ctrl-C does: exit 130, its scratch
    folder gone. A run killed outright (SIGKILL) cannot clean up: its scratch folder (a work's files in the
    making) is removed by the next run, since its owner is gone; a running run's folder is left alone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    abandoned = scratch_root / "pressroom-run-abandoned"
    abandoned.mkdir()
    (abandoned / "owner.pid").write_text("999999999")
    alive = scratch_root / "pressroom-run-alive"
    alive.mkdir()
    (alive / "owner.pid").write_text(str(os.getpid()))
    cache = tmp_path / "c"
    publish = [sys.executable, "-c", "from pressroom.entry import run; run()"]
    command = [*publish, "audio", "--voice", "heart", "--spread", "works", "--workers", "2",
               "-o", str(tmp_path / "out"), "--cache-dir", str(cache)]  # fmt: skip
    errors = tmp_path / "stderr.log"
    with errors.open("wb") as stderr:
        run = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "TMPDIR": str(scratch_root)}
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not list(cache.glob("clips/*/*.clip")):
            assert run.poll() is None, errors.read_text()
            time.sleep(0.2)
        assert not abandoned.exists(), "the killed run's scratch folder is removed"
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 130, errors.read_text()
    said = errors.read_text()
    assert "interrupted" in said and "the clips they had made are kept in the cache" in said, said
    # onnxruntime keeps a session id of its own (`.ses`) in TMPDIR once a worker loads the voice: not ours.
    ours = sorted(path.name for path in scratch_root.iterdir() if path.name.startswith("pressroom-"))
    assert ours == ["pressroom-run-alive"]
