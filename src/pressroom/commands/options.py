"""The option groups commands share, each declared once: its arguments (`add_arguments`) and one validating
constructor (`from_args`). A command takes the groups it needs; none declares these arguments itself."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import default_cache_dir
from pressroom.audio.master import PRESETS, Preset
from pressroom.errors import UsageError
from pressroom.run.executors import Placement
from pressroom.sources.cover_image import read_cover_image
from pressroom.sources.load import Loaded, load_works, sample_path
from pressroom.sources.overrides import MetaOverrides
from pressroom.tts.voices import DEFAULT_VOICE, read_voices

EXIT_SOME_FAILED = 1
"""Some of the work failed (a work that could not be read, a check that failed); the rest went through."""


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

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser, book_metadata: bool = True) -> None:
        """The input options; `book_metadata` False leaves out what only a made book uses (rights, publisher,
        description, date, cover), for a command that makes no book but must find the works as they were named."""
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
        if book_metadata:
            _book_metadata_arguments(meta)
        loudness = parser.add_mutually_exclusive_group()
        loudness.add_argument("-v", "--verbose", action="store_true", help="say more (lines left out, sources)")
        loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> InputOptions:
        cover: Path | None = getattr(args, "cover", None)
        overrides = MetaOverrides(
            title=args.title,
            author=args.author,
            year=args.year,
            language=args.language,
            rights=getattr(args, "rights", None),
            publisher=getattr(args, "publisher", None),
            description=getattr(args, "description", None),
            date=getattr(args, "date", None),
            cover=read_cover_image(cover) if cover is not None else None,
        )
        return cls(args.path, tuple(args.work), overrides, args.verbose, args.quiet, args.from_raw)

    def load(self) -> Loaded:
        path = self.path if self.path is not None else sample_path()
        return load_works(path, self.works, self.overrides, self.raw_dir)


def _book_metadata_arguments(meta: argparse._ArgumentGroup) -> None:
    """What only a made book uses: its rights, publisher, description, date and cover."""
    meta.add_argument(
        "--rights",
        metavar="TEXT",
        help="the licence or rights statement (default: the source's; else none is claimed)",
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


@dataclass(frozen=True)
class VoiceOptions:
    """Which voice, and the folder of the user's voice profiles, Piper voices and lexicon."""

    voice: str | None
    """None: the default voice."""
    voices_dir: Path
    lexicon: Path | None = None
    """The curator's own lexicon file (`--lexicon`), over the voice's and the work's."""

    @staticmethod
    def add_arguments(
        parser: argparse.ArgumentParser, voice_help: str | None = None, lexicon_help: str | None = None
    ) -> None:
        """`--voices-dir`, `--voice` unless `voice_help` is empty (a command that names no voice), and `--lexicon`
        unless `lexicon_help` is empty."""
        if lexicon_help != "":
            parser.add_argument(
                "--lexicon",
                type=Path,
                metavar="FILE",
                help=lexicon_help
                or "your own lexicon (TOML, [words] word = \"respelling\"), over the voice's and the work's; "
                "a work narrated with it reads it again on later runs into the same folder",
            )
        if voice_help != "":
            parser.add_argument(
                "--voice", metavar="NAME", help=voice_help or f"the voice to read with (default: {DEFAULT_VOICE})"
            )
        parser.add_argument(
            "--voices-dir",
            type=Path,
            metavar="DIR",
            help="where your voice profiles, Piper voices and lexicon.toml are (default: voices, if there is one)",
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> VoiceOptions:
        """The folder named with --voices-dir, which must exist, or else ./voices (which need not)."""
        folder: Path | None = args.voices_dir
        if folder is not None and not folder.is_dir():
            raise UsageError(
                f"--voices-dir {folder}: there is no such folder",
                hint="give the folder that holds your voice profiles, or leave the option out",
            )
        lexicon: Path | None = getattr(args, "lexicon", None)
        if lexicon is not None and lexicon.exists() and not lexicon.is_file():
            raise UsageError(f"--lexicon {lexicon}: it is not a file", hint="give a lexicon.toml")
        return cls(getattr(args, "voice", None), folder if folder is not None else Path("voices"), lexicon)


def warn_of_broken_profiles(voices_dir: Path, err: TextIO, chosen: str | None = None) -> None:
    """Say which profiles are skipped; the chosen voice's own breakage is the run's error, said once."""
    for name, error in read_voices(voices_dir).broken.items():
        if name != chosen:
            print(f"publish: warning: {error}; this voice is skipped", file=err)


@dataclass(frozen=True)
class CacheOptions:
    """Where the clip cache is."""

    cache_dir: Path

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--cache-dir", type=Path, metavar="DIR", help="the clip cache folder (default: $XDG_CACHE_HOME/pressroom)"
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace, environ: Mapping[str, str]) -> CacheOptions:
        return cls(args.cache_dir or default_cache_dir(environ))


class ExecutorOptions:
    """Where the work runs: how many local workers, or a Dask cluster; built into the executors' `Placement`."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser, work: str) -> None:
        run = parser.add_argument_group(f"where {work} runs")
        run.add_argument(
            "--workers",
            type=int,
            metavar="N",
            help="worker processes (default: one per core this process may use; 1 runs in this process)",
        )
        run.add_argument(
            "--executor",
            choices=["local", "dask"],
            default="local",
            help="local worker processes (default), or a Dask cluster (needs pressroom[dask])",
        )
        run.add_argument(
            "--scheduler",
            metavar="ADDRESS",
            help="with --executor dask, the scheduler to use (tcp://HOST:8786); without it a local cluster is started",
        )

    @staticmethod
    def from_args(args: argparse.Namespace) -> Placement:
        if args.workers is not None and args.workers < 1:
            raise UsageError(f"--workers {args.workers}: give 1 or more")
        if args.scheduler and args.executor != "dask":
            raise UsageError("--scheduler is for --executor dask")
        return Placement(args.executor, args.workers, args.scheduler)


class PresetOption:
    """The mastering preset: what to make (audio, book) or what to judge against (check)."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser, default: str | None) -> None:
        parser.add_argument(
            "--preset",
            choices=sorted(PRESETS),
            default=default,
            help="mastering: acx (audiobook platforms: -20 dB RMS, peaks under -3 dB; the default) or podcast "
            "(-16 LUFS, for phones)"
            if default
            else "judge against this preset (default: the one each file was made to)",
        )

    @staticmethod
    def from_args(args: argparse.Namespace) -> Preset | None:
        return PRESETS[args.preset] if args.preset else None
