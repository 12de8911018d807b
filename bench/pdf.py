"""How fast a PDF is read: pages per second of `read_pdf` (PyMuPDF's text with fonts and places, running heads
and feet, footnotes, headings, paragraphs), on a book set from corpus text with a running head, a page number and
a footnote on every page.

    .venv/bin/python bench/pdf.py [--pages 300]

The quick size (the default, 300 A5 pages) takes under a minute. Prints the making and the reading apart, and
the words read against the words set.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import pymupdf

from pressroom.sources.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "memoir" / "memoirs_of_a_revolutionist"


def _book(pages: int) -> tuple[bytes, int]:
    words = " ".join(
        path.read_text(encoding="utf-8").split("----", 1)[-1] for path in sorted(CORPUS.glob("*.txt"))
    ).split()
    document: Any = pymupdf.open()  # type: ignore[no-untyped-call]  # PyMuPDF is untyped
    used = 0
    for number in range(pages):
        page = document.new_page(width=420, height=595)
        page.insert_text((40, 30), "MEMOIRS OF A REVOLUTIONIST", fontsize=8)
        chunk = words[used : used + 330]
        used += len(chunk)
        page.insert_textbox((40, 50, 380, 520), " ".join(chunk[:-1]), fontsize=10)
        page.insert_text((40, 540), f"{number + 1} See the Russian edition, volume {number % 7 + 1}.", fontsize=7)
        page.insert_text((205, 575), str(number + 1), fontsize=8)
    data: bytes = document.tobytes()
    return data, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    pages = parser.parse_args().pages
    started = time.perf_counter()
    data, words = _book(pages)
    made = time.perf_counter() - started
    started = time.perf_counter()
    document = read_pdf(data, "bench.pdf")
    took = time.perf_counter() - started
    read = len(document.body.split())
    notes = document.body.count("\n[")
    print(f"{pages} pages ({len(data) / 1e6:.1f} MB, {words:,} words set) made in {made:.1f} s")
    print(
        f"read in {took:.2f} s: {pages / took:.0f} pages per second, {read:,} words read, {notes} footnotes made notes"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
