"""`publish audio`: each work narrated into mastered, chaptered MP3s, an M4B and a playlist, then checked."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from pressroom.audio.narrate import publish_audio
from pressroom.audio.spread import narrate_spread, work_task
from pressroom.commands.narration import NarrationOptions, NarrationSession, describe_audio, narration_session
from pressroom.run.executors import DaskExecutor

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


@dataclass(frozen=True)
class Options:
    narration: NarrationOptions
    spread_works: bool
    """Each work narrated whole on a worker (`--spread works`), not its paragraphs over all of them."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    NarrationOptions.add_arguments(parser)
    parser.add_argument(
        "--spread",
        choices=["paragraphs", "works"],
        default="paragraphs",
        help="what the workers share: each work's paragraphs (the default: one work is made as fast as the "
        "workers allow) or whole works (each narrated, encoded and checked on one worker, its files sent back: "
        "many works on a cluster of many machines)",
    )


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(NarrationOptions.from_args(args, environ), args.spread == "works")


def run(options: Options, out: TextIO, err: TextIO) -> int:
    with narration_session(options.narration, out, err) as session:
        if options.spread_works:
            _spread(session, options.narration)
            return session.end()
        for work, progress in session.works():
            made = publish_audio(
                work,
                options.narration.output,
                session.narrator,
                session.settings_for(work),
                progress=progress,
                executor=session.executor,
            )
            session.finished(work, made, (f"made {made.folder}: {describe_audio(made)}",))
    return session.end()


def _spread(session: NarrationSession, options: NarrationOptions) -> None:
    """Whole works on the workers, two at a time per worker, each told as it is written here."""
    works = session.whole()
    # Workers on this machine narrate in a folder of the run's, removed however the run ends (Ctrl-C too).
    with tempfile.TemporaryDirectory(prefix="pressroom-run-", ignore_cleanup_errors=True) as scratch:
        here = None if isinstance(session.executor, DaskExecutor) else scratch
        tasks = (work_task(work, session.narrator, session.settings_for(work), options.output, here) for work in works)
        window = 2 * max(1, session.executor.workers)
        made_all = narrate_spread(tasks, session.executor, options.output, session.narrator.cache, window)
        for work, made in zip(works, made_all, strict=False):
            session.finished(work, made, (f"made {made.folder}: {describe_audio(made)}",))
