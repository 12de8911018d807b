"""`publish cache`: the size of the clip cache, clearing it, or pruning it to a size."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import CacheUsage, ClipCache
from pressroom.commands.options import CacheOptions
from pressroom.errors import UsageError

NAME = "cache"
HELP = "show the size of the clip cache, clear it, or prune it to a size"
DESCRIPTION = (
    "The clip cache holds every narrated paragraph (FLAC, about 90 MB per narrated hour), shared by all runs and "
    "output folders. `prune --max-size 2GB` removes the clips used longest ago until it fits."
)
_UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}


@dataclass(frozen=True)
class Options:
    action: str
    """info, clear or prune."""
    cache_dir: Path
    max_bytes: int | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=["info", "clear", "prune"],
        default="info",
        help="info: where the cache is, its size and clip count (the default); clear: empty it; prune: remove the "
        "clips used longest ago until it is under --max-size",
    )
    CacheOptions.add_arguments(parser)
    parser.add_argument("--max-size", metavar="SIZE", help="with prune: the size to keep the cache under (2GB, 500MB)")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if args.action == "prune" and args.max_size is None:
        raise UsageError("prune needs --max-size", hint="such as: publish cache prune --max-size 2GB")
    if args.max_size is not None and args.action != "prune":
        raise UsageError("--max-size is for prune", hint="publish cache prune --max-size 2GB")
    max_bytes = parse_size(args.max_size) if args.max_size is not None else None
    return Options(args.action, CacheOptions.from_args(args, environ).cache_dir, max_bytes)


def parse_size(text: str) -> int:
    """`2GB`, `500 MB`, `1.5G`, `800000000` as bytes (powers of ten, as disks are sold)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*", text.upper())
    if match is None:
        raise UsageError(f"--max-size {text!r} is not a size", hint="such as 2GB, 500MB or 800000000")
    return round(float(match.group(1)) * _UNITS[match.group(2)])


def run(options: Options, out: TextIO, err: TextIO) -> int:
    cache = ClipCache(options.cache_dir)
    if options.action == "clear":
        print(f"cleared {cache.root}: {_size(cache.clear())}", file=out)
    elif options.action == "prune":
        assert options.max_bytes is not None
        removed = cache.prune(options.max_bytes)
        print(f"pruned {cache.root}: removed {_size(removed)}; {_size(cache.usage())} kept", file=out)
    else:
        print(f"{cache.root}: {_size(cache.usage())}", file=out)
    return 0


def _size(usage: CacheUsage) -> str:
    return f"{usage.entries:,} clips, {usage.bytes / 1e6:,.1f} MB"
