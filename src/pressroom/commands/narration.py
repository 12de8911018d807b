"""What `publish audio` and `publish book` share: their arguments and options, and the run over the works
(one voice, one executor, a bar per work, what was made and checked, and what was finished if stopped)."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TextIO

from pressroom.audio.cache import ClipCache
from pressroom.audio.master import DEFAULT_PRESET, PRESETS
from pressroom.audio.narrate import MadeAudio, clip_keys, standing_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.reading import NotesReading, ReadingAloud, TablesReading
from pressroom.audio.settings import NarrationSettings, with_lexicon
from pressroom.audio.supply import Progress, ProgressCallback
from pressroom.book.narrated import BookSettings, publish_book, standing_book
from pressroom.book.spread import narrate_spread, work_task
from pressroom.commands.beside import Beside
from pressroom.commands.common import add_output_argument, modified_from_environ, print_notices, report_failures
from pressroom.commands.options import (
    CacheOptions,
    ExecutorOptions,
    InputOptions,
    PresetOption,
    VoiceOptions,
    warn_of_broken_profiles,
)
from pressroom.commands.progress import NarrationBars, narration_bars
from pressroom.commands.tally import ClipWatch, Estimate, RunTally
from pressroom.commands.telling import describe_audio, tell_check, tell_verification
from pressroom.errors import InterruptedRun, PressroomError
from pressroom.hear.listener import need_listener
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.outputs import writable_folder
from pressroom.run.executors import DaskExecutor, Executor, InProcess, Placement, make_executor
from pressroom.run.scratch import run_scratch
from pressroom.sources.load import Loaded
from pressroom.text.announcements import has_wording, primary_language
from pressroom.text.wording import counted, hours
from pressroom.tts.engine import Voice
from pressroom.tts.voices import DEFAULT_VOICE, find_voice, load_lexicon, work_lexicon


@dataclass(frozen=True)
class NarrationOptions:
    """What `publish audio` and `publish book` are given: what to read, where to write, who speaks, where the
    clips are kept, where synthesis runs, and how to narrate (the lexicon is the voice's, added when it is known)."""

    input: InputOptions
    output: Path
    voice: VoiceOptions
    cache: CacheOptions
    placement: Placement
    settings: NarrationSettings
    modified: datetime | None
    spread_works: bool = False
    """Each work made whole on a worker (`--spread works`), not its paragraphs shared by all of them."""

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        """The input, where to write, the voice, the mastering preset, how notes and tables are read, and where
        synthesis runs."""
        InputOptions.add_arguments(parser)
        add_output_argument(parser)
        VoiceOptions.add_arguments(parser)
        CacheOptions.add_arguments(parser)
        parser.add_argument(
            "--narrator", metavar="NAME", help="who the files name as narrator (default: the voice, called synthetic)"
        )
        PresetOption.add_arguments(parser, default=DEFAULT_PRESET)
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
            help="tables: read (announced, then row by row, each cell after its column's name; the default) or "
            "skip (only announced)",
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="verify every clip as it is made and make again one heard wrong (another seed, then clause by "
            "clause); with hibari, its sound is proved (every phoneme voiced, at a speaking pace, no stall) and only "
            "sentences with words it guessed (where each is first read), and a 2%% sample, are heard (Whisper base, "
            "needs pressroom[listen]); the verdict is kept in the cache, so a rerun does nothing twice",
        )
        parser.add_argument(
            "--hear-all",
            action="store_true",
            help="with --verify, hear every clip whole instead of proving its sound (about three times as long)",
        )
        ExecutorOptions.add_arguments(parser, "synthesis")
        parser.add_argument(
            "--spread",
            choices=["paragraphs", "works"],
            default="paragraphs",
            help="what the workers share: each work's paragraphs (the default: one work is made as fast as the "
            "workers allow) or whole works (each made and checked on one worker, its files sent back: many works "
            "on a cluster of many machines)",
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace, environ: Mapping[str, str]) -> NarrationOptions:
        settings = NarrationSettings(
            preset=PresetOption.from_args(args) or PRESETS[DEFAULT_PRESET],
            reading=ReadingAloud(NotesReading(args.notes), TablesReading(args.tables)),
            narrator_name=args.narrator,
            verify=args.verify or args.hear_all,
            hear_all=args.hear_all,
        )
        return cls(
            input=InputOptions.from_args(args),
            output=args.output,
            voice=VoiceOptions.from_args(args),
            cache=CacheOptions.from_args(args, environ),
            placement=ExecutorOptions.from_args(args),
            settings=settings,
            modified=modified_from_environ(environ),
            spread_works=args.spread == "works",
        )


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


