"""`publish serve`: the site on this machine, with audio seeking, until Ctrl-C."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.errors import InputError, UsageError
from pressroom.site.serve import bound_socket, feeds_base, site_app

NAME = "serve"
HELP = "serve the site in OUTDIR on 127.0.0.1, with the byte ranges audio seeking needs"
DESCRIPTION = "Serves OUTDIR (made by publish site) at http://127.0.0.1:PORT/ until Ctrl-C."


@dataclass(frozen=True)
class Options:
    outdir: Path
    port: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("outdir", nargs="?", type=Path, default=Path("output"), metavar="OUTDIR",
                        help="the folder publish site wrote (default: output)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give 0 to 65535")
    return Options(args.outdir, args.port)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    import uvicorn

    if not (options.outdir / "index.html").is_file():
        raise InputError(f"{options.outdir} has no site", hint=f"make it first: publish site {options.outdir}")
    listening = bound_socket(options.port)
    served = f"http://127.0.0.1:{listening.getsockname()[1]}/"
    base = feeds_base(options.outdir)
    if base is not None and base != served:
        print(f"publish: warning: the site's feeds point at {base}, not {served}: podcast apps will not find the "
              f"audio there; make it for this address with: publish site {options.outdir} --base-url {served}",
              file=err)  # fmt: skip
    print(f"serving {options.outdir} at {served} (Ctrl-C stops)", file=out, flush=True)
    server = uvicorn.Server(uvicorn.Config(site_app(options.outdir), log_level="warning"))
    with listening:
        server.run(sockets=[listening])
    print("stopped", file=out)
    return 0
