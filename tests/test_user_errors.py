"""The mistakes users make, end to end through the installed command: one line on stderr naming the file and
what to do, the documented exit status (2 bad input, 64 a bad command line), never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.text.announcements import wording_for
from tests.conftest import CORPUS
from tests.test_cli import _publish

# Enough lines of output that `head -1` closes the pipe while publish still writes.
CORPUS_OR_SAMPLE = CORPUS if CORPUS.is_dir() else ""

Write = Callable[[str, str | bytes], Path]


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("publish: error: ")
    return lines[0]


def test_a_header_line_that_is_not_key_value_exits_2_naming_file_and_line(write: Write) -> None:
    bad = write("bad.txt", "TITLE: Fine\nAUTHOR Peter\n----\n\nBody.\n")
    result = _publish("epub", str(bad), "-o", str(bad.parent / "out"))
    assert result.returncode == 2
    assert f"{bad}:2:" in _one_line_error(result.stderr)


def test_a_binary_file_exits_2(write: Write) -> None:
    binary = write("picture.txt", bytes(range(256)) * 4)
    result = _publish("info", str(binary))
    assert result.returncode == 2
    assert "binary file" in _one_line_error(result.stderr)


def test_control_characters_in_header_and_options_are_removed_with_a_warning(write: Write, tmp_path: Path) -> None:
    source = write("f.txt", "TITLE: X\nAUTHOR: A\x0cB\nSOURCE_ID: f\x0c0\n----\n\nBody.\n")
    result = _publish("epub", str(source), "--title", "Bell\x07Title", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "author had characters a book cannot carry" in result.stderr
    assert "title had characters" in result.stderr
    assert "source_id had characters" in result.stderr
    stray = write("bell.txt", "TITLE: A\x07B\n----\n\nBody.\n")
    assert _publish("info", str(stray)).returncode == 0, "one BEL does not make a text file binary"


@pytest.mark.parametrize(
    "content",
    [
        '{"format": 1}',
        "not json at all",
        '{"format": 1, "preset": "acx", "files": [{"name": "../../etc/passwd"}], "m4b": {"name": "x", "chapters": []}}',
        '{"format": 1, "preset": "loud", "files": [], "m4b": {"name": "x.m4b", "chapters": []}}',
        '{"format": 1, "preset": "acx", "files": "many", "m4b": {}}',
        "[1, 2, 3]",
    ],
    ids=["keys missing", "not json", "a name outside the folder", "an unknown preset", "wrong types", "a list"],
)
def test_check_on_a_damaged_narration_file_is_one_line_exit_2(content: str, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "narration.json").write_text(content, encoding="utf-8")
    result = _publish("check", str(folder))
    assert result.returncode == 2, result.stdout + result.stderr
    line = _one_line_error(result.stderr)
    assert str(folder / "narration.json") in line
    assert "publish audio" in line or "--preset" in line, "it says what to do"


def test_bad_command_lines_exit_64_and_a_missing_input_2(tmp_path: Path) -> None:
    missing = _publish("info", "/no/such/path")
    assert missing.returncode == 2
    assert "/no/such/path: no such file or folder" in _one_line_error(missing.stderr)
    bad_option = _publish("info", "--no-such-option")
    assert bad_option.returncode == 64, "argparse's own errors are a bad command line too"
    assert "unrecognized arguments: --no-such-option" in bad_option.stderr
    assert _publish("audio", "--preset", "loud").returncode == 64
    assert _publish("audio", "--workers", "0", "-o", str(tmp_path)).returncode == 64
    unknown = _publish("audio", "--voice", "nobody", "-o", str(tmp_path))
    assert unknown.returncode == 64
    assert "no voice named 'nobody'" in _one_line_error(unknown.stderr)


def test_a_broken_voice_profile_is_skipped_with_a_warning_and_an_error_only_when_chosen(tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "odd.toml").write_text('name = "odd"\nengine = "espeak"\n', encoding="utf-8")
    listed = _publish("voices", "--voices-dir", str(voices))
    assert listed.returncode == 0, listed.stderr
    (warning,) = listed.stderr.strip().splitlines()
    assert warning.startswith("publish: warning: ") and "odd.toml" in warning and "skipped" in warning
    assert "hibari" in warning and "piper" in warning, "it names the engines there are"
    assert "heart (default)" in listed.stdout and "odd" not in listed.stdout
    chosen = _publish("audio", "--voices-dir", str(voices), "--voice", "odd", "-o", str(tmp_path / "out"))
    assert chosen.returncode == 2
    assert "odd.toml" in _one_line_error(chosen.stderr)
    assert not (tmp_path / "out").exists()


def test_a_voices_dir_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    result = _publish("voices", "--voices-dir", str(tmp_path / "no-such-folder"))
    assert result.returncode == 64
    assert "no-such-folder" in _one_line_error(result.stderr)


def test_source_date_epoch_that_is_not_a_number_exits_64(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = _publish("epub", "-o", str(tmp_path))
    assert result.returncode == 64
    assert "SOURCE_DATE_EPOCH" in _one_line_error(result.stderr)
    assert "made" not in result.stdout


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("--language=not a language!", "is not a BCP 47 language tag"),
        ("--language=english", "is not a BCP 47 language tag"),
        ("--title=", "--title is empty"),
        ("--author= ", "--author is empty"),
    ],
)
def test_metadata_that_would_make_an_invalid_book_is_refused(option: str, said: str, tmp_path: Path) -> None:
    result = _publish("epub", option, "-o", str(tmp_path))
    assert result.returncode == 64
    assert said in _one_line_error(result.stderr)
    assert not list(tmp_path.iterdir()), "nothing made"


def test_a_header_language_that_is_not_a_tag_is_bad_input(write: Write) -> None:
    source = write("l.txt", "TITLE: X\nLANGUAGE: klingon!\n----\n\nBody.\n")
    result = _publish("info", str(source))
    assert result.returncode == 2
    assert f"{source}: LANGUAGE 'klingon!'" in _one_line_error(result.stderr)


def test_output_cut_short_by_its_reader_is_quiet(tmp_path: Path) -> None:
    script = f"{sys.executable} -m pressroom.cli info {CORPUS_OR_SAMPLE} | head -1"
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {script}"], capture_output=True, text=True, check=False)
    assert done.stdout.count("\n") == 1
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr


class _ReaderPressesCtrlC(io.StringIO):
    """Standard output whose first write meets Ctrl-C, as when a user interrupts `publish info` mid-listing."""

    def write(self, text: str) -> int:
        raise KeyboardInterrupt


def test_ctrl_c_in_a_command_that_narrates_nothing_does_not_speak_of_narration() -> None:
    err = io.StringIO()
    assert main(["info"], stdout=_ReaderPressesCtrlC(), stderr=err, environ={}) == 130
    assert err.getvalue() == (
        "publish: interrupted; files already finished are complete and no half-written file is left\n"
    )


@pytest.mark.parametrize("command", ["epub", "audio", "book", "voices"])
def test_an_output_that_is_a_file_is_refused_before_any_work(command: str, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n", encoding="utf-8")
    result = _publish(command, "-o", str(a_file))
    assert result.returncode == 64
    assert f"argument -o/--output: {a_file} is a file; give a folder to write into" in result.stderr
    assert a_file.read_text(encoding="utf-8") == "mine\n"


def test_a_book_in_another_language_than_the_voice_is_warned_of(write: Write, tmp_path: Path) -> None:
    book = write("fr.txt", "Il était une fois un village au bord de la mer.\n")
    out = tmp_path / "out"
    made = _publish("audio", str(book), "--language", "fr", "--voice", "tone", "-o", str(out), "-q")
    assert made.returncode == 0, made.stderr
    (warning,) = made.stderr.strip().splitlines()
    assert warning.startswith("publish: warning: fr: the text is in fr but the voice tone speaks en")
    assert "--voice" in warning
    same = _publish("audio", str(book), "--language", "en-GB", "--voice", "tone", "-o", str(out), "-q")
    assert same.returncode == 0 and same.stderr == ""


def test_a_voice_that_speaks_the_books_language_announces_in_it(write: Write, tmp_path: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "ton-fr.toml").write_text('name = "ton-fr"\nengine = "tone"\nlanguage = "fr"\n', encoding="utf-8")
    book = write("conte.txt", "Il était une fois un village au bord de la mer.\n")
    out = tmp_path / "out"
    args = ("--title", "Le Conte", "--author", "Pierre Kropotkine", "--language", "fr-FR", "-q")
    made = _publish("audio", str(book), *args, "--voice", "ton-fr", "--voices-dir", str(voices), "-o", str(out))
    assert made.returncode == 0 and made.stderr == "", made.stderr
    narration = json.loads((out / "le_conte" / "narration.json").read_text(encoding="utf-8"))
    said = [utterance["text"] for file in narration["files"] for utterance in file["utterances"]]
    assert said[0] == "Le Conte, par Pierre Kropotkine."
    assert said[-1] == "Fin de Le Conte."


def test_a_part_of_a_long_chapter_is_named_in_the_books_language() -> None:
    french = wording_for("fr", "fr-CA")
    assert french.part_title("Chapitre 5", 2) == "Chapitre 5, partie 2"
    assert french.part_spoken("Chapitre 5", 2) == "Chapitre 5, partie deux."
    assert wording_for("fr", "en").part_spoken("Chapter 5", 2) == "Chapter 5, part 2.", "English for an English voice"
    assert wording_for("ru", "ru") == wording_for("en", "en"), "words not known here are English, with a warning"


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("renamed.epub", b"PK\x03\x04 a zip archive that is no book", "a ZIP archive, not an EPUB"),
        ("notes.epub", b"plain words, not a book", "named .epub, but it is not one"),
    ],
)
def test_a_file_that_is_no_epub_is_told_what_it_is(tmp_path: Path, name: str, data: bytes, said: str) -> None:
    (tmp_path / name).write_bytes(data)
    err = io.StringIO()
    assert main(["info", str(tmp_path / name)], io.StringIO(), err) == 2
    assert said in err.getvalue() and "UTF-8" not in err.getvalue()


def test_an_epub_missing_a_part_names_it(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "broken.epub", "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    err = io.StringIO()
    assert main(["info", str(tmp_path / "broken.epub")], io.StringIO(), err) == 2
    assert "the EPUB has no META-INF/container.xml" in err.getvalue()


def test_work_on_a_single_file_says_it_is_one_work(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_text("A short essay.\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["info", str(tmp_path / "essay.txt"), "--work", "part_first"], io.StringIO(), err) == 64
    assert "holds one work, not a corpus to choose from" in err.getvalue()


def test_lexicon_without_an_action_says_what_it_does() -> None:
    err = io.StringIO()
    assert main(["lexicon"], io.StringIO(), err) == 64
    assert "publish lexicon suggest PATH" in err.getvalue() and "arguments are required" not in err.getvalue()


UNWRITABLE = Path("/sys/kernel")
"""A folder no one may write in, even root (sysfs)."""


@pytest.mark.skipif(not UNWRITABLE.is_dir(), reason="no /sys/kernel to stand for a folder that cannot be written")
@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["-o", str(UNWRITABLE)], f"the output folder {UNWRITABLE} cannot be written"),
        (["--cache-dir", str(UNWRITABLE / "cache")], f"the clip cache folder {UNWRITABLE / 'cache'} cannot be written"),
    ],
)
def test_a_folder_that_cannot_be_written_is_one_line_before_any_work(
    tmp_path: Path, options: list[str], said: str
) -> None:
    """It was "1 paragraph could not be narrated: the executor (PressroomError: cannot write ...: Operation not
    permitted (free some space, ...))" for the cache, and a bare "Operation not permitted" for -o."""
    arguments = ["audio", "--voice", "tone", "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"), *options]
    err = io.StringIO()
    assert main(arguments, stdout=io.StringIO(), stderr=err) == 1
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "PressroomError" not in lines[0], lines
    assert "paragraph" not in lines[0] and "space" not in lines[0]
