"""What `--readalong word` costs a book against `sentence` (issue 41): the same work narrated once (the clip cache
makes the second book nearly free) and made into a read-along EPUB both ways. Printed: each book's size, its
overlays' pars and SMIL bytes, its longest page's bytes; then the time foliate-js (in headless Chromium) takes to
open the book, go to its first narrated page and light the first element, each book in turn, `--rounds` times
(a median each, and the ratio: the machine is shared and noisy).

    .venv/bin/python bench/word_overlays.py [--work law_and_authority] [--voice heart] [--rounds 5]

The quick size (the default: Law and Authority, about 50 minutes of speech, one long page) takes about three
minutes on two cores.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.book.readalong import ReadAlong
from pressroom.run.executors import LocalPool
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PLAYER = Path(__file__).resolve().parents[1] / "tests" / "reader" / "play.mjs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", default="law_and_authority")
    parser.add_argument("--voice", default="heart")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    (work,) = load_works(args.corpus, [args.work]).works
    with tempfile.TemporaryDirectory() as scratch:
        narrator = Narrator(find_voice(args.voice, None), ClipCache(Path(scratch) / "cache"))
        books: dict[str, Path] = {}
        for unit in (ReadAlong.SENTENCE, ReadAlong.WORD):
            settings = BookSettings(NarrationSettings(lexicon=load_lexicon(None), check=False), None, None, unit)
            started = time.perf_counter()
            pool = LocalPool(2)
            try:
                made = publish_book(work, Path(scratch) / unit.value, narrator, settings, executor=pool)
            finally:
                pool.close()
            books[unit.value] = made.narrated_epub
            print(f"{unit.value:8} made in {time.perf_counter() - started:5.1f} s: {_described(made.narrated_epub)}")
        opened: dict[str, list[float]] = {name: [] for name in books}
        for _ in range(args.rounds):
            for name, book in books.items():
                opened[name].append(_open_and_light(book))
        medians = {name: statistics.median(times) for name, times in opened.items()}
        for name, median in medians.items():
            print(f"{name:8} opened and lit its first element in {median:.2f} s (median of {args.rounds})")
        print(f"word / sentence: size {books['word'].stat().st_size / books['sentence'].stat().st_size:.2f}, "
              f"time to open {medians['word'] / medians['sentence']:.2f}")  # fmt: skip
    return 0


def _described(book: Path) -> str:
    with zipfile.ZipFile(book) as archive:
        smil = [info for info in archive.infolist() if info.filename.endswith(".smil")]
        pages = [info for info in archive.infolist() if info.filename.endswith(".xhtml")]
        pars = sum(archive.read(info).count(b"<par ") for info in smil)
        smil_bytes = sum(info.file_size for info in smil)
        longest = max(info.file_size for info in pages)
    return (f"{book.stat().st_size / 1e6:.1f} MB, {pars:,} pars, SMIL {smil_bytes / 1e6:.2f} MB, "
            f"longest page {longest / 1e3:.0f} kB")  # fmt: skip


def _open_and_light(book: Path) -> float:
    """Seconds for the player to open the book in Chromium and light its first element (Chromium's own start
    is in it, the same for both books)."""
    started = time.perf_counter()
    command = ["node", str(PLAYER), str(book), "--rate", "1", "--count", "1", "--timeout", "120"]
    subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
