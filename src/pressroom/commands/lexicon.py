"""`publish lexicon suggest`: the words of a work the default voice's dictionary does not know, most frequent
first, with what it would say for them; and, after `publish check --listen`, the names it was heard to say
wrongly. What to put in `voices/lexicon.toml`."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pressroom.audio.check import REPORT_NAME
from pressroom.commands.common import InputOptions, add_input_arguments, print_notices
from pressroom.errors import UsageError
from pressroom.hear.scoring import plain_words
from pressroom.text.vocabulary import candidate_words
from pressroom.tts.dictionary import guessed_phonemes, is_known
from pressroom.tts.voices import load_lexicon

NAME = "lexicon"
HELP = "suggest lexicon entries: the names and foreign words of a work the default voice does not know"
DESCRIPTION = (
    "publish lexicon suggest PATH lists the capitalised and foreign words of the works under PATH that the "
    "default voice's dictionary does not know and the lexicon does not cover, most frequent first, with the "
    "phonemes the voice would guess; with --heard OUTDIR, also the names in paragraphs publish check --listen "
    "found heard wrongly there."
)


@dataclass(frozen=True)
class Options:
    input: InputOptions
    heard: Path | None
    top: int
    voices_dir: Path | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["suggest"], help="what to do (suggest)")
    add_input_arguments(parser)
    parser.add_argument("--heard", type=Path, metavar="OUTDIR", help="where publish check --listen wrote check.json")
    parser.add_argument("--top", type=int, default=40, metavar="N", help="how many words to list (default: 40)")
    parser.add_argument("--voices-dir", type=Path, metavar="DIR", help="where your lexicon.toml is (default: voices)")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    if args.top < 1:
        raise UsageError(f"--top {args.top}: give 1 or more")
    return Options(InputOptions.from_args(args), args.heard, args.top, args.voices_dir)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    covered = {word.lower() for word in load_lexicon(options.voices_dir or Path("voices"), "hibari")}
    counts = candidate_words(block.text for work in loaded.works for block in work.all_blocks())
    unknown = [(w, n) for w, n in counts.most_common() if not is_known(w) and w.lower() not in covered]
    print(f"{len(unknown)} words the default voice does not know (of {len(counts)} names and foreign words):",
          file=out)  # fmt: skip
    for word, count in unknown[: options.top]:
        print(f"  {count:5d}  {word:<24} guessed /{guessed_phonemes(word)}/", file=out)
    if options.heard is not None:
        misheard = _heard_wrongly(options.heard)
        print(f"{len(misheard)} names in paragraphs heard wrongly (publish check --listen):", file=out)
        for word, count in misheard.most_common(options.top):
            print(f"  {count:5d}  {word}", file=out)
    return 0


def _heard_wrongly(outdir: Path) -> Counter[str]:
    report_path = outdir / REPORT_NAME
    if not report_path.is_file():
        raise UsageError(f"--heard {outdir}: it has no {REPORT_NAME}", hint=f"run: publish check {outdir} --listen")
    listen = json.loads(report_path.read_text(encoding="utf-8")).get("listen")
    if not listen:
        raise UsageError(
            f"--heard {outdir}: its {REPORT_NAME} has no listening", hint=f"run: publish check {outdir} --listen"
        )
    texts = [plain_words(str(entry["meant"])) for file in listen["files"] for entry in file["failed"]]
    capitalised = candidate_words(texts)
    for text in texts:  # a name that opens its paragraph (`Kropotkin wrote`) counts too
        first = text.split()[0].strip("“”\"'.,;:()[]") if text.split() else ""
        if first[:1].isupper() and len(first) > 1 and not is_known(first):
            capitalised[first] += 1
    return capitalised
