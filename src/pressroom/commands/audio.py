"""`publish audio`: each work narrated into mastered, chaptered MP3s, an M4B and a playlist, then checked."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TextIO

from pressroom.audio.narrate import publish_audio
from pressroom.commands.narration import NarrationOptions, narration_session
from pressroom.commands.telling import describe_audio

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
    NarrationOptions.add_arguments(parser)


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return NarrationOptions.from_args(args, environ)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    with narration_session(options, out, err) as session:
        if options.spread_works:
            session.spread_whole()
            return session.end()
        for work, progress in session.works():
            made = publish_audio(
                work,
                options.output,
                session.narrator,
                session.settings_for(work),
                progress=progress,
                executor=session.executor,
            )
            session.finished(work, made, (f"made {made.folder}: {describe_audio(made)}",))
    return session.end()
