"""An EPUB read as a source: its declared contents, its notes, its metadata and cover; and Pressroom's own
books read back as they were made."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from pressroom.epub.epubcheck import run_epubcheck
from pressroom.epub.publish import publish_work
from pressroom.model import BlockKind, Chapter, Work
from pressroom.sources.load import load_works, sample_path
from tests.checkers import ace_violations
from tests.conftest import SAMPLES, SHARED
from tests.test_cli import _publish

GOLDEN = Path(__file__).parent / "golden"
STANDARD_EBOOKS = SAMPLES / "standard-ebooks-mutual-aid.epub"
Write = Callable[[str, str | bytes], Path]


def _tree(work: Work) -> list[str]:
    """Chapter titles as nested, with the words of each one's text. A heading's words are its title: the book
    sets a title where the text had none (a chapter named after the work, the work's Notes), and reads back."""
    lines: list[str] = []

    def visit(chapter: Chapter, depth: int) -> None:
        words = sum(block.words for block in chapter.blocks if block.kind is not BlockKind.HEADING)
        lines.append(f"{'  ' * depth}{chapter.heading_line} ({words} words)")
        for child in chapter.children:
            visit(child, depth + 1)

    for chapter in work.chapters:
        visit(chapter, 0)
    return lines


def _read_back(work: Work, folder: Path) -> Work:
    (back,) = load_works(publish_work(work, folder).path).works
    return back


@pytest.mark.parametrize("source", [sample_path(), *sorted(GOLDEN.glob("*/input.txt"))], ids=lambda p: p.parent.name)
def test_a_book_pressroom_made_reads_back_with_the_same_chapters_and_words(source: Path, tmp_path: Path) -> None:
    (work,) = load_works(source).works
    back = _read_back(work, tmp_path)
    assert _tree(back) == _tree(work)
    assert (back.meta.title, back.meta.author, back.meta.language) == (
        work.meta.title,
        work.meta.author,
        work.meta.language,
    )


@pytest.mark.skipif(not (SHARED / "raw").is_dir(), reason="../shared/raw is not beside the checkout")
@pytest.mark.parametrize("name", ["4341.txt", "23428-0.txt", "64353-0.txt"])
def test_a_long_gutenberg_book_reads_back_with_its_chapters(name: str, tmp_path: Path) -> None:
    (work,) = load_works(SHARED / "raw" / name).works
    back = _read_back(work, tmp_path)
    assert [line.split(" (")[0] for line in _tree(back)] == [line.split(" (")[0] for line in _tree(work)]
    # Typesetting joins `Spain--India` into one word with its dash: a few words in a hundred thousand.
    assert abs(back.words - work.words) <= work.words / 2000


@pytest.mark.skipif(not STANDARD_EBOOKS.is_file(), reason="../shared/samples is not beside the checkout")
def test_standard_ebooks_mutual_aid_comes_through_as_its_contents_say() -> None:
    (work,) = load_works(STANDARD_EBOOKS).works
    assert (work.meta.title, work.meta.author, work.meta.language) == (
        "Mutual Aid: A Factor of Evolution",
        "Peter Kropotkin",
        "en-GB",
    )
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert [c.heading_line for c in work.chapters] == [
        "Introduction",
        *(f"{n}: {t}" for n, t in zip(numerals, _SE_TITLES, strict=True)),
        "Conclusion",
        "Appendix",
        "Endnotes",
    ]
    appendix = work.chapters[-2]
    assert [c.label for c in appendix.children] == [*numerals, "IX", "X", "XI", "XII"]
    notes = [b for b in work.chapters[-1].blocks if b.kind.value == "note"]
    assert len(notes) == 322 and notes[0].text.startswith("[1] _Origin of Species_")
    text = " ".join(b.text for c in work.chapters for b in c.all_blocks())
    assert "[1]" in text and "Uncopyright" not in text and "Standard Ebooks" not in text, "frame pages left out"


_SE_TITLES = [
    "Mutual Aid Among Animals",
    "Mutual Aid Among Animals (Continued)",
    "Mutual Aid Among Savages",
    "Mutual Aid Among the Barbarians",
    "Mutual Aid in the Medieval City",
    "Mutual Aid in the Medieval City (Continued)",
    "Mutual Aid Amongst Ourselves",
    "Mutual Aid Amongst Ourselves (Continued)",
]


def test_an_epubs_own_cover_is_the_cover_of_what_is_made_from_it(tmp_path: Path) -> None:
    picture = tmp_path / "cover.png"
    Image.new("RGB", (800, 1200), "#553311").save(picture)
    first = tmp_path / "first"
    assert _publish("epub", "-o", str(first), "--cover", str(picture), "-q").returncode == 0
    (book,) = first.rglob("*.epub")
    again = tmp_path / "again"
    assert _publish("epub", str(book), "-o", str(again), "-q").returncode == 0
    (remade,) = again.rglob("*.epub")
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(remade) as b:
        assert b.read("EPUB/images/cover.png") == a.read("EPUB/images/cover.png")


def _damaged(tmp_path: Path, how: str) -> Path:
    made = tmp_path / "made"
    assert _publish("epub", "-o", str(made), "-q").returncode == 0
    (book,) = made.rglob("*.epub")
    data = book.read_bytes()
    target = tmp_path / "damaged.epub"
    if how == "broken zip":
        target.write_bytes(data[:200])
        return target
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            content = source.read(info)
            if how == "missing spine item" and info.filename.endswith("chapter-001.xhtml"):
                continue
            out.writestr(info, content)
        if how == "drm":
            out.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
                '<enc:CipherReference URI="EPUB/text/chapter-001.xhtml"/></enc:CipherData></enc:EncryptedData>'
                "</encryption>",
            )
    return target


@pytest.mark.parametrize(
    ("how", "said"),
    [("broken zip", "not a readable EPUB"), ("drm", "encrypted (DRM)"), ("missing spine item", "the spine names")],
)
def test_a_damaged_or_locked_epub_is_one_line_naming_it(how: str, said: str, tmp_path: Path) -> None:
    book = _damaged(tmp_path, how)
    result = _publish("info", str(book))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"publish: error: {book}: ") and said in line


@pytest.mark.slow
@pytest.mark.skipif(not STANDARD_EBOOKS.is_file(), reason="../shared/samples is not beside the checkout")
def test_a_book_made_from_the_standard_ebooks_epub_is_clean(tmp_path: Path) -> None:
    made = _publish("epub", str(STANDARD_EBOOKS), "-o", str(tmp_path), "-q")
    assert made.returncode == 0, made.stderr
    (book,) = tmp_path.rglob("*.epub")
    report = run_epubcheck(book, usage=True)
    assert not report.messages, report.summary()
    assert ace_violations(book) == []
