"""`publish cache`: the size of the clip cache, or clearing it."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import ClipCache, default_cache_dir

NAME = "cache"
HELP = "show the size of the clip cache, or clear it"
DESCRIPTION = "The clip cache holds every narrated paragraph, shared by all runs and output folders."


@dataclass(frozen=True)
class Options:
    action: str
    """info or clear."""
    cache_dir: Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["info", "clear"], default="info")
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="the clip cache folder (default: $XDG_CACHE_HOME/pressroom)"
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(args.action, args.cache_dir or default_cache_dir(environ))


def run(options: Options, out: TextIO, err: TextIO) -> int:
    cache = ClipCache(options.cache_dir)
    if options.action == "clear":
        usage = cache.clear()
        print(f"cleared {cache.root}: {usage.entries} clips, {usage.bytes / 1e6:,.1f} MB", file=out)
    else:
        usage = cache.usage()
        print(f"{cache.root}: {usage.entries} clips, {usage.bytes / 1e6:,.1f} MB", file=out)
    return 0
