"""`publish book`: per work, the EPUB, the audiobook, and the EPUB whose narration plays along with its text."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from pressroom.audio.narrator import Narrator
from pressroom.audio.supply import ProgressCallback
from pressroom.book.narrated import SPEECH_KBPS, publish_book
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
from pressroom.text.wording import hours

NAME = "book"
HELP = "make the EPUB, the audiobook, and an EPUB with read-along narration"
DESCRIPTION = (
    "For each work: the EPUB (as `publish epub`), the chaptered MP3s, M4B and playlist (as `publish "
    "audio`), and OUTDIR/<work>/<work>.narrated.epub, an EPUB 3 whose narration plays along with the "
    "text (Media Overlays: the block being read is highlighted in reading systems that support them, "
    "such as Thorium, Readium-based readers and foliate). With no PATH, the bundled sample is used."
)

# What --readalong-audio names: a bit rate for speech, or the audiobook's own files.
READALONG_AUDIO = {"speech": SPEECH_KBPS, "full": None}


@dataclass(frozen=True)
class Options:
    narration: NarrationOptions
    readalong_kbps: int | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_narration_arguments(parser)
    parser.add_argument(
        "--readalong-audio",
        choices=sorted(READALONG_AUDIO),
        default="speech",
        help=f"the audio the read-along EPUB carries: speech (mono MP3 at {SPEECH_KBPS} kbps, a third of the size; "
        "the default) or full (the audiobook's own 192 kbps MP3s)",
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(narration_options(args, environ), READALONG_AUDIO[args.readalong_audio])


def run(options: Options, out: TextIO, err: TextIO) -> int:
    def narrate(work: Work, narrator: Narrator, lexicon: Lexicon, report: ProgressCallback, executor: Executor) -> Made:
        chosen = options.narration
        made = publish_book(
            work, chosen.output, narrator, lexicon, chosen.modified, chosen.preset, report, executor=executor,
            narrator_name=chosen.narrator, readalong_kbps=options.readalong_kbps, reading=chosen.reading,
        )  # fmt: skip
        lines = (
            f"made {made.epub}",
            f"made {made.narrated_epub} (read-along narration, {hours(made.audio.duration_s)})",
            f"made {made.audio.folder}: {describe_audio(made.audio)}",
        )
        return Made(made.audio, lines)

    return narrate_works(options.narration, out, err, narrate)
