"""`publish book`: per work, the EPUB, the audiobook, and the EPUB whose narration plays along with its text."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TextIO

from pressroom.book.narrated import SPEECH_KBPS, BookSettings, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.commands.narration import NarrationOptions, narration_session
from pressroom.commands.telling import describe_audio
from pressroom.text.wording import hours

NAME = "book"
HELP = "make the EPUB, the audiobook, and an EPUB with read-along narration"
DESCRIPTION = (
    "For each work: the EPUB (as `publish epub`), the chaptered MP3s, M4B and playlist (as `publish "
    "audio`), and OUTDIR/<work>/<work>.narrated.epub, an EPUB 3 whose narration plays along with the "
    "text (Media Overlays: the sentence being read is highlighted in reading systems that support them, "
    "such as Thorium, Readium-based readers and foliate). With no PATH, the bundled sample is used."
)

# What --readalong-audio names: a bit rate for speech, or the audiobook's own files.
READALONG_AUDIO = {"speech": SPEECH_KBPS, "full": None}


@dataclass(frozen=True)
class Options:
    narration: NarrationOptions
    readalong_kbps: int | None
    readalong: ReadAlong = ReadAlong.SENTENCE


def add_arguments(parser: argparse.ArgumentParser) -> None:
    NarrationOptions.add_arguments(parser)
    parser.add_argument(
        "--readalong-audio",
        choices=sorted(READALONG_AUDIO),
        default="speech",
        help=f"the audio the read-along EPUB carries: speech (mono MP3 at {SPEECH_KBPS} kbps, a third of the size; "
        "the default) or full (the audiobook's own 192 kbps MP3s)",
    )
    parser.add_argument(
        "--readalong",
        choices=[unit.value for unit in ReadAlong],
        default=ReadAlong.SENTENCE.value,
        help="what the read-along EPUB lights as it plays: each sentence (the default), each paragraph whole, or "
        "each word (where the voice times its words, as the default voice does; a paragraph it did not: by sentence)",
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(
        NarrationOptions.from_args(args, environ), READALONG_AUDIO[args.readalong_audio], ReadAlong(args.readalong)
    )


def run(options: Options, out: TextIO, err: TextIO) -> int:
    chosen = options.narration
    with narration_session(chosen, out, err) as session:
        settings = BookSettings(session.settings, chosen.modified, options.readalong_kbps, options.readalong)
        if chosen.spread_works:
            session.spread_whole(settings)
            return session.end()
        for work, progress in session.works():
            own = replace(settings, narration=session.settings_for(work))
            made = publish_book(
                work, chosen.output, session.narrator, own, progress=progress, executor=session.executor
            )
            lines = (
                f"made {made.epub}",
                f"made {made.narrated_epub} (read-along narration, {hours(made.audio.duration_s)})",
                f"made {made.audio.folder}: {describe_audio(made.audio)}",
            )
            session.finished(work, made.audio, lines)
    return session.end()
