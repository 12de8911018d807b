"""`publish epub`: one EPUB 3 book per work, or a collection of them, optionally checked with EPUBCheck."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from pressroom.commands.common import (
    add_output_argument,
    modified_from_environ,
    print_notices,
    report_failures,
)
from pressroom.commands.options import EXIT_SOME_FAILED, InputOptions
from pressroom.commands.progress import progress_bar
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.publish import MadeBook, publish_collection, publish_work
from pressroom.text.wording import counted

NAME = "epub"
HELP = "make an EPUB 3 book of each work"
DESCRIPTION = (
    "Make one EPUB 3 book per work, at OUTDIR/<work>/<work>.epub, with its recovered chapters, a cover, "
    "a title page, a table of contents and a colophon; or, with --collection, bind the works as one "
    "book with a part per work. The same input always gives the same bytes (set SOURCE_DATE_EPOCH to "
    "fix the modification time; otherwise the source's retrieval time is used). "
    "With no PATH, the bundled sample (Kropotkin's Letter to Lenin) is used."
)


@dataclass(frozen=True)
class Options:
    input: InputOptions
    output: Path
    collection: str | None
    check: bool
    modified: datetime | None
    """The books' modification time, from SOURCE_DATE_EPOCH; by default the sources' retrieval time."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    InputOptions.add_arguments(parser)
    add_output_argument(parser)
    parser.add_argument("--collection", metavar="TITLE", help="bind all the chosen works as one book with this title")
    parser.add_argument(
        "--check", action="store_true", help="run EPUBCheck on each book made (needs Java); exit 1 if one fails"
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(
        InputOptions.from_args(args), args.output, args.collection, args.check, modified_from_environ(environ)
    )


def run(options: Options, out: TextIO, err: TextIO) -> int:
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    if not loaded.works:
        return report_failures(loaded, 0, err)
    made: list[MadeBook] = []
    quiet = options.input.quiet
    with progress_bar(err, enabled=not quiet) as bar:
        if options.collection:
            task = bar.add_task("binding the collection", total=1)
            made.append(publish_collection(options.collection, loaded.works, options.output, options.modified))
            bar.advance(task)
        else:
            task = bar.add_task("making books", total=len(loaded.works))
            for work in loaded.works:
                bar.update(task, description=work.meta.slug)
                made.append(publish_work(work, options.output, options.modified))
                bar.advance(task)
    if not quiet:
        for book in made:
            print(f"made {book.path} ({describe_book(book)})", file=out)
    status = check_books(made, out, quiet) if options.check else 0
    return max(status, report_failures(loaded, len(loaded.works), err))


def describe_book(book: MadeBook) -> str:
    return f"{book.outline}, {counted(book.words, 'word')}, {book.path.stat().st_size / 1024:,.0f} KB"


def check_books(made: Sequence[MadeBook], out: TextIO, quiet: bool) -> int:
    failed = 0
    for book in made:
        report = run_epubcheck(book.path)
        if not report.clean:
            failed += 1
        if not quiet or not report.clean:
            verdict = "clean" if report.clean else "NOT CLEAN"
            print(f"{book.path}: {report.summary()}: {verdict}", file=out)
            for message in report.messages:
                print(f"  {message}", file=out)
    return EXIT_SOME_FAILED if failed else 0
