"""Every raw download in ../shared/raw read by its format's reader, against the cleaned corpus made from it.

    .venv/bin/python bench/raw_sources.py [--raw ../shared/raw] [--corpus ../shared/corpus] [--epubcheck] [--pandoc]

Prints per file: the format the reader chose, the title and author it found, the top-level chapters, the words,
and the words of the corpus work whose manifest `source_path` names that file (gained or lost). With
`--epubcheck`, each file is also made into an EPUB and checked with EPUBCheck 5.3 `--usage`. With `--pandoc`,
the time to read every file and make its EPUB in this process is set beside pandoc converting the same files
(as Markdown, the nearest reader it has) to EPUB 3, one after another.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.publish import publish_work
from pressroom.errors import PressroomError
from pressroom.model import Work
from pressroom.sources.decode import decode_text
from pressroom.sources.epub_reader import is_epub
from pressroom.sources.formats import text_format
from pressroom.sources.load import load_works

SHARED = Path(__file__).resolve().parents[2] / "shared"


def format_of(path: Path) -> str:
    data = path.read_bytes()
    return "epub" if is_epub(data) else text_format(decode_text(data, str(path)).text, str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=SHARED / "raw")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--epubcheck", action="store_true")
    parser.add_argument("--pandoc", action="store_true")
    args = parser.parse_args()
    cleaned = {
        work.meta.source_path.rsplit("/", 1)[-1]: work
        for work in load_works(args.corpus).works
        if work.meta.source_path
    }
    started = time.perf_counter()
    read: list[tuple[Path, Work]] = []
    print(f"{'file':44} {'format':9} {'title':36} {'author':20} {'ch':>3} {'words':>7} {'cleaned':>7} {'gained':>7}")
    for path in sorted(p for p in args.raw.rglob("*") if p.is_file()):
        try:
            (work,) = load_works(path).works
        except (PressroomError, UnicodeDecodeError) as error:
            reason = str(error).rsplit(": ", 1)[-1]
            print(f"{str(path.relative_to(args.raw))[:44]:44} {'-':9} not read: {reason}")
            continue
        read.append((path, work))
        corpus = cleaned.get(path.name)
        words = f"{corpus.words:>7,}" if corpus else f"{'-':>7}"
        gained = f"{work.words - corpus.words:>+7,}" if corpus else f"{'-':>7}"
        name = str(path.relative_to(args.raw))
        print(
            f"{name[:44]:44} {format_of(path):9} {work.meta.title[:36]:36} {work.meta.author[:20]:20} "
            f"{len(work.chapters):>3} {work.words:>7,} {words} {gained}"
        )
    print(f"{len(read)} files read in {time.perf_counter() - started:.1f} s")
    if args.pandoc:
        _against_pandoc([path for path, _ in read])
    if not args.epubcheck:
        return 0
    with tempfile.TemporaryDirectory() as out:
        books = [publish_work(work, Path(out)).path for _, work in read]
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = list(pool.map(lambda book: run_epubcheck(book, usage=True), books))
    unclean = [report for report in reports if report.messages]
    for report in unclean:
        print(f"NOT CLEAN {report.path.name}: {report.summary()}")
        for message in report.messages[:5]:
            print(f"  {message}")
    print(f"EPUBCheck: {len(reports) - len(unclean)} of {len(reports)} books clean")
    return 1 if unclean else 0


def _against_pandoc(paths: list[Path]) -> None:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        for path in paths:
            (work,) = load_works(path).works
            publish_work(work, Path(out) / "ours")
        ours = time.perf_counter() - started
        started = time.perf_counter()
        for number, path in enumerate(paths):
            target = Path(out) / f"{number}.epub"
            subprocess.run([pandoc, "-f", "markdown", "-t", "epub3", "-o", str(target), str(path)], check=True)
        theirs = time.perf_counter() - started
    print(f"read and made into EPUBs: Pressroom {ours:.1f} s, pandoc {theirs:.1f} s ({theirs / ours:.2f}x)")


if __name__ == "__main__":
    sys.exit(main())
