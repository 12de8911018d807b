"""`publish lexicon suggest`: the words of a work the default voice's dictionary does not know, most frequent
first, with what it would say for them; and, after `publish check --listen`, the names it was heard to say
wrongly. What to put in `voices/lexicon.toml`. `publish lexicon check`: every entry heard by the listener."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from langcodes import Language

from pressroom.checks.lexicon import check_entries
from pressroom.commands.common import print_notices
from pressroom.commands.options import EXIT_SOME_FAILED, ExecutorOptions, InputOptions, VoiceOptions
from pressroom.commands.progress import progress_bar
from pressroom.errors import UsageError
from pressroom.hear.scoring import plain_words
from pressroom.layout import REPORT_NAME, load_report, work_folders
from pressroom.run.executors import LOCAL, Placement, make_executor
from pressroom.text.vocabulary import candidate_words
from pressroom.tts.engine import Dictionary, knows_word
from pressroom.tts.foreign import read_by_rule
from pressroom.tts.hibari_engine import spelling_reader
from pressroom.tts.registry import engine_dictionary, open_engine
from pressroom.tts.voices import DEFAULT_VOICE, find_voice, load_lexicon

NAME = "lexicon"
HELP = "suggest lexicon entries: the names and foreign words of a work the default voice does not know"
DESCRIPTION = (
    "publish lexicon suggest PATH lists the capitalised and foreign words of the works under PATH that the "
    "default voice's dictionary does not know and the lexicon does not cover, most frequent first, with the "
    "phonemes the voice would guess; with --heard OUTDIR, also the names in paragraphs publish check --listen "
    "found heard wrongly there. publish lexicon check says each entry of the lexicon (built in and yours) in a "
    "sentence, as the voice says the word alone and as the entry has it, hears both with the listener, and says "
    "whether the entry brings what is heard nearer the name; it exits 1 if an entry takes it further away."
)


@dataclass(frozen=True)
class Options:
    input: InputOptions
    heard: Path | None
    top: int
    voice: VoiceOptions
    action: str = "suggest"
    placement: Placement = LOCAL
    """Where check's listening runs."""
    words: tuple[str, ...] = ()
    """With check: only these entries."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=["suggest", "check"],
        help="suggest entries for PATH, or check the lexicon's by ear",
    )
    InputOptions.add_arguments(parser, book_metadata=False)
    parser.add_argument("--heard", type=Path, metavar="OUTDIR", help="where publish check --listen wrote check.json")
    parser.add_argument("--top", type=int, default=40, metavar="N", help="how many words to list (default: 40)")
    VoiceOptions.add_arguments(
        parser,
        voice_help=f"the voice whose dictionary suggest consults, and that check says the entries with (default: "
        f"{DEFAULT_VOICE})",
    )
    parser.add_argument(
        "--word", action="append", default=[], metavar="WORD", help="with check: only this entry (repeatable)"
    )
    ExecutorOptions.add_arguments(parser, "check's listening")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if args.action is None:
        raise UsageError(
            "publish lexicon needs to be told what to do",
            hint="publish lexicon suggest PATH (names the voice does not know), or publish lexicon check (hear the "
            "entries)",
        )
    if args.top < 1:
        raise UsageError(f"--top {args.top}: give 1 or more")
    if args.action == "check" and args.heard is not None:
        raise UsageError("--heard is for suggest", hint="publish lexicon suggest PATH --heard OUTDIR")
    return Options(
        InputOptions.from_args(args), args.heard, args.top, VoiceOptions.from_args(args), args.action,
        ExecutorOptions.from_args(args), tuple(args.word),
    )  # fmt: skip


def run(options: Options, out: TextIO, err: TextIO) -> int:
    if options.action == "check":
        return _check(options, out, err)
    voice = find_voice(options.voice.voice, options.voice.voices_dir)
    dictionary = engine_dictionary(voice.engine)
    if dictionary is None:
        raise UsageError(
            f"the voice {voice.name} ({voice.engine}) has no pronouncing dictionary to consult",
            hint=f"suggest with a voice that has one, such as the default: --voice {DEFAULT_VOICE}",
        )
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    lexicon = load_lexicon(options.voice.voices_dir, voice.engine)
    covered = {word.lower() for word in lexicon}
    counts = candidate_words(block.text for work in loaded.works for block in work.all_blocks())
    unknown = [(w, n) for w, n in counts.most_common() if not knows_word(dictionary, w) and w.lower() not in covered]
    print(f"{len(unknown)} words the voice {voice.name} does not know (of {len(counts)} names and foreign words):",
          file=out)  # fmt: skip
    print(f"  {'count':>5}  {'word':<24} {'the voice would say (IPA)':<28} as a lexicon entry ({dictionary.alphabet})",
          file=out)  # fmt: skip
    for word, count in unknown[: options.top]:
        guessed = dictionary.guess(word)
        ipa = "/" + dictionary.to_ipa(guessed) + "/"
        print(f"  {count:5d}  {word:<24} {ipa:<28} {_proposed(word, guessed, dictionary)}", file=out)
    print("entries by a language's rules are guesses: hear them with publish lexicon check before you keep them",
          file=out)  # fmt: skip
    if options.heard is not None:
        misheard = _heard_wrongly(options.heard, dictionary, lexicon)
        print(f"{len(misheard)} names in paragraphs heard wrongly (publish check --listen):", file=out)
        for word, count in misheard.most_common(options.top):
            print(f"  {count:5d}  {word}", file=out)
    return 0


def _check(options: Options, out: TextIO, err: TextIO) -> int:
    voice = find_voice(options.voice.voice, options.voice.voices_dir)
    lexicon = load_lexicon(options.voice.voices_dir, voice.engine)
    if options.words:
        by_lower = {word.lower(): word for word in lexicon}
        missing = [word for word in options.words if word.lower() not in by_lower]
        if missing:
            raise UsageError(f"--word {missing[0]}: the lexicon has no entry for it for the voice {voice.name}")
        lexicon = {by_lower[word.lower()]: lexicon[by_lower[word.lower()]] for word in options.words}
    if not lexicon:
        print(f"the lexicon has no entry for the voice {voice.name}", file=out)
        return 0
    engine = open_engine(voice)
    executor = make_executor(options.placement, lambda: engine)
    try:
        with progress_bar(err) as bar:
            task = bar.add_task("saying the entries", total=len(lexicon))
            heard = check_entries(
                lexicon, engine, executor, voice.language, lambda n: bar.update(task, completed=n), spelling_reader()
            )
    finally:
        executor.close()
    width = max(len(entry.word) for entry in heard)
    for entry in heard:
        print(f"  {entry.word:<{width}}  {entry.verdict:<11}  heard “{entry.heard_without}” -> “{entry.heard_with}”",
              file=out)  # fmt: skip
    verdicts = Counter(entry.verdict for entry in heard)
    print(f"{len(heard)} {'entry' if len(heard) == 1 else 'entries'} heard with {voice.name}: " + ", ".join(
        f"{verdicts[verdict]} {verdict}" for verdict in ("heard right", "nearer", "no change", "further")
    ), file=out)  # fmt: skip
    return EXIT_SOME_FAILED if verdicts["further"] else 0


def _proposed(word: str, guessed: str, dictionary: Dictionary) -> str:
    """The entry to try: the word read by its own language's rules when its shape tells the language (in the
    voice's alphabet), else the voice's own guess to correct by hand."""
    reading = read_by_rule(word)
    if reading is None or not reading.phonemes:
        return guessed
    phonemes = reading.english if dictionary.alphabet == "misaki" else reading.phonemes
    return f"{phonemes}  (by {Language.get(reading.language).display_name()} rules)"


def _heard_wrongly(outdir: Path, dictionary: Dictionary, lexicon: Mapping[str, str]) -> Counter[str]:
    if not outdir.is_dir():
        raise UsageError(f"--heard {outdir}: not a folder", hint="give the folder publish check --listen heard")
    # The output folder's own report (publish check OUTDIR --listen), else each work's (a work folder, or an
    # output tree whose works were heard one by one).
    listenings = [report.listen for report in (load_report(outdir),) if report is not None and report.listen]
    if not listenings:
        folders = work_folders(outdir)
        listenings = [listen for folder in folders if (listen := folder.listening()) is not None]
    if not listenings:
        raise UsageError(
            f"--heard {outdir}: nothing there has been heard (no {REPORT_NAME} with a listening)",
            hint=f"run: publish check {outdir} --listen",
        )
    texts = [_as_written(plain_words(failed.meant), lexicon) for listen in listenings for file in listen.files
             for failed in file.failed]  # fmt: skip
    capitalised = candidate_words(texts)
    for text in texts:  # a name that opens its paragraph (`Kropotkin wrote`) counts too
        first = text.split()[0].strip("“”\"'.,;:()[]") if text.split() else ""
        if first[:1].isupper() and len(first) > 1 and not knows_word(dictionary, first):
            capitalised[first] += 1
    return capitalised


def _as_written(meant: str, lexicon: Mapping[str, str]) -> str:
    """What was meant, with each respelling the lexicon gave (`Mala-testa`) back as the name it stands for."""
    respelt = sorted(((spoken, word) for word, spoken in lexicon.items() if not spoken.startswith("[")),
                     key=lambda pair: -len(pair[0]))  # fmt: skip
    for spoken, word in respelt:
        meant = meant.replace(spoken, word)
    return meant
