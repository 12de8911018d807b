"""`publish audio`: each work narrated into mastered, chaptered MP3s, an M4B and a playlist, then checked."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TextIO

from pressroom.audio.narrate import publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.supply import ProgressCallback
from pressroom.commands.narration import (
    Lexicon,
    Made,
    NarrationOptions,
    add_narration_arguments,
    describe_audio,
    narrate_works,
    narration_options,
)
from pressroom.model import Work
from pressroom.run.executors import Executor

NAME = "audio"
HELP = "narrate each work into chaptered MP3 files and an M4B"
DESCRIPTION = (
    "Narrate every paragraph of each work with a text-to-speech voice and write, in OUTDIR/<work>/, "
    "one MP3 per chapter (NN - Title.mp3, 44.1 kHz mono, 192 kbps CBR, ID3 tags with cover and "
    "chapter markers), one M4B of the whole work with a chapter per chapter, and an M3U playlist, mastered to "
    "the preset (ACX numbers by default) and checked when made. "
    "Clips are cached by content, so a rerun or an edit makes only what changed. "
    "With no PATH, the bundled sample is used."
)

Options = NarrationOptions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_narration_arguments(parser)


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return narration_options(args, environ)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    def narrate(work: Work, narrator: Narrator, lexicon: Lexicon, report: ProgressCallback, executor: Executor) -> Made:
        made = publish_audio(
            work, options.output, narrator, lexicon, options.preset, report, executor=executor,
            narrator_name=options.narrator, reading=options.reading,
        )  # fmt: skip
        return Made(made, (f"made {made.folder}: {describe_audio(made)}",))

    return narrate_works(options, out, err, narrate)
