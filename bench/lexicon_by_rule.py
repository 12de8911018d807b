"""Lexicon entries made by rule and kept by ear (issue 28): every name the shared corpus uses at least 5 times that
the default voice's dictionary does not know and the built-in lexicon does not cover is read by its language's
rules (`pressroom.tts.foreign`: the language told by the name's shape, espeak-ng's phonemes), in two forms (as
espeak writes them, and brought to English sounds); each form is said in a carrier sentence and heard by the
listener beside the voice's own reading (`publish lexicon check`'s judge). A form is kept when it is heard right
or nearer the name; the better of the two wins.

    .venv/bin/python bench/lexicon_by_rule.py [--min 5] [--limit N]     # about 7 minutes on two cores

Writes bench/lexicon_candidates/by_rule.toml (the entries kept, with what was heard) and prints the figures.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pressroom.checks.lexicon import EntryHeard, check_entries
from pressroom.run.executors import LOCAL, make_executor
from pressroom.sources.load import load_works
from pressroom.text.vocabulary import candidate_words
from pressroom.tts.engine import knows_word
from pressroom.tts.foreign import RuleReading, read_by_rule
from pressroom.tts.hibari_engine import dictionary, spelling_reader
from pressroom.tts.registry import open_engine
from pressroom.tts.voices import find_voice, load_lexicon

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OUT = Path(__file__).with_name("lexicon_candidates") / "by_rule.toml"
KEPT = ("heard right", "nearer")


def uncovered_names(least: int) -> list[tuple[str, int]]:
    known = dictionary()
    covered = {word.lower() for word in load_lexicon(None, "hibari")}
    works = load_works(CORPUS).works
    counts = candidate_words(block.text for work in works for block in work.all_blocks())
    return [
        (word, count)
        for word, count in counts.most_common()
        if count >= least and word[:1].isupper() and not knows_word(known, word) and word.lower() not in covered
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min", type=int, default=5, help="occurrences in the corpus (default 5)")
    parser.add_argument("--limit", type=int, help="only the N most frequent names")
    args = parser.parse_args()
    started = time.perf_counter()
    names = uncovered_names(args.min)[: args.limit]
    readings: dict[str, RuleReading] = {}
    for word, _ in names:
        reading = read_by_rule(word)
        if reading is not None and reading.phonemes:
            readings[word] = reading
    print(f"{len(names)} names used {args.min}+ times the voice does not know and the lexicon lacks; "
          f"{len(readings)} with a language by rule")  # fmt: skip
    voice = find_voice(None, None)
    engine = open_engine(voice)
    executor = make_executor(LOCAL, lambda: engine)
    heard: dict[str, dict[str, EntryHeard]] = {}
    try:
        for form in ("english", "espeak"):
            said = {
                word: f"[{word}](/{reading.english if form == 'english' else reading.phonemes}/)"
                for word, reading in readings.items()
                # espeak's own form is tried where the English-sounds form was not heard right.
                if form == "english" or heard[word]["english"].verdict != "heard right"
            }
            for entry in check_entries(said, engine, executor, voice.language, reader=spelling_reader()):
                heard.setdefault(entry.word, {})[form] = entry
    finally:
        executor.close()
    kept: list[tuple[str, str, EntryHeard]] = []
    own_right = 0
    for word, forms in heard.items():
        best_form, best = max(forms.items(), key=lambda item: item[1].likeness_with)
        if best.likeness_without >= 1.0:
            own_right += 1
        elif best.verdict in KEPT:
            reading = readings[word]
            kept.append((word, reading.english if best_form == "english" else reading.phonemes, best))
    lines = [
        "# Made by bench/lexicon_by_rule.py: names read by their language's rules (espeak-ng) and kept by ear,",
        "# each heard nearer the name than the voice's own reading (what was heard: without -> with).",
        "[words]",
    ]
    for word, phonemes, entry in kept:
        language = readings[word].language
        lines.append(f'"{word}" = {{ phonemes = "{phonemes}" }}  # {language}: “{entry.heard_without}” -> '
                     f"“{entry.heard_with}”")  # fmt: skip
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"heard {len(heard)} names by rule: {own_right} heard right already in the voice's own reading, "
          f"{len(kept)} kept (nearer or right), {len(heard) - own_right - len(kept)} not helped; "
          f"wrote {OUT} in {time.perf_counter() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