class NarrationSession:
    """One run over the works with one voice and one executor: each command loops over `works()`, narrates
    each as it will, and tells what it made with `finished`; the session says it and keeps the exit status."""

    def __init__(self, options: NarrationOptions, loaded: Loaded, narrator: Narrator, executor: Executor,
                 bars: NarrationBars, ledger: _Ledger, out: TextIO, err: TextIO) -> None:  # fmt: skip
        self.narrator = narrator
        self.executor = executor
        self.settings = replace(options.settings, lexicon=load_lexicon(options.voice.voices_dir, narrator.voice.engine))
        self._options, self._loaded, self._bars, self._ledger = options, loaded, bars, ledger
        self._out, self._err = out, err
        self._failed = 0
        self._tally = RunTally(len(loaded.works))
        self._telling = threading.Lock()
        self._watch: ClipWatch | None = None

    def works(self) -> Iterator[tuple[Work, ProgressCallback]]:
        """Each work in turn, with the callback its progress goes to (warned first if the voice will misread it)."""
        for work in self._loaded.works:
            self._warn_if_misread(work)
            yield work, self._ledger.follow(work, self._bars.follow(work.meta.slug))

    def whole(self) -> list[Work]:
        """The works, for a run that hands each whole to a worker (warned of as `works` does): no bar follows a
        work, the bar over the works moves as each comes back."""
        for work in self._loaded.works:
            self._warn_if_misread(work)
        self._ledger.whole_works = True
        self._ledger.workers_keep_clips = not isinstance(self.executor, DaskExecutor)
        return list(self._loaded.works)

    def _warn_if_misread(self, work: Work) -> None:
        """A warning when the voice will misread the work (its language is not the voice's)."""
        mismatch = language_mismatch(work.meta.language, self.narrator.voice)
        if mismatch:
            self._bars.say(f"publish: warning: {work.meta.slug}: {mismatch}", self._err)

    def spread_whole(self, book: BookSettings | None = None) -> None:
        """Each work made whole on a worker (`--spread works`), its books too when `book` says how, and told as
        it is written here; the workers on this machine work in a folder of the run's, removed however the run
        ends (Ctrl-C too)."""
        works = self.whole()
        output = self._options.output
        pending, books_only = [], []
        for work in works:
            own = self.settings_for(work)
            # A work whose files stand as made (every clip cached, nothing they are made from changed) is told
            # at once, not sent to a worker to be made again.
            if book is not None:
                own_book = replace(book, narration=own)
                standing = standing_book(work, output, self.narrator, own_book)
                if standing.audio is not None and not standing.books:
                    books_only.append((work, own_book))
                    continue
                made = standing.audio
            else:
                made = standing_audio(work, output, self.narrator, own)
            if made is None:
                pending.append((work, own))
            else:
                self._tell_whole(work, made, book)
        needed = frozenset().union(*(clip_keys(work, self.narrator, own) for work, own in pending))
        with (
            run_scratch() as scratch,
            ClipWatch(needed, self._in_cache, self._say_progress) as self._watch,
            Beside(lambda: self._books_here(books_only, book)),
        ):
            here = None if isinstance(self.executor, DaskExecutor) else scratch
            # The longest works first: the last to finish is then a short one, not a long one begun late.
            pending.sort(key=lambda item: -item[0].words)
            tasks = (work_task(work, self.narrator, own, output, book, here) for work, own in pending)
            made_all = narrate_spread(tasks, self.executor, output, self.narrator.cache, 2 * self.executor.workers)
            for work, made in made_all:
                self._tell_whole(work, made, book)
        self._watch = None

    def _books_here(self, works: list[tuple[Work, BookSettings]], book: BookSettings | None) -> None:
        """The books alone of works whose narration stands (every clip cached, so no voice is loaded), made here
        while the workers make the rest: a worker has none of a work's files and would make them all again."""
        for work, own_book in works:
            made = publish_book(work, self._options.output, self.narrator, own_book, executor=InProcess(None))
            self._tell_whole(work, made.audio, book)

    def _in_cache(self, key: str) -> bool:
        return self.narrator.cache.path(key).is_file()

    def _say_progress(self, now: Estimate) -> None:
        """Where a long run stands, into a pipe or a log (the bars say it on a terminal)."""
        if not self._options.input.quiet and not self._out.isatty():
            self._bars.say(f"[{self._tally.done} of {self._tally.works} works] {now.line(self._tally.elapsed_s())}",
                           self._out)  # fmt: skip

    def _tell_whole(self, work: Work, made: MadeAudio, book: BookSettings | None) -> None:
        lines = [f"made {made.folder}: {describe_audio(made)}"]
        if book is not None:
            folder = WorkFolder(made.folder)
            lines[:0] = [f"made {folder.epub}", f"made {folder.narrated_epub} (read-along narration, "
                         f"{hours(made.duration_s)})"]  # fmt: skip
        with self._telling:  # the books made here and the works back from the workers are told one at a time
            self.finished(work, made, tuple(lines))

    def settings_for(self, work: Work) -> NarrationSettings:
        """The run's settings with the work's lexicon (`tts.voices.work_lexicon`): the curator's own is the one
        given (`--lexicon`), else the one the work was narrated with last (its `narration.json` says); warned of
        an entry the work was narrated with that no lexicon holds now."""
        folder = WorkFolder.of(self._options.output, work.meta.slug)
        try:
            before = folder.load_narration()
        except PressroomError:
            before = None  # a damaged plan is replaced; the run says nothing of its lexicon
        given = self._options.voice.lexicon
        chosen = (given,) if given is not None else tuple(Path(p) for p in before.lexicon.chosen) if before else ()
        for path in chosen:
            if given is None and not path.is_file():
                self._bars.say(f"publish: warning: {work.meta.slug}: it was narrated with the lexicon {path}, which "
                               "is gone: its entries are not read", self._err)  # fmt: skip
        lexicon = work_lexicon(self._options.voice.voices_dir, work.units, chosen, self.narrator.voice.engine)
        if before is not None:
            lost = sorted(word for word, _ in before.lexicon.entries if word not in lexicon.entries)
            if lost:
                self._bars.say(f"publish: warning: {work.meta.slug}: narrated before with lexicon entries no lexicon "
                               f"holds now ({', '.join(lost)}): the voice reads them by its own rules now",
                               self._err)  # fmt: skip
        return with_lexicon(self.settings, lexicon)

    def finished(self, work: Work, audio: MadeAudio, lines: tuple[str, ...]) -> None:
        """What narrating `work` made (the lines that say so), and how its checks and listening went."""
        quiet = self._options.input.quiet
        self._ledger.finished.append(work.meta.slug)
        self._bars.work_done()
        if not quiet:
            self._bars.say("\n".join(lines), self._out)
        tell_verification(audio.verification, work.meta.slug, self._out, self._err, quiet, self._bars)
        failed = tell_check(audio, self._out, self._err, quiet, self._bars)
        self._failed = max(self._failed, failed)
        self._tally.add(audio, failed != 0)
        if not quiet and self._tally.works > 1:
            self._bars.say(self._tally.line(work.meta.slug, self._watch.now() if self._watch else None), self._out)

    def end(self) -> int:
        """Tell the works that could not be read, once all are done, and what the run did; its exit status."""
        if not self._options.input.quiet and self._tally.works > 1:
            self._bars.say(self._tally.summary(), self._out)
        return max(self._failed, report_failures(self._loaded, len(self._loaded.works), self._err))


