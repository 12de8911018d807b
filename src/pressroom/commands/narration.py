"""What `publish audio` and `publish book` share: their arguments and options, and the run over the works
(one voice, one executor, a bar per work, what was made and checked, and what was finished if stopped)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import ClipCache, default_cache_dir
from pressroom.audio.master import DEFAULT_PRESET, PRESETS, Preset
from pressroom.audio.narrate import MadeAudio
from pressroom.audio.narrator import Narrator
from pressroom.audio.reading import DEFAULT_READING, NotesReading, Reading, TablesReading
from pressroom.audio.supply import Progress, ProgressCallback, Verification
from pressroom.commands.common import (
    EXIT_SOME_FAILED,
    InputOptions,
    add_input_arguments,
    add_output_argument,
    modified_from_environ,
    print_notices,
    report_failures,
)
from pressroom.commands.progress import NarrationBars, narration_bars
from pressroom.commands.report import print_report
from pressroom.errors import InterruptedRun, UsageError
from pressroom.hear.listener import need_listener
from pressroom.layout import REPORT_NAME
from pressroom.model import Work
from pressroom.run.executors import Executor, make_executor
from pressroom.text.announcements import has_wording, primary_language
from pressroom.text.wording import counted, hours
from pressroom.tts.engine import Voice
from pressroom.tts.voices import DEFAULT_VOICE, find_voice, load_lexicon, read_voices

Lexicon = Mapping[str, str]


@dataclass(frozen=True)
class NarrationOptions:
    input: InputOptions
    output: Path
    voice: str | None
    voices_dir: Path
    cache_dir: Path
    preset: Preset
    workers: int | None
    executor: str
    scheduler: str | None
    modified: datetime | None
    narrator: str | None
    """Who the audio's tags and the read-along book say reads; by default the voice, said to be synthetic."""
    reading: Reading = DEFAULT_READING
    """How notes and tables are read."""
    verify: bool = False
    """Hear every clip as it is made, and make again those heard wrong."""


def narration_options(args: argparse.Namespace, environ: Mapping[str, str]) -> NarrationOptions:
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    return NarrationOptions(
        input=InputOptions.from_args(args),
        output=args.output,
        voice=args.voice,
        voices_dir=voices_dir_from_args(args),
        cache_dir=args.cache_dir or default_cache_dir(environ),
        preset=PRESETS[args.preset],
        workers=args.workers,
        executor=args.executor,
        scheduler=args.scheduler,
        modified=modified_from_environ(environ),
        narrator=args.narrator,
        reading=Reading(NotesReading(args.notes), TablesReading(args.tables)),
        verify=args.verify,
    )


def add_narration_arguments(parser: argparse.ArgumentParser) -> None:
    """What `publish audio` and `publish book` both take: the input, where to write, the voice, the mastering
    preset and where synthesis runs."""
    add_input_arguments(parser)
    add_output_argument(parser)
    add_voice_arguments(parser)
    parser.add_argument("--voice", metavar="NAME", help=f"the voice to read with (default: {DEFAULT_VOICE})")
    parser.add_argument(
        "--narrator", metavar="NAME", help="who the files name as narrator (default: the voice, called synthetic)"
    )
    add_preset_argument(parser, default=DEFAULT_PRESET)
    parser.add_argument(
        "--notes",
        choices=[choice.value for choice in NotesReading],
        default=NotesReading.END.value,
        help="notes: end (read in a last file, Notes, chapter by chapter; the default), skip (not read), or "
        "inline (each read after the paragraph that marks it)",
    )
    parser.add_argument(
        "--tables",
        choices=[choice.value for choice in TablesReading],
        default=TablesReading.READ.value,
        help="tables: read (announced, then row by row, each cell after its column's name; the default) or skip "
        "(only announced)",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="hear every clip as it is made (Whisper base, needs pressroom[listen]) and make again one heard wrong: "
        "another seed, then clause by clause; the verdict is kept in the cache, so a rerun hears nothing twice",
    )
    add_executor_arguments(parser, "synthesis")


def add_executor_arguments(parser: argparse.ArgumentParser, work: str) -> None:
    """Where `work` (synthesis, listening) runs: how many local workers, or a Dask cluster."""
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


def add_preset_argument(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=default,
        help="mastering: acx (audiobook platforms: -20 dB RMS, peaks under -3 dB; the default) or podcast "
        "(-16 LUFS, for phones)"
        if default
        else "judge against this preset (default: the one each file was made to)",
    )


def add_voice_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--voices-dir",
        type=Path,
        metavar="DIR",
        help="where your voice profiles, Piper voices and lexicon.toml are (default: voices, if there is one)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="the clip cache folder (default: $XDG_CACHE_HOME/pressroom)"
    )


def voices_dir_from_args(args: argparse.Namespace) -> Path:
    """The folder named with --voices-dir, which must exist, or else ./voices (which need not)."""
    if args.voices_dir is None:
        return Path("voices")
    folder: Path = args.voices_dir
    if not folder.is_dir():
        raise UsageError(
            f"--voices-dir {folder}: there is no such folder",
            hint="give the folder that holds your voice profiles, or leave the option out",
        )
    return folder


def warn_of_broken_profiles(voices_dir: Path, err: TextIO, chosen: str | None = None) -> None:
    """Say which profiles are skipped; the chosen voice's own breakage is the run's error, said once."""
    for name, error in read_voices(voices_dir).broken.items():
        if name != chosen:
            print(f"publish: warning: {error}; this voice is skipped", file=err)


