"""The `publish` command as a user runs it: in a subprocess, through the installed console script."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom import __version__
from pressroom.cli import main

pytestmark = pytest.mark.slow

Write = Callable[[str, str | bytes], Path]


def _publish(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = shutil.which("publish", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "pressroom.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=False, timeout=300, cwd=cwd)


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
    assert "Chapter I: The Start" in verbose


def test_epub_with_no_path_makes_the_sample_book_under_output(tmp_path: Path) -> None:
    result = _publish("epub", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    book = tmp_path / "output" / "letter_to_lenin" / "letter_to_lenin.epub"
    assert result.stdout.startswith(f"made {book.relative_to(tmp_path)} (1 chapter, 561 words, ")
    assert zipfile.is_zipfile(book)
    assert [p.name for p in book.parent.iterdir()] == [book.name]


def test_epub_check_runs_epubcheck_on_what_it_made(tmp_path: Path) -> None:
    result = _publish("epub", "-o", str(tmp_path), "--check")
    assert result.returncode == 0, result.stderr
    assert "EPUBCheck 5.3.0: 0 fatal, 0 error, 0 warning, 0 usage: clean" in result.stdout


def test_epub_collection_binds_the_chosen_works(corpus: Path, tmp_path: Path) -> None:
    result = _publish(
        "epub", str(corpus), "--work", "letter_to_lenin", "--work", "law_and_authority",
        "--collection", "Two Pieces", "-o", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "two_pieces" / "two_pieces.epub").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["two_pieces"]


def test_epub_into_a_folder_that_cannot_be_written_is_one_clear_error(tmp_path: Path) -> None:
    # A file where the work's folder should be (`-o` naming a file is refused before any work: see test_user_errors).
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "letter_to_lenin"
    blocker.write_text("a file where the work's folder should be", encoding="utf-8")
    result = _publish("epub", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith(f"publish: error: cannot write {blocker}/letter_to_lenin.epub")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_epub_over_a_corpus_makes_every_book_and_keeps_going_past_a_bad_work(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    (bad,) = copy.glob("*/law_and_authority/*.txt")
    bad.write_text("TITLE: Broken\nno colon here\n----\n\nBody.\n", encoding="utf-8")
    result = _publish("epub", str(copy), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    made = sorted((tmp_path / "out").glob("*/*.epub"))
    assert len(made) == 78
    assert result.stdout.count("\nmade ") + result.stdout.startswith("made ") == 78
    assert "1 of 79 works failed; the other 78 went through" in result.stderr


def test_audio_with_no_path_narrates_the_sample_and_a_rerun_uses_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _publish("audio", "--cache-dir", str(cache), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "output" / "letter_to_lenin"
    assert sorted(p.name for p in folder.iterdir()) == [
        "01 - Letter to Lenin.mp3",
        "check.json",
        "letter_to_lenin.m3u",
        "letter_to_lenin.m4b",
        "narration.json",
    ]
    assert "checked output/letter_to_lenin: every audio file passes (2 files)" in first.stdout
    assert first.stdout.startswith("made output/letter_to_lenin: 1 MP3 file, letter_to_lenin.m4b, letter_to_lenin.m3u")
    assert "18 clips made, 0 from the cache" in first.stdout
    second = _publish("audio", "--cache-dir", str(cache), cwd=tmp_path)
    assert "0 clips made, 18 from the cache" in second.stdout
    info = _publish("cache", "--cache-dir", str(cache))
    assert info.stdout.startswith(f"{cache}: 18 clips, ")
    cleared = _publish("cache", "clear", "--cache-dir", str(cache))
    assert cleared.stdout.startswith(f"cleared {cache}: 18 clips")
    assert _publish("cache", "--cache-dir", str(cache)).stdout.startswith(f"{cache}: 0 clips, 0.0 MB")


def test_voices_lists_the_voices_and_renders_a_sample(tmp_path: Path) -> None:
    listed = _publish("voices", cwd=tmp_path)
    assert listed.stdout.splitlines()[0].startswith("heart (default): hibari; ")
    assert {line.split(":")[0] for line in listed.stdout.splitlines()} >= {"heart (default)", "joe", "google"}
    sample = _publish("voices", "--sample", "heart", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path)
    assert sample.returncode == 0, sample.stderr
    made = tmp_path / "output" / "voices" / "heart-sample.mp3"
    assert sample.stdout.strip() == "made output/voices/heart-sample.mp3"
    assert made.stat().st_size > 10_000
    assert sorted(p.name for p in made.parent.iterdir()) == ["heart-sample.mp3"]


def test_audio_with_an_unknown_voice_is_one_clear_error(tmp_path: Path) -> None:
    result = _publish("audio", "--voice", "hart", cwd=tmp_path)
    assert result.returncode == 64
    assert result.stderr.strip() == (
        "publish: error: no voice named 'hart' (did you mean heart?; `publish voices` lists them)"
    )
    assert not (tmp_path / "output").exists()


def test_book_with_no_path_makes_the_epub_the_audio_and_the_narrated_epub(tmp_path: Path) -> None:
    result = _publish("book", "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "made output/letter_to_lenin/letter_to_lenin.epub"
    assert lines[1].startswith("made output/letter_to_lenin/letter_to_lenin.narrated.epub (read-along narration, 0:03:")
    assert lines[2].startswith("made output/letter_to_lenin: 1 MP3 file, letter_to_lenin.m4b, letter_to_lenin.m3u")
    assert sorted(p.name for p in (tmp_path / "output" / "letter_to_lenin").iterdir()) == [
        "01 - Letter to Lenin.mp3",
        "book.json",
        "check.json",
        "letter_to_lenin.epub",
        "letter_to_lenin.m3u",
        "letter_to_lenin.m4b",
        "letter_to_lenin.narrated.epub",
        "narration.json",
    ]


def test_check_prints_a_table_writes_check_json_and_fails_on_a_broken_file(tmp_path: Path) -> None:
    made = _publish("book", "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    checked = _publish("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "letter_to_lenin/" in checked.stdout and "01 - Letter to Lenin.mp3" in checked.stdout
    assert "4 files checked: 4 pass, 0 fail; 0 suspicious paragraphs; 0 marker problems" in checked.stdout
    table = [line for line in checked.stdout.splitlines() if not line.startswith("wrote ")]
    assert max(len(line) for line in table) <= 80, "the table fits an 80-column terminal"
    assert re.search(r"\b0:03:\d\d\b", checked.stdout), "lengths as h:mm:ss"
    report = json.loads((tmp_path / "output" / "check.json").read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert {f["kind"] for f in report["files"]} == {"epub", "mp3", "m4b"}
    mp3 = tmp_path / "output" / "letter_to_lenin" / "01 - Letter to Lenin.mp3"
    mp3.write_bytes(mp3.read_bytes()[: mp3.stat().st_size // 2])
    broken = _publish("check", "output/letter_to_lenin", cwd=tmp_path)
    assert broken.returncode == 1
    assert "FAIL" in broken.stdout and "truncated?" in broken.stdout


def test_book_quiet_prints_nothing_and_succeeds(tmp_path: Path) -> None:
    result = _publish("book", "-q", "--cache-dir", str(tmp_path / "cache"), cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "output" / "letter_to_lenin" / "letter_to_lenin.narrated.epub").is_file()


def test_audio_on_two_workers_makes_the_same_files_as_one(tmp_path: Path) -> None:
    one = _publish("audio", "-q", "--workers", "1", "-o", str(tmp_path / "one"), "--cache-dir", str(tmp_path / "c1"))
    two = _publish("audio", "-q", "--workers", "2", "-o", str(tmp_path / "two"), "--cache-dir", str(tmp_path / "c2"))
    assert (one.returncode, two.returncode) == (0, 0), one.stderr + two.stderr
    for name in ("01 - Letter to Lenin.mp3", "letter_to_lenin.m4b"):
        first = (tmp_path / "one" / "letter_to_lenin" / name).read_bytes()
        assert first == (tmp_path / "two" / "letter_to_lenin" / name).read_bytes()


def test_bad_executor_options_are_clear_errors(tmp_path: Path) -> None:
    workers = _publish("audio", "--workers", "0", cwd=tmp_path)
    assert (workers.returncode, workers.stderr.strip()) == (64, "publish: error: --workers 0: give 1 or more")
    scheduler = _publish("audio", "--scheduler", "tcp://127.0.0.1:1", cwd=tmp_path)
    assert (scheduler.returncode, scheduler.stderr.strip()) == (
        64,
        "publish: error: --scheduler is for --executor dask",
    )


def test_narration_into_a_pipe_says_a_line_as_each_stage_begins(tmp_path: Path) -> None:
    """With no terminal there are no bars, and a long run said nothing until its end."""
    err = io.StringIO()
    arguments = ["audio", "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")]
    assert main(arguments, io.StringIO(), err) == 0
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("letter_to_lenin: narrating (0 of 18 paragraphs")
    assert [line.split(": ")[1].split(" (")[0] for line in lines[1:]] == [
        "writing file 1", "the M4B and the playlist", "checking the audio",
    ]  # fmt: skip
    quiet = io.StringIO()
    assert main([*arguments, "-q"], io.StringIO(), quiet) == 0 and quiet.getvalue() == ""


def test_the_read_along_line_says_the_narrations_own_figures(tmp_path: Path) -> None:
    """It said "1 of 1 paragraphs, 0:04:30" (the files' length) right after "18 of 18 paragraphs, 0:04:19 of
    speech"."""
    err = io.StringIO()
    arguments = ["book", "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")]
    assert main(arguments, io.StringIO(), err) == 0
    lines = err.getvalue().splitlines()
    checking, readalong = lines[-2], lines[-1]
    assert readalong.startswith("letter_to_lenin: the read-along EPUB (")
    assert readalong.split(" (")[1] == checking.split(" (")[1]


def test_stopping_says_which_of_the_works_files_are_complete() -> None:
    """The interrupt message named the finished works, never the finished files of the one stopped."""
    from pressroom.audio.supply import Progress
    from pressroom.commands.narration import _Ledger

    ledger = _Ledger(finished=["a"], current="memoirs")
    ledger.state = Progress(410, 1427, 20_000.0, 410, "writing file 7", files_complete=6)
    assert ledger.describe().startswith(
        "interrupted; finished: a; stopped in memoirs with 410 of 1427 paragraphs narrated (kept in the cache), "
        "and its first 6 files complete;"
    )
    ledger.state = Progress(1427, 1427, 55_000.0, 1427, "the M4B and the playlist", 9, all_files_complete=True)
    assert "every one of its MP3 files complete" in ledger.describe()
    # Read from the typed event, not its words: a stage said otherwise says the same.
    ledger.state = Progress(410, 1427, 20_000.0, 410, "encoding chapter seven", files_complete=6)
    assert "and its first 6 files complete;" in ledger.describe()
    ledger.state = Progress(3, 1427, 20.0, 3, "narrating")
    assert "complete" not in ledger.describe().split("cache)")[1].split(";")[0]
