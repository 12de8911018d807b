"""One module per `publish` command. Each declares `NAME`, `HELP` and `DESCRIPTION`, `add_arguments(parser)`,
`options(args, environ)` (a frozen, typed options value built once from the parsed arguments and the
environment) and `run(options, out, err) -> int` (the exit status). A new command is a new module here, listed
in `COMMANDS`."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Protocol, TextIO, cast

from pressroom.commands import audio, book, cache, check, epub, info, lexicon, proof, serve, site, voices


class Command(Protocol):
    NAME: str
    HELP: str
    DESCRIPTION: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def options(self, args: argparse.Namespace, environ: Mapping[str, str]) -> Any: ...

    def run(self, options: Any, out: TextIO, err: TextIO) -> int: ...


def _command(module: ModuleType) -> Command:
    return cast(Command, module)


COMMANDS: tuple[Command, ...] = tuple(
    _command(m) for m in (info, epub, audio, book, check, proof, site, serve, voices, lexicon, cache)
)
