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


# Each page's note says something else (notes alike at the same place on every page would be a running foot).
_NOTES = [
    "Izvestiia, 12 May 1920.",
    "See the letter of the Dmitrov co-operatives, printed in full in the appendix.",
    "Kropotkin wrote this in pencil; the copy kept in Moscow is dated.",
    "On the hostages, compare his letter of December.",
]


def _footnoted_pdf(folder: Path, words: list[str], pages: int) -> Path:
    """A book printed by Chromium with a footnote at each page's foot: a raised mark in the text (numbered
    afresh on each page, as printers do), its note in small type below, no running heads."""
    require(CHROMIUM, "Chromium")
    per_page = len(words) // pages
    body = []
    for number in range(pages):
        chunk = words[number * per_page : (number + 1) * per_page]
        third = len(chunk) // 3
        paragraphs = [chunk[:third], chunk[third : 2 * third], chunk[2 * third :]]
        paragraphs[0] = [*paragraphs[0][:5], f"{paragraphs[0][5]}<sup>1</sup>", *paragraphs[0][6:]]
        text = "".join(f"<p>{' '.join(paragraph)}</p>" for paragraph in paragraphs)
        note = f"<div class='foot'><sup>1</sup> {_NOTES[number]}</div>"
        body.append(f"<div class='page'>{text}{note}</div>")
    page = folder / "notes.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Notes</title><style>"
        "@page{size:A5;margin:12mm}body{margin:0;font-family:serif;font-size:10pt}"
        ".page{height:180mm;position:relative;break-after:page}.foot{position:absolute;bottom:0;font-size:7.5pt}"
        "</style></head><body>" + "".join(body) + "</body></html>",
        encoding="utf-8",
    )
    pdf = folder / "notes.pdf"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", page.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=120, check=True)
    return pdf


@pytest.mark.slow
def test_footnotes_at_each_pages_foot_become_the_books_notes_linked_to_their_marks(tmp_path: Path) -> None:
    (work,) = load_works(sample_path()).works
    words = [w for b in work.all_blocks() if b.kind is BlockKind.PARAGRAPH for w in html.escape(b.text).split()][:900]
    (read,) = load_works(_footnoted_pdf(tmp_path, words, pages=4)).works
    notes = [b for b in read.all_blocks() if b.kind is BlockKind.NOTE]
    assert [(n.label, n.text) for n in notes] == [(str(k), f"[{k}] {_NOTES[k - 1]}") for k in range(1, 5)]
    marked = [b.text for b in read.all_blocks() if b.kind is BlockKind.PARAGRAPH and re.search(r"\[\d\]", b.text)]
    assert [re.findall(r"\[(\d)\]", text) for text in marked] == [["1"], ["2"], ["3"], ["4"]]
    got = [w for b in read.all_blocks() if b.kind is BlockKind.PARAGRAPH for w in re.sub(r"\[\d\]", "", b.text).split()]
    meant = [html.unescape(w) for w in words]
    matcher = difflib.SequenceMatcher(None, meant, got, autojunk=False)
    assert sum(block.size for block in matcher.get_matching_blocks()) / len(meant) >= 0.995
    out = tmp_path / "out"
    arguments = ["epub", str(tmp_path / "notes.pdf"), "-o", str(out), "-q"]
    assert main(arguments, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    (book,) = out.glob("*/*.epub")
    assert run_epubcheck(book).clean


@pytest.mark.parametrize("label", ["raised", "1", "1.", "*"])
def test_a_footnote_set_by_hand_is_a_note_and_its_mark_a_link(tmp_path: Path, label: str) -> None:
    """PDFs made by word processors set a note's mark as a raised digit or star; the note may open with the mark
    raised, plain, or followed by a full stop. Notes numbered afresh on each page are numbered through the book."""
    mark = "*" if label == "*" else "1"
    document = pymupdf.open()
    for number in range(2):
        page = document.new_page()
        first = f"Page {'one' if number == 0 else 'two'} has a claim that needs its source"
        page.insert_text((72, 120), first, fontsize=11)
        page.insert_text((72 + pymupdf.get_text_length(first, fontsize=11), 116), mark, fontsize=7)
        page.insert_textbox(pymupdf.Rect(72, 140, 540, 420), "and the text runs on for a while. " * 12, fontsize=11)
        if label == "raised":
            page.insert_text((72, 696), mark, fontsize=6)
            page.insert_text((78, 700), f"Kropotkin, note {number + 1}, at the foot", fontsize=8)
        else:
            page.insert_text((72, 700), f"{label} Kropotkin, note {number + 1}, at the foot", fontsize=8)
        page.insert_text((72, 712), "of the page, over two lines.", fontsize=8)
    pdf = tmp_path / "notes.pdf"
    document.save(pdf)
    (work,) = load_works(pdf).works
    notes = [b for b in work.all_blocks() if b.kind is BlockKind.NOTE]
    assert [n.text for n in notes] == [
        f"[{k}] Kropotkin, note {k}, at the foot of the page, over two lines." for k in (1, 2)
    ]
    paragraphs = [b.text for b in work.all_blocks() if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs[0].startswith("Page one has a claim that needs its source[1]")
    assert any(text.startswith("Page two has a claim that needs its source[2]") for text in paragraphs)


TESSDATA = (
    next(Path("/usr/share/tesseract-ocr").glob("*/tessdata"), None)
    if Path("/usr/share/tesseract-ocr").is_dir()
    else None
)


def scanned(pdf: Path, out: Path, dpi: int = 150) -> Path:
    """A scan of a printed book with an OCR'd text layer, as ocrmypdf makes one: each page a picture, its text
    read back by tesseract, with tesseract's errors (and its guesses at each line's size)."""
    if TESSDATA is None:
        pytest.skip("tesseract is not installed (scripts/install-tools installs it)")
    printed, scan = pymupdf.open(pdf), pymupdf.open()
    for number in range(printed.page_count):
        picture = printed[number].get_pixmap(dpi=dpi)
        scan.insert_pdf(pymupdf.open("pdf", picture.pdfocr_tobytes(language="eng", tessdata=str(TESSDATA))))
    scan.save(out)
    return out


@pytest.mark.slow
def test_a_scanned_book_with_an_ocr_text_layer_reads_back_with_what_the_ocr_lost_said(tmp_path: Path) -> None:
    (work,) = load_works(sample_path()).works
    pdf = scanned(_printed(work, tmp_path, "printed with running heads"), tmp_path / "scan.pdf")
    (read,) = load_works(pdf).works
    assert (read.meta.title, read.meta.author) == (work.meta.title, work.meta.author)
    meant, got = _words(work), _words(read)
    matcher = difflib.SequenceMatcher(None, meant, got, autojunk=False)
    lost = [(meant[a:b], got[c:d]) for op, a, b, c, d in matcher.get_opcodes() if op != "equal"]
    kept = sum(block.size for block in matcher.get_matching_blocks()) / len(meant)
    print(f"OCR'd scan: {kept:.2%} of {len(meant)} words in order; misread: {lost}")
    assert kept >= 0.99, lost
    out = tmp_path / "out"
    assert main(["epub", str(pdf), "-o", str(out), "-q"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    (book,) = out.glob("*/*.epub")
    assert run_epubcheck(book).clean
