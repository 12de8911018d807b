"""`publish check`: everything `publish` made under a folder, checked; a table, `check.json`, an exit status."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.check import write_report
from pressroom.audio.master import PRESETS, Preset
from pressroom.book.check import check_output
from pressroom.commands.common import EXIT_SOME_FAILED
from pressroom.commands.narration import add_preset_argument
from pressroom.commands.progress import progress_bar
from pressroom.commands.report import print_report

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, nargs="?", default=Path("output"), help="what to check (default: output)")
    add_preset_argument(parser, default=None)


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(args.path, PRESETS[args.preset] if args.preset else None)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    with progress_bar(err) as bar:
        task = bar.add_task("checking", total=None)

        def measuring(path: Path) -> None:
            bar.update(task, description=path.name, advance=1)

        result = check_output(options.path, options.preset, measuring=measuring)
    print_report(result, out, options.path)
    report = write_report(options.path, result)
    print(f"wrote {report}", file=out)
    return 0 if result.ok else EXIT_SOME_FAILED
