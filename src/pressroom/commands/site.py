"""`publish site`: the library on the web, in podcast apps, in e-reader apps and in Audiobookshelf."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.commands.progress import progress_bar
from pressroom.errors import UsageError
from pressroom.site.build import build_site
from pressroom.site.feeds import SiteSettings
from pressroom.text.wording import counted

NAME = "site"
HELP = "make a static site of the books in OUTDIR: pages, podcast feeds, OPDS catalogs, Audiobookshelf folders"
DESCRIPTION = (
    "Reads what publish book, audio and epub made under OUTDIR and writes beside it: index.html (the library, "
    "searchable), a page per work (downloads, a player with its chapters, the text read along), a podcast feed "
    "per narrated work and one for the library, an OPDS 1.2 and 2.0 catalog (opds/root.xml, opds/catalog.json), "
    "subtitles (WebVTT, SRT) per file, and audiobookshelf/<work>/ folders. Any static host serves it; it also "
    "works opened from disk, and `publish serve` serves it here with audio seeking."
)
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Options:
    outdir: Path
    settings: SiteSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("outdir", nargs="?", type=Path, default=Path("output"), metavar="OUTDIR",
                        help="the folder publish book (or audio, epub) wrote into (default: output)")  # fmt: skip
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default=DEFAULT_BASE_URL,
        help=f"where the site will be served, for the podcast feeds' addresses (default: {DEFAULT_BASE_URL}, "
        "what publish serve gives)",
    )
    parser.add_argument("--title", default="Pressroom Library", help="the library's name (default: Pressroom Library)")
    parser.add_argument(
        "--owner-email", metavar="ADDRESS", help="the podcast feeds' owner address (Apple's directory asks for one)"
    )
    parser.add_argument(
        "--mp3-zip",
        action="store_true",
        help="also offer each narrated work's MP3s as one ZIP (it doubles the disk a book takes)",
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    base: str = args.base_url
    if not base.startswith(("http://", "https://")):
        raise UsageError(
            f"--base-url {base}: give an http:// or https:// address", hint="such as https://example.org/books/"
        )
    email: str | None = args.owner_email
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise UsageError(f"--owner-email {email}: not an email address", hint="such as books@example.org")
    return Options(args.outdir, SiteSettings(base.rstrip("/") + "/", args.title, email, args.mp3_zip))


def run(options: Options, out: TextIO, err: TextIO) -> int:
    with progress_bar(err) as bar:
        task = bar.add_task("reading", total=None)
        report = build_site(options.outdir, options.settings, lambda work: bar.update(task, description=work))
    index = options.outdir / "index.html"
    print(
        f"made the site of {counted(report.works, 'book')} ({report.narrated} narrated) in {options.outdir}: "
        f"{counted(report.pages, 'page')}, {counted(report.feeds, 'podcast feed')}, an OPDS catalog; "
        f"{counted(report.files, 'file')}, {report.written} written, {report.bytes / 1_000_000:.1f} MB, "
        f"in {report.seconds:.1f} s",
        file=out,
    )
    for removed in report.removed:
        print(f"removed {removed}: the MP3 ZIP of an earlier build (make it again with --mp3-zip)", file=out)
    print(f"open {index.resolve().as_uri()} or run: publish serve {options.outdir}", file=out)
    return 0
