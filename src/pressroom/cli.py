"""The `publish` command: assembles the parser from the command modules, runs one, and turns errors into exit
codes. What each command does lives in `pressroom.commands`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import NoReturn, TextIO

from pressroom import __version__
from pressroom.commands import COMMANDS, Command
from pressroom.commands.options import EXIT_SOME_FAILED
from pressroom.errors import InterruptedRun, PressroomError, UsageError

EXIT_BROKEN_PIPE = 141
"""What a shell reports for a program whose reader went away (`publish info | head`): 128 + SIGPIPE."""


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a bad command line; Pressroom keeps 2 for bad input and uses 64 (EX_USAGE)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(UsageError.exit_code, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="publish",
        description="Publish cleaned public-domain documents as EPUB 3 books and narrated audiobooks.",
        epilog="Run `publish COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION))
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    command: Command = next(c for c in COMMANDS if args.command == c.NAME)
    try:
        return command.run(command.options(args, os.environ if environ is None else environ), out, err)
    except InterruptedRun as stopped:
        print(f"publish: {stopped}", file=err)
        return stopped.exit_code
    except PressroomError as error:
        print(f"publish: error: {error}", file=err)
        return error.exit_code
    except BrokenPipeError:
        # The reader of our output went away (`publish info | head`): nothing more to say, and nowhere to say it.
        _silence(out)
        return EXIT_BROKEN_PIPE
    except OSError as error:
        # A file or folder the system refused (permissions, a full disk): the user can act on it.
        print(f"publish: error: {error.filename or ''}: {error.strerror or error}", file=err)
        return EXIT_SOME_FAILED
    except KeyboardInterrupt:
        # Narration says what it kept (InterruptedRun, above); any other command only stopped early.
        print("publish: interrupted; files already finished are complete and no half-written file is left", file=err)
        return 130


def _silence(out: TextIO) -> None:
    """Point standard output at /dev/null, so that Python's own flush at exit does not fail once more."""
    if out is sys.stdout:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
