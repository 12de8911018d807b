"""What several commands share beside the option groups (`options`): the output folder argument, the
reproducible-build time, and how a run's notices and failures are told."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pressroom.commands.options import EXIT_SOME_FAILED, InputOptions
from pressroom.errors import UsageError
from pressroom.sources.load import Loaded


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=output_folder,
        default=Path("output"),
        metavar="OUTDIR",
        help="the folder to write into, made if missing (default: output)",
    )


def output_folder(text: str) -> Path:
    """An output folder, refused at once when it names a file (rather than failing on the first write under it)."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; give a folder to write into (made if missing)")
    return path


def modified_from_environ(environ: Mapping[str, str]) -> datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as the books' modification time, when it is set."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970",
            hint="unset it or give a whole number such as 1735689600",
        ) from None


def print_notices(loaded: Loaded, options: InputOptions, err: TextIO) -> None:
    if not options.quiet:
        for notice in loaded.notices:
            print(f"publish: warning: {notice}", file=err)


def report_failures(loaded: Loaded, succeeded: int, err: TextIO) -> int:
    """The works that could not be read, each on a line, and a summary; exit status 1 if there were any."""
    if not loaded.failures:
        return 0
    for failure in loaded.failures:
        print(f"publish: error: {failure.work}: {failure.error}", file=err)
    print(
        f"publish: {len(loaded.failures)} of {succeeded + len(loaded.failures)} works failed; "
        f"the other {succeeded} went through",
        file=err,
    )
    return EXIT_SOME_FAILED
