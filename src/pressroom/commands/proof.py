"""`publish proof`: the proof-listening desk, a page on this machine where a curator hears what the listener
heard wrong, tries a name another way, keeps it, and applies it (only the clips that say it are made again)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.commands.common import print_notices
from pressroom.commands.options import CacheOptions, InputOptions, VoiceOptions
from pressroom.errors import InputError, UsageError
from pressroom.proof.app import Desk, Guard, desk_app, lexicon_settings
from pressroom.proof.desk import desk_lexicon, desk_voice, narrated_slugs, read_kept
from pressroom.proof.takes import Speaker
from pressroom.site.serve import bound_socket
from pressroom.tts.registry import engine_dictionary, takes_phonemes
from pressroom.tts.voices import LEXICON_FILE, find_voice

NAME = "proof"
HELP = "a page on this machine to hear what was heard wrong, fix names, and remake only what changed"
DESCRIPTION = (
    "Serves the proof desk for the works of PATH narrated in OUTDIR at http://127.0.0.1:PORT/?token=... until "
    "Ctrl-C: the paragraphs `publish check --listen` heard wrong (each played from the book's own file, meant and "
    "heard side by side), the readings `--verify` learnt for names it heard wrong, the names and foreign words the "
    "voice does not know (hear the voice say one, try a respelling "
    "or phonemes, hear the listener's verdict, keep it), and the changes kept. Apply writes them to the lexicon "
    "(--lexicon: by default the one the works were narrated with, else OUTDIR/lexicon.toml) and narrates again "
    "each work that says a changed word: only the clips that say it are made, the rest come from the cache. The "
    "address printed carries the run's token: the desk answers no other page."
)


@dataclass(frozen=True)
class Options:
    input: InputOptions
    outdir: Path
    voice: VoiceOptions
    cache: CacheOptions
    port: int
    top: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    InputOptions.add_arguments(parser, book_metadata=False)
    parser.add_argument("-o", "--output", type=Path, default=Path("output"), metavar="OUTDIR",
                        help="the folder the works were narrated into (default: output)")  # fmt: skip
    VoiceOptions.add_arguments(
        parser,
        "the voice that says the takes and narrates again (default: the one the works "
        "were narrated by; another is refused)",
        lexicon_help="the lexicon file kept changes are written to, and the works narrated with (default: the one "
        "they were narrated with, else OUTDIR/lexicon.toml; never the voices folder's)",
    )
    CacheOptions.add_arguments(parser)
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    parser.add_argument("--top", type=int, default=60, help="how many names to list, most used first (default: 60)")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give 0 to 65535")
    voice = VoiceOptions.from_args(args)
    if voice.lexicon is not None and not voice.lexicon.parent.is_dir():
        raise UsageError(f"--lexicon {voice.lexicon}: its folder does not exist",
                         hint="make the folder, or give another")  # fmt: skip
    return Options(InputOptions.from_args(args), args.output, voice, CacheOptions.from_args(args, environ),
                   args.port, args.top)  # fmt: skip


def run(options: Options, out: TextIO, err: TextIO) -> int:
    import uvicorn

    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    slugs = narrated_slugs(options.outdir, loaded.works)
    if not slugs:
        raise InputError(f"{options.outdir} holds no narration of these works",
                         hint=f"narrate them first: publish book PATH -o {options.outdir}")  # fmt: skip
    voice = find_voice(desk_voice(options.outdir, slugs, options.voice.voice), options.voice.voices_dir)
    narrator = Narrator(voice, ClipCache(options.cache.cache_dir))
    speaker = Speaker(narrator.engine, engine_dictionary(voice.engine), takes_phonemes(voice.engine), voice.language)
    lexicon = options.voice.lexicon or desk_lexicon(options.outdir, slugs) or options.outdir / LEXICON_FILE
    settings = lexicon_settings(NarrationSettings(), options.voice.voices_dir, lexicon, voice.engine)
    desk = Desk(options.outdir, loaded.works, slugs, lexicon, speaker, narrator, settings, options.top,
                read_kept(options.outdir))  # fmt: skip
    listening = bound_socket(options.port)
    port = listening.getsockname()[1]
    guard = Guard.new(port)
    server = uvicorn.Server(uvicorn.Config(desk_app(desk, guard), log_level="warning"))
    print(f"the proof desk for {len(slugs)} narrated {'work' if len(slugs) == 1 else 'works'} is at "
          f"{guard.address} (Ctrl-C stops it)", file=out, flush=True)  # fmt: skip
    with listening:
        server.run(sockets=[listening])
    return 0
