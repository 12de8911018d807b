"""`publish check`: everything `publish` made under a folder, checked; a table, `check.json`, an exit status."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.file_checks import relative_name, write_report
from pressroom.audio.master import Preset
from pressroom.checks.listening import Listening, listen, narrated_files, voice_against_listener, write_listening
from pressroom.checks.output import check_output
from pressroom.commands.options import EXIT_SOME_FAILED, ExecutorOptions, PresetOption
from pressroom.commands.progress import progress_bar
from pressroom.commands.report import print_report
from pressroom.errors import UsageError
from pressroom.hear.listener import need_listener
from pressroom.run.executors import LOCAL, Placement, make_executor
from pressroom.text.wording import counted

NAME = "check"
HELP = "check what publish made: EPUBCheck, audio levels and format, paragraphs, chapter markers"
DESCRIPTION = (
    "Check everything publish made under PATH (a work's output folder, or a whole output tree): each "
    "EPUB with EPUBCheck; each MP3 and the M4B, measured on the decoded audio, against the preset it was "
    "mastered to (level, peaks, noise floor, room tone at head and tail, sample rate, bit rate, length); "
    "paragraphs whose narration is far shorter or longer than their words predict; and the chapter "
    "markers against the plan. Prints a table, writes PATH/check.json, and exits 1 if anything fails."
)


@dataclass(frozen=True)
class Options:
    path: Path
    preset: Preset | None
    """Judge against this preset; by default, the one each file was made to."""
    listen: bool = False
    sample: float = 1.0
    placement: Placement = LOCAL
    """Where the listening runs."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, nargs="?", default=Path("output"), help="what to check (default: output)")
    PresetOption.add_arguments(parser, default=None)
    parser.add_argument(
        "--listen",
        action="store_true",
        help="also hear the narration with a speech recogniser (Whisper base, offline) and score every paragraph "
        "against the words meant; writes check.html with a player at each paragraph that failed",
    )
    parser.add_argument(
        "--sample",
        type=float,
        metavar="FRACTION",
        help="with --listen: hear this fraction of each file's paragraphs (0.1: a tenth), the same on every run",
    )
    ExecutorOptions.add_arguments(parser, "listening")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if args.sample is not None and not args.listen:
        raise UsageError("--sample is for --listen", hint="publish check PATH --listen --sample 0.1")
    if args.sample is not None and not 0 < args.sample <= 1:
        raise UsageError(f"--sample {args.sample}: give a fraction above 0 and at most 1, such as 0.1")
    placement = ExecutorOptions.from_args(args)
    return Options(args.path, PresetOption.from_args(args), args.listen, args.sample or 1.0, placement)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    if options.listen:
        need_listener()  # before the checks' seconds, not after them
    with progress_bar(err) as bar:
        task = bar.add_task("checking", total=None)

        def measuring(path: Path) -> None:
            bar.update(task, description=path.name, advance=1)

        result = check_output(options.path, options.preset, measuring=measuring)
    print_report(result, out, options.path)
    report = write_report(options.path, result)
    heard_ok = True
    if options.listen:
        with progress_bar(err) as bar:
            # A step a file: done/total and the time left from the first file on (it showed 0/? for minutes).
            task = bar.add_task("listening", total=narrated_files(options.path))
            executor = make_executor(options.placement, None)
            started: list[str] = []

            def hearing(name: str) -> None:
                bar.update(task, description=name, completed=len(started))
                started.append(name)

            try:
                listening = listen(options.path, executor, options.sample, hearing)
                bar.update(task, completed=len(started))
            finally:
                executor.close()
        print_listening(listening, out, options.path)
        page = write_listening(options.path, listening)
        print(f"wrote {page}", file=out)
        heard_ok = listening.ok
    print(f"wrote {report}", file=out)
    return 0 if result.ok and heard_ok else EXIT_SOME_FAILED


def print_listening(listening: Listening, out: TextIO, path: Path) -> None:
    folder = path if path.is_dir() else path.parent
    print(f"heard ({listening.fraction:.0%} of each file's paragraphs):", file=out)
    for file in listening.files:
        tally = file.tally
        failed = sum(1 for heard in file.heard if heard.failed)
        print(f"  {relative_name(file.path, folder)}: {tally.words} words, {tally.word_error_rate:.1%} heard wrong "
              f"({tally.without_names:.1%} without names), {counted(failed, 'paragraph')} failed",
              file=out)  # fmt: skip
    for file, heard in listening.failed:
        print(f"  FAILED {relative_name(file.path, folder)} at {heard.start_ms / 1000:.1f} s: "
              f"meant {heard.meant!r}, heard {heard.heard!r}", file=out)  # fmt: skip
    apart = voice_against_listener(listening)
    if apart is not None:
        print(f"the voice's own word times against the listener's, {apart.words:,} words: the listener's lean "
              f"{-apart.lean_ms:+.0f} ms; less it, {apart.median_ms:.0f} ms apart (median), {apart.p95_ms:.0f} ms "
              "(95th percentile)", file=out)  # fmt: skip
    total = listening.tally
    print(f"{total.words} words heard: {total.word_error_rate:.2%} wrong, {total.without_names:.2%} without names; "
          f"{counted(total.name_words, 'name')}: {total.names_right_by_sound:.0%} heard right by sound "
          f"({total.names_right_by_spelling:.0%} as spelt); {counted(len(listening.failed), 'paragraph')} failed",
          file=out)  # fmt: skip
