"""The `publish` command: parses arguments, prints, and turns errors into exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pressroom import __version__
from pressroom.audio.cache import ClipCache, default_cache_dir
from pressroom.audio.master import DEFAULT_PRESET, PRESETS
from pressroom.audio.narrate import MadeAudio, Narrator, ProgressCallback, publish_audio
from pressroom.audio.narrate import Progress as NarrationProgress
from pressroom.audio.sample import render_sample
from pressroom.check import REPORT_NAME, check_folder, check_output, write_report
from pressroom.check_report import print_report
from pressroom.epub.check import run_epubcheck
from pressroom.epub.publish import MadeBook, publish_collection, publish_work
from pressroom.errors import InterruptedRun, PressroomError, UsageError
from pressroom.info import counted, render_work, work_summary
from pressroom.model import Work
from pressroom.narrated import publish_book
from pressroom.pipeline import Loaded, load_works, sample_path
from pressroom.progress import hours as _hours
from pressroom.progress import narration_progress, progress_bar
from pressroom.run.executors import Executor, make_executor
from pressroom.sources.read import MetaOverrides
from pressroom.tts.voices import DEFAULT_VOICE, find_voice, load_lexicon, load_voices

EXIT_SOME_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Publish cleaned public-domain documents as EPUB 3 books and narrated audiobooks.",
        epilog="Run `publish COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    info = commands.add_parser(
        "info",
        help="show each work's chapters, sizes and narration time",
        description=(
            "Read a document, a work folder, a corpus (with metadata/manifest.csv) or a plain text file, "
            "and show each work's recovered chapters with paragraph and word counts and the estimated "
            "narration time. With no PATH, the bundled sample (Kropotkin's Letter to Lenin) is used."
        ),
    )
    _add_input_arguments(info)
    info.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    epub = commands.add_parser(
        "epub",
        help="make an EPUB 3 book of each work",
        description=(
            "Make one EPUB 3 book per work, at OUTDIR/<work>/<work>.epub, with its recovered chapters, a cover, "
            "a title page, a table of contents and a colophon; or, with --collection, bind the works as one "
            "book with a part per work. The same input always gives the same bytes (set SOURCE_DATE_EPOCH to "
            "fix the modification time; otherwise the source's retrieval time is used). "
            "With no PATH, the bundled sample (Kropotkin's Letter to Lenin) is used."
        ),
    )
    _add_input_arguments(epub)
    _add_output_argument(epub)
    epub.add_argument("--collection", metavar="TITLE", help="bind all the chosen works as one book with this title")
    epub.add_argument(
        "--check", action="store_true", help="run EPUBCheck on each book made (needs Java); exit 1 if one fails"
    )
    audio = commands.add_parser(
        "audio",
        help="narrate each work into chaptered MP3 files and an M4B",
        description=(
            "Narrate every paragraph of each work with a text-to-speech voice and write, in OUTDIR/<work>/, "
            "one MP3 per chapter (NN - Title.mp3, 44.1 kHz mono, 192 kbps CBR, ID3 tags with cover and "
            "chapter markers), one M4B of the whole work with a chapter per chapter, and an M3U playlist, mastered to "
            "the preset (ACX numbers by default) and checked when made. "
            "Clips are cached by content, so a rerun or an edit makes only what changed. "
            "With no PATH, the bundled sample is used."
        ),
    )
    _add_narration_arguments(audio)
    book = commands.add_parser(
        "book",
        help="make the EPUB, the audiobook, and an EPUB with read-along narration",
        description=(
            "For each work: the EPUB (as `publish epub`), the chaptered MP3s, M4B and playlist (as `publish "
            "audio`), and OUTDIR/<work>/<work>.narrated.epub, an EPUB 3 whose narration plays along with the "
            "text (Media Overlays: the block being read is highlighted in reading systems that support them, "
            "such as Thorium, Readium-based readers and foliate). With no PATH, the bundled sample is used."
        ),
    )
    _add_narration_arguments(book)
    check = commands.add_parser(
        "check",
        help="check what publish made: EPUBCheck, audio levels and format, paragraphs, chapter markers",
        description=(
            "Check everything publish made under PATH (a work's output folder, or a whole output tree): each "
            "EPUB with EPUBCheck; each MP3 and the M4B, measured on the decoded audio, against the preset it was "
            "mastered to (level, peaks, noise floor, room tone at head and tail, sample rate, bit rate, length); "
            "paragraphs whose narration is far shorter or longer than their words predict; and the chapter "
            "markers against the plan. Prints a table, writes PATH/check.json, and exits 1 if anything fails."
        ),
    )
    check.add_argument("path", type=Path, nargs="?", default=Path("output"), help="what to check (default: output)")
    check.add_argument(
        "--preset", choices=sorted(PRESETS), help="judge against this preset (default: the one each file was made to)"
    )
    voices = commands.add_parser(
        "voices",
        help="list the voices, or render a short sample of one",
        description="List the voice profiles (built in, and those in the voices folder) with where they come from.",
    )
    _add_voice_arguments(voices)
    voices.add_argument("--sample", metavar="NAME", help="render a short preview of this voice to OUTDIR/voices/")
    _add_output_argument(voices)
    cache = commands.add_parser(
        "cache",
        help="show the size of the clip cache, or clear it",
        description="The clip cache holds every narrated paragraph, shared by all runs and output folders.",
    )
    cache.add_argument("action", nargs="?", choices=["info", "clear"], default="info")
    cache.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="the cache folder (default: $XDG_CACHE_HOME/pressroom)"
    )
    return parser


def _add_narration_arguments(parser: argparse.ArgumentParser) -> None:
    """What `publish audio` and `publish book` both take: the input, where to write, the voice, the mastering
    preset and where synthesis runs."""
    _add_input_arguments(parser)
    _add_output_argument(parser)
    _add_voice_arguments(parser)
    parser.add_argument("--voice", metavar="NAME", help=f"the voice to read with (default: {DEFAULT_VOICE})")
    _add_preset_argument(parser)
    _add_executor_arguments(parser)


def _add_preset_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=DEFAULT_PRESET,
        help="mastering: acx (audiobook platforms: -20 dB RMS, peaks under -3 dB; the default) or podcast "
        "(-16 LUFS, for phones)",
    )


def _add_executor_arguments(parser: argparse.ArgumentParser) -> None:
    run = parser.add_argument_group("where synthesis runs")
    run.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default: one per core; 1 runs in this process)"
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


def _add_voice_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--voices-dir",
        type=Path,
        default=Path("voices"),
        metavar="DIR",
        help="where your voice profiles, Piper voices and lexicon.toml are (default: voices)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR", help="the clip cache folder (default: $XDG_CACHE_HOME/pressroom)"
    )


def _add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("output"), metavar="OUTDIR", help="where to write (default: output)"
    )


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, help="document, work folder, corpus or text file")
    parser.add_argument(
        "--work",
        action="append",
        default=[],
        metavar="SLUG_OR_SOURCE_ID",
        help="in a corpus, only this work (repeatable)",
    )
    meta = parser.add_argument_group("metadata for a plain text file (also overrides a document's header)")
    meta.add_argument("--title")
    meta.add_argument("--author")
    meta.add_argument("--year", type=int)
    meta.add_argument("--language", help="BCP 47 language tag, such as en or fr (default: en)")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", help="say more (lines left out, sources)")
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "info":
            return _info(args, out, err)
        if args.command == "epub":
            return _epub(args, out, err)
        if args.command == "audio":
            return _audio(args, out, err)
        if args.command == "book":
            return _book(args, out, err)
        if args.command == "check":
            return _check(args, out)
        if args.command == "voices":
            return _voices(args, out)
        if args.command == "cache":
            return _cache(args, out)
        raise UsageError(f"unknown command {args.command!r}")
    except InterruptedRun as stopped:
        print(f"publish: {stopped}", file=err)
        return stopped.exit_code
    except PressroomError as error:
        print(f"publish: error: {error}", file=err)
        return error.exit_code
    except OSError as error:
        # A file or folder the system refused (permissions, a full disk): the user can act on it.
        print(f"publish: error: {error.filename or ''}: {error.strerror or error}", file=err)
        return EXIT_SOME_FAILED
    except KeyboardInterrupt:
        print(
            "publish: interrupted; files already finished are complete, no half-written file is left, and "
            "narrated paragraphs are kept in the cache: run the same command again to go on",
            file=err,
        )
        return 130


def _load(args: argparse.Namespace) -> Loaded:
    path: Path = args.path if args.path is not None else sample_path()
    overrides = MetaOverrides(title=args.title, author=args.author, year=args.year, language=args.language)
    return load_works(path, args.work, overrides)


def _info(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    loaded = _load(args)
    _print_notices(loaded, args, err)
    if args.json:
        json.dump({"works": [work_summary(work) for work in loaded.works]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif not args.quiet:
        for number, work in enumerate(loaded.works):
            if number:
                print(file=out)
            print("\n".join(render_work(work, verbose=args.verbose)), file=out)
    return _report_failures(loaded, len(loaded.works), err)


def _epub(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    loaded = _load(args)
    _print_notices(loaded, args, err)
    if not loaded.works:
        return _report_failures(loaded, 0, err)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    made: list[MadeBook] = []
    with progress_bar(err, enabled=not args.quiet) as bar:
        if args.collection:
            task = bar.add_task("binding the collection", total=1)
            made.append(publish_collection(args.collection, loaded.works, args.output, epoch))
            bar.advance(task)
        else:
            task = bar.add_task("making books", total=len(loaded.works))
            for work in loaded.works:
                bar.update(task, description=work.meta.slug[:40])
                made.append(publish_work(work, args.output, epoch))
                bar.advance(task)
    if not args.quiet:
        for book in made:
            print(f"made {book.path} ({_describe_book(book)})", file=out)
    status = _check_books(made, out, args.quiet) if args.check else 0
    return max(status, _report_failures(loaded, len(loaded.works), err))


def _audio(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    def narrate(work: Work, narrator: Narrator, lexicon: Lexicon, report: ProgressCallback, executor: Executor) -> Made:
        made = publish_audio(work, args.output, narrator, lexicon, PRESETS[args.preset], report, executor=executor)
        return Made(made.folder, (f"made {made.folder}: {_describe_audio(made)}",))

    return _narrate_works(args, out, err, narrate)


def _book(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")

    def narrate(work: Work, narrator: Narrator, lexicon: Lexicon, report: ProgressCallback, executor: Executor) -> Made:
        made = publish_book(
            work, args.output, narrator, lexicon, epoch, PRESETS[args.preset], report, executor=executor
        )
        total = sum(timeline.duration_ms for timeline in made.audio.timelines) / 1000
        return Made(
            made.audio.folder,
            (
                f"made {made.epub}",
                f"made {made.narrated_epub} (read-along narration, {_hours(total)})",
                f"made {made.audio.folder}: {_describe_audio(made.audio)}",
            ),
        )

    return _narrate_works(args, out, err, narrate)


@dataclass(frozen=True)
class Made:
    """What narrating one work made: the folder whose audio is checked, and the lines that say so."""

    folder: Path
    lines: tuple[str, ...]


Lexicon = Mapping[str, str]
NarrateWork = Callable[[Work, Narrator, Lexicon, ProgressCallback, Executor], Made]


def _narrate_works(args: argparse.Namespace, out: TextIO, err: TextIO, narrate: NarrateWork) -> int:
    """Narrate each work in turn with one voice and one executor; check the audio of each as it is made."""
    loaded = _load(args)
    _print_notices(loaded, args, err)
    narrator = Narrator(find_voice(args.voice, args.voices_dir), ClipCache(args.cache_dir or default_cache_dir()))
    narrator.cache.remove_leftovers()
    lexicon = load_lexicon(args.voices_dir)
    failed = 0
    ledger = _Ledger()
    with _executor(args, narrator) as executor, ledger.on_interrupt():
        for work in loaded.works:
            with narration_progress(err, work.meta.slug, enabled=not args.quiet) as report:
                made = narrate(work, narrator, lexicon, ledger.follow(work, report), executor)
            ledger.finished.append(work.meta.slug)
            if not args.quiet:
                print("\n".join(made.lines), file=out)
            failed = max(failed, _check_made_audio(made.folder, out, err, args.quiet))
    return max(failed, _report_failures(loaded, len(loaded.works), err))


@dataclass
class _Ledger:
    """What a narrating run has finished so far, to say so if the user stops it."""

    finished: list[str] = field(default_factory=list)
    current: str = ""
    state: NarrationProgress | None = None

    def follow(self, work: Work, report: ProgressCallback) -> ProgressCallback:
        self.current, self.state = work.meta.slug, None

        def record(state: NarrationProgress) -> None:
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


def _describe_audio(made: MadeAudio) -> str:
    total = sum(timeline.duration_ms for timeline in made.timelines) / 1000
    return (
        f"{counted(len(made.mp3s), 'MP3 file')}, {made.m4b.name}, {made.playlist.name} "
        f"({_hours(total)} of narration; {counted(made.synthesized, 'clip')} made, {made.cached} from the cache)"
    )


@contextmanager
def _executor(args: argparse.Namespace, narrator: Narrator) -> Iterator[Executor]:
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: give 1 or more")
    executor = make_executor(args.executor, args.workers, args.scheduler, lambda: narrator.engine)
    try:
        yield executor
    finally:
        executor.close()


def _check_made_audio(folder: Path, out: TextIO, err: TextIO, quiet: bool) -> int:
    """The audio checks on what a run just made: a line when all pass, the failures when not."""
    result = check_folder(folder, epubs=False)
    write_report(folder, result)
    if result.ok:
        if not quiet:
            print(f"checked {folder}: every audio file passes ({len(result.files)} files)", file=out)
        return 0
    print_report(result, err, folder)
    print(f"publish: error: {folder}: the audio fails its checks (see {folder / REPORT_NAME})", file=err)
    return EXIT_SOME_FAILED


def _check(args: argparse.Namespace, out: TextIO) -> int:
    preset = PRESETS[args.preset] if args.preset else None
    result = check_output(args.path, preset)
    print_report(result, out, args.path)
    report = write_report(args.path, result)
    print(f"wrote {report}", file=out)
    return 0 if result.ok else EXIT_SOME_FAILED


def _voices(args: argparse.Namespace, out: TextIO) -> int:
    voices = load_voices(args.voices_dir)
    if args.sample:
        voice = find_voice(args.sample, args.voices_dir)
        path = render_sample(voice, args.output / "voices", ClipCache(args.cache_dir or default_cache_dir()))
        print(f"made {path}", file=out)
        return 0
    for voice in sorted(voices.values(), key=lambda v: (v.name != DEFAULT_VOICE, v.name)):
        default = " (default)" if voice.name == DEFAULT_VOICE else ""
        print(f"{voice.name}{default}: {voice.engine}; {voice.description} [{voice.source}]", file=out)
    return 0


def _cache(args: argparse.Namespace, out: TextIO) -> int:
    cache = ClipCache(args.cache_dir or default_cache_dir())
    if args.action == "clear":
        usage = cache.clear()
        print(f"cleared {cache.root}: {usage.entries} clips, {usage.bytes / 1e6:,.1f} MB", file=out)
    else:
        usage = cache.usage()
        print(f"{cache.root}: {usage.entries} clips, {usage.bytes / 1e6:,.1f} MB", file=out)
    return 0


def _describe_book(book: MadeBook) -> str:
    return f"{counted(book.chapters, 'chapter')}, {book.words:,} words, {book.path.stat().st_size / 1024:,.0f} KB"


def _check_books(made: Sequence[MadeBook], out: TextIO, quiet: bool) -> int:
    failed = 0
    for book in made:
        report = run_epubcheck(book.path)
        if not report.clean:
            failed += 1
        if not quiet or not report.clean:
            verdict = "clean" if report.clean else "NOT CLEAN"
            print(f"{book.path}: {report.summary()}: {verdict}", file=out)
            for message in report.messages:
                print(f"  {message}", file=out)
    return EXIT_SOME_FAILED if failed else 0


def _print_notices(loaded: Loaded, args: argparse.Namespace, err: TextIO) -> None:
    if not args.quiet:
        for notice in loaded.notices:
            print(f"publish: warning: {notice}", file=err)


def _report_failures(loaded: Loaded, succeeded: int, err: TextIO) -> int:
    if not loaded.failures:
        return 0
    for failure in loaded.failures:
        print(f"publish: error: {failure.work}: {failure.error}", file=err)
    print(
        f"publish: {len(loaded.failures)} of {succeeded + len(loaded.failures)} works failed; "
        f"the other {succeeded} went through",
        file=err,
    )
    return EXIT_SOME_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
