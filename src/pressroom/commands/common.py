"""What several commands share: the input, output and voice arguments, their typed options, and how a run's
notices and failures are told."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from pressroom.errors import UsageError
from pressroom.sources.cover_image import read_cover_image
from pressroom.sources.load import Loaded, load_works, sample_path
from pressroom.sources.overrides import MetaOverrides

EXIT_SOME_FAILED = 1


@dataclass(frozen=True)
class InputOptions:
    """What to read (a path, or the bundled sample), which works, metadata given on the command line, and how
    much to say."""

    path: Path | None
    works: tuple[str, ...]
    overrides: MetaOverrides
    verbose: bool
    quiet: bool
    raw_dir: Path | None = None
    """`--from-raw`: the folder of the raw downloads a corpus was cleaned from."""

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> InputOptions:
        overrides = MetaOverrides(
            title=args.title,
            author=args.author,
            year=args.year,
            language=args.language,
            rights=args.rights,
            publisher=args.publisher,
            description=args.description,
            date=args.date,
            cover=read_cover_image(args.cover) if args.cover is not None else None,
        )
        return cls(args.path, tuple(args.work), overrides, args.verbose, args.quiet, args.from_raw)

    def load(self) -> Loaded:
        path = self.path if self.path is not None else sample_path()
        return load_works(path, self.works, self.overrides, self.raw_dir)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, help="document, work folder, corpus or text file")
    parser.add_argument(
        "--work",
        action="append",
        default=[],
        metavar="SLUG_OR_SOURCE_ID",
        help="in a corpus, only this work (repeatable)",
    )
    parser.add_argument(
        "--from-raw",
        type=Path,
        metavar="RAW_DIR",
        help="read a corpus's works from the raw downloads its manifest names (source_path), found in RAW_DIR, "
        "instead of the cleaned units; says which works gained or lost words",
    )
    meta = parser.add_argument_group("metadata for a plain text file (also overrides a document's header)")
    meta.add_argument("--title")
    meta.add_argument("--author")
    meta.add_argument("--year", type=int)
    meta.add_argument("--language", help="BCP 47 language tag, such as en or fr (default: en)")
    meta.add_argument(
        "--rights", metavar="TEXT", help="the licence or rights statement (default: the source's; else none is claimed)"
    )
    meta.add_argument("--publisher", metavar="NAME", help="the publisher (default: Pressroom)")
    meta.add_argument("--description", metavar="TEXT", help="the book's description (default: made from its contents)")
    meta.add_argument("--date", metavar="YYYY-MM-DD", help="the publication date (default: the source file's date)")
    meta.add_argument(
        "--cover",
        type=Path,
        metavar="IMAGE",
        help="a cover image (PNG, JPEG or WebP; 1600x2400 is ideal) for the book and the audio tags "
        "(default: the title and author set in type)",
    )
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", help="say more (lines left out, sources)")
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")


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
