"""PDF input (issue 38): PDFs of the kinds a curator has, printed by Chromium from the works' own text (its
running heads and feet, a two-column layout), read back to the same book: at least 99.5% of the source's words in
order, the same chapters, the title and author, EPUBCheck clean, narrated. An encrypted PDF and one with no text
layer are each one line saying what to do."""

from __future__ import annotations

import difflib
import html
import io
import re
import subprocess
from pathlib import Path

import pymupdf
import pytest

from pressroom.cli import main
from pressroom.epub.epubcheck import run_epubcheck
from pressroom.errors import InputError
from pressroom.model import BlockKind, Work
from pressroom.sources.load import load_works, sample_path
from tests.checkers import CHROMIUM, require
from tests.conftest import CORPUS

LAYOUTS = {
    # Chromium's own running head (date, title) and foot (address, `2/13`) on every page.
    "printed with running heads": ("", []),
    "two columns": ("body{columns:2;column-gap:2em}", ["--no-pdf-header-footer"]),
    "small pages, large type": ("@page{size:A6}body{font-size:14pt}", []),
}


def _html(work: Work) -> str:
    parts = [f"<h1>{html.escape(work.meta.title)}</h1><p>by {html.escape(work.meta.author)}</p>"]
    for chapter in work.chapters:
        if len(work.chapters) > 1:
            parts.append(f"<h2>{html.escape(chapter.heading_line)}</h2>")
        parts += [f"<p>{html.escape(b.text)}</p>" for b in chapter.all_blocks() if b.kind is not BlockKind.HEADING]
    return "".join(parts)


def _printed(work: Work, folder: Path, layout: str) -> Path:
    require(CHROMIUM, "Chromium")
    style, flags = LAYOUTS[layout]
    page = folder / "book.html"
    page.write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(work.meta.title)}</title>"
        f"<style>body{{font-family:serif;font-size:12pt}}p{{text-align:justify}}{style}</style></head>"
        f"<body>{_html(work)}</body></html>",
        encoding="utf-8",
    )
    pdf = folder / "book.pdf"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={folder / 'profile'}", *flags, f"--print-to-pdf={pdf}",
               page.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return pdf


def _words(work: Work) -> list[str]:
    return [w for b in work.all_blocks() if b.kind is not BlockKind.HEADING for w in re.findall(r"\w+", b.text.lower())]


def _works() -> list[Path]:
    law = next(CORPUS.glob("*/law_and_authority"), CORPUS / "law_and_authority")
    return [sample_path(), *([law] if law.is_dir() else [])]


@pytest.mark.slow
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("source", _works(), ids=lambda path: path.stem)
def test_a_printed_pdf_reads_back_as_the_book_its_source_gives(tmp_path: Path, source: Path, layout: str) -> None:
    (work,) = load_works(source).works
    pdf = _printed(work, tmp_path, layout)
    (read,) = load_works(pdf).works
    assert (read.meta.title, read.meta.author) == (work.meta.title, work.meta.author)
    meant, got = _words(work), _words(read)
    matcher = difflib.SequenceMatcher(None, meant, got, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks()) / len(meant)
    assert kept >= 0.995, f"{kept:.2%} of the source's words in order"
    if len(work.chapters) > 1:
        assert [c.heading_line for c in read.chapters] == [c.heading_line for c in work.chapters]
    out = tmp_path / "out"
    arguments = ["book", str(pdf), "--voice", "tone", "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "-q"]
    assert main(arguments, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    (book,) = out.glob("*/*[!d].epub")
    assert run_epubcheck(book).clean


def test_an_encrypted_pdf_is_one_line_saying_what_to_do(tmp_path: Path) -> None:
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "A text behind a password, with words enough to be read. " * 3)
    locked = tmp_path / "locked.pdf"
    aes = pymupdf.PDF_ENCRYPT_AES_256  # type: ignore[attr-defined]
    document.save(locked, encryption=aes, user_pw="secret", owner_pw="owner")
    with pytest.raises(InputError) as raised:
        load_works(locked)
    assert raised.value.path == str(locked) and "encrypted" in raised.value.message and "qpdf" in raised.value.hint


def test_a_pdf_with_no_text_layer_is_one_line_naming_ocr(tmp_path: Path) -> None:
    """A scan with no OCR: its pages are pictures of text."""
    document = pymupdf.open()
    for _ in range(2):
        page = document.new_page()
        page.draw_rect(pymupdf.Rect(72, 72, 500, 700), color=(0, 0, 0), fill=(0.9, 0.9, 0.9))
    scan = tmp_path / "scan.pdf"
    document.save(scan)
    with pytest.raises(InputError) as raised:
        load_works(scan)
    assert "no text layer" in raised.value.message and "ocrmypdf" in raised.value.hint


def test_a_file_named_pdf_that_is_not_one_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "book.pdf"
    fake.write_bytes(b"\x00\x01 not a pdf")
    with pytest.raises(InputError, match=r"named \.pdf, but it is not one"):
        load_works(fake)


def test_a_heading_at_a_pages_top_or_wrapped_over_two_lines_is_one_heading(tmp_path: Path) -> None:
    """A chapter's `II` set at a page's top is no page number (it is larger than the text), and a title wrapped
    over two lines is one chapter, not two."""
    body = "The riches of the race are the work of many hands, and every hand has a share in what was made. " * 6
    document = pymupdf.open()
    first = document.new_page()
    first.insert_text((72, 40), "II", fontsize=18)
    first.insert_textbox(pymupdf.Rect(72, 60, 540, 400), body, fontsize=11)
    first.insert_text((300, 780), "1", fontsize=9)
    second = document.new_page()
    second.insert_textbox(pymupdf.Rect(72, 40, 540, 120), "A Title So Long That It Wraps Over Two Lines", fontsize=22)
    second.insert_textbox(pymupdf.Rect(72, 140, 540, 500), body, fontsize=11)
    second.insert_text((300, 780), "2", fontsize=9)
    pdf = tmp_path / "wrapped.pdf"
    document.save(pdf)
    (work,) = load_works(pdf).works
    assert [c.heading_line for c in work.chapters] == ["II", "A Title so Long That It Wraps Over Two Lines"]
    said = [word for block in work.all_blocks() if block.kind is BlockKind.PARAGRAPH for word in block.text.split()]
    assert said == 2 * body.split(), "every word of the text, no page number"