@contextmanager
def narration_session(options: NarrationOptions, out: TextIO, err: TextIO) -> Iterator[NarrationSession]:
    """Read the works, load the voice, start the executor and the bars; on Ctrl-C, say what was finished."""
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    warn_of_broken_profiles(options.voice.voices_dir, err, options.voice.voice or DEFAULT_VOICE)
    writable_folder(options.output, "the output folder", "give another with -o")
    writable_folder(options.cache.cache_dir, "the clip cache folder", "give another with --cache-dir")
    narrator = Narrator(find_voice(options.voice.voice, options.voice.voices_dir), ClipCache(options.cache.cache_dir))
    if options.settings.verify:
        need_listener()  # before any work: a missing package is one line now, not a failure in every worker
    narrator.cache.remove_leftovers()
    ledger = _Ledger()
    executor = make_executor(options.placement, lambda: narrator.engine)
    if isinstance(executor, DaskExecutor) and (trimming := executor.trimming_workers()):
        print(f"publish: warning: MALLOC_TRIM_THRESHOLD_ is set on {counted(len(trimming), 'Dask worker')} "
              "(Dask's nanny sets it), which makes synthesis about 1.5 times slower: unset it in the workers' "
              "Dask config (the README shows how)", file=err)  # fmt: skip
    try:
        with (
            ledger.on_interrupt(),
            narration_bars(err, len(loaded.works), enabled=not options.input.quiet) as bars,
        ):
            yield NarrationSession(options, loaded, narrator, executor, bars, ledger, out, err)
    except InterruptedRun:
        executor.stop()  # Ctrl-C: the paragraphs being made are not waited for
        raise
    finally:
        executor.close()


@dataclass
class _Ledger:
    """What a narrating run has finished so far, to say so if the user stops it."""

    finished: list[str] = field(default_factory=list)
    current: str = ""
    state: Progress | None = None
    whole_works: bool = False
    workers_keep_clips: bool = False
    """The workers write their clips straight into this machine's cache (not Dask's, which send them back)."""
    """Works were handed whole to the workers (`--spread works`): those not yet back are lost with their clips."""

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
        if self.whole_works and self.workers_keep_clips:
            return (f"interrupted; {finished}the works on the workers were stopped; the clips they had made are "
                    "kept in the cache; no half-written file is left: run the same command again to go on")  # fmt: skip
        if self.whole_works:
            return (f"interrupted; {finished}the works on the workers were stopped, and the clips they had made "
                    "are not kept (a work's clips come back with it); no half-written file is left")  # fmt: skip
        where = f"stopped in {self.current}" if self.current else "stopped before narrating"
        if self.state is not None:
            where += f" with {self.state.done} of {self.state.total} paragraphs narrated (kept in the cache)"
            where += _files_complete(self.state)
        return f"interrupted; {finished}{where}; no half-written file is left: run the same command again to go on"


def _files_complete(state: Progress) -> str:
    """Which of the stopped work's files are complete under their names, as its last progress said."""
    if state.all_files_complete:
        return ", and every one of its MP3 files complete"
    done = state.files_complete
    if done > 1:
        return f", and its first {counted(done, 'file')} complete"
    return ", and its first file complete" if done == 1 else ""
