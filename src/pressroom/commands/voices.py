"""`publish voices`: the voice profiles and where each comes from, or a short preview of one."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import ClipCache
from pressroom.audio.sample import render_sample
from pressroom.commands.common import add_output_argument
from pressroom.commands.options import CacheOptions, VoiceOptions, warn_of_broken_profiles
from pressroom.tts.voices import DEFAULT_VOICE, find_voice, load_voices

NAME = "voices"
HELP = "list the voices, or render a short sample of one"
DESCRIPTION = "List the voice profiles (built in, and those in the voices folder) with where they come from."


@dataclass(frozen=True)
class Options:
    voices_dir: Path
    cache_dir: Path
    sample: str | None
    output: Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    VoiceOptions.add_arguments(parser, voice_help="", lexicon_help="")
    CacheOptions.add_arguments(parser)
    parser.add_argument("--sample", metavar="NAME", help="render a short preview of this voice to OUTDIR/voices/")
    add_output_argument(parser)


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    voices_dir = VoiceOptions.from_args(args).voices_dir
    return Options(voices_dir, CacheOptions.from_args(args, environ).cache_dir, args.sample, args.output)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    warn_of_broken_profiles(options.voices_dir, err, options.sample)
    voices = load_voices(options.voices_dir)
    if options.sample:
        voice = find_voice(options.sample, options.voices_dir)
        path = render_sample(voice, options.output / "voices", ClipCache(options.cache_dir))
        print(f"made {path}", file=out)
        return 0
    for voice in sorted(voices.values(), key=lambda v: (v.name != DEFAULT_VOICE, v.name)):
        default = " (default)" if voice.name == DEFAULT_VOICE else ""
        print(f"{voice.name}{default}: {voice.engine}; {voice.description} [{voice.source}]", file=out)
    return 0