def language_mismatch(language: str, voice: Voice) -> str | None:
    """What a listener will hear wrong when the book's language is not the voice's, or None when they agree."""
    if primary_language(language) != primary_language(voice.language):
        return (
            f"the text is in {language} but the voice {voice.name} speaks {voice.language}: it will be read with "
            f"{voice.language} sounds, and the announcements (the title with 'by', 'End of') are in English; "
            "choose a voice in the book's language with --voice (`publish voices` lists them)"
        )
    if not has_wording(language):
        return (
            f"the announcements (the title with 'by', 'End of') are in English: their words in {language} are not known"
        )
    return None


@dataclass(frozen=True)
class Made:
    """What narrating one work made: its audio (with the checks run on it), and the lines that say so."""

    audio: MadeAudio
    lines: tuple[str, ...]


NarrateWork = Callable[[Work, Narrator, Lexicon, ProgressCallback, Executor], Made]


def narrate_works(options: NarrationOptions, out: TextIO, err: TextIO, narrate: NarrateWork) -> int:
    """Narrate each work in turn with one voice and one executor; say what was made and how its checks went."""
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    quiet = options.input.quiet
    warn_of_broken_profiles(options.voices_dir, err, options.voice or DEFAULT_VOICE)
    voice = find_voice(options.voice, options.voices_dir)
    narrator = Narrator(voice, ClipCache(options.cache_dir), verify=options.verify)
    if options.verify:
        need_listener()  # before any work: a missing package is one line now, not a failure in every worker
    narrator.cache.remove_leftovers()
    lexicon = load_lexicon(options.voices_dir, narrator.voice.engine)
    failed = 0
    ledger = _Ledger()
    with (
        _executor(options, narrator) as executor,
        ledger.on_interrupt(),
        narration_bars(err, len(loaded.works), enabled=not quiet) as bars,
    ):
        for work in loaded.works:
            mismatch = language_mismatch(work.meta.language, narrator.voice)
            if mismatch:
                bars.say(f"publish: warning: {work.meta.slug}: {mismatch}", err)
            made = narrate(work, narrator, lexicon, ledger.follow(work, bars.follow(work.meta.slug)), executor)
            ledger.finished.append(work.meta.slug)
            bars.work_done()
            if not quiet:
                bars.say("\n".join(made.lines), out)
            _tell_verification(made.audio.verification, work.meta.slug, out, err, quiet, bars)
            failed = max(failed, _tell_check(made.audio, out, err, quiet, bars))
    return max(failed, report_failures(loaded, len(loaded.works), err))


def describe_audio(made: MadeAudio) -> str:
    return (
        f"{counted(len(made.mp3s), 'MP3 file')}, {made.m4b.name}, {made.playlist.name} "
        f"({hours(made.duration_s)} of narration; {counted(made.synthesized, 'clip')} made, "
        f"{made.cached} from the cache)"
    )


def _tell_verification(
    heard: Verification | None, slug: str, out: TextIO, err: TextIO, quiet: bool, bars: NarrationBars
) -> None:
    """What `--verify` heard: a line of figures, and a warning naming each clip still heard wrong."""
    if heard is None:
        return
    if not quiet:
        before = f", {heard.heard - heard.heard_now} heard in an earlier run" if heard.heard_now < heard.heard else ""
        bars.say(
            f"listened to {counted(heard.heard, 'clip')}{before}: {heard.word_error_rate:.2%} of {heard.words:,} "
            f"words heard wrong; {counted(heard.remade, 'clip')} made again; {len(heard.failing)} still heard wrong",
            out,
        )
    for label, verdict in heard.failing:
        bars.say(
            f"publish: warning: {slug}: {label} is still heard wrong after {counted(verdict.tried, 'take')} "
            f"(heard “{verdict.heard}”); publish check --listen shows it with a player",
            err,
        )


def _tell_check(made: MadeAudio, out: TextIO, err: TextIO, quiet: bool, bars: NarrationBars) -> int:
    """The audio checks on what a run just made: a line when all pass, the failures when not."""
    result = made.check
    if result is None:
        return 0
    if result.ok:
        if not quiet:
            bars.say(f"checked {made.folder}: every audio file passes ({len(result.files)} files)", out)
        return 0
    print_report(result, err, made.folder)
    print(f"publish: error: {made.folder}: the audio fails its checks (see {made.folder / REPORT_NAME})", file=err)
    return EXIT_SOME_FAILED


@contextmanager
def _executor(options: NarrationOptions, narrator: Narrator) -> Iterator[Executor]:
    executor = make_executor(options.executor, options.workers, options.scheduler, lambda: narrator.engine)
    try:
        yield executor
    finally:
        executor.close()


@dataclass
class _Ledger:
    """What a narrating run has finished so far, to say so if the user stops it."""

    finished: list[str] = field(default_factory=list)
    current: str = ""
    state: Progress | None = None

    def follow(self, work: Work, report: ProgressCallback) -> ProgressCallback:
        self.current, self.state = work.meta.slug, None

        def record(state: Progress) -> None:
            self.state = state
            report(state)

        return record

    @contextmanager
    def on_interrupt(self) -> Iterator[None]:
        try:
            yield
        except KeyboardInterrupt:
            raise InterruptedRun(self.describe()) from None

    def describe(self) -> str:
        finished = f"finished: {', '.join(self.finished)}; " if self.finished else ""
        where = f"stopped in {self.current}" if self.current else "stopped before narrating"
        if self.state is not None:
            where += f" with {self.state.done} of {self.state.total} paragraphs narrated (kept in the cache)"
        return f"interrupted; {finished}{where}; no half-written file is left: run the same command again to go on"
