"""The books as the outside world judges them: EPUBCheck 5.3, Ace by DAISY, and read back by ebooklib and pandoc."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ebooklib import epub
from lxml import etree

from pressroom.commands.info import work_summary
from pressroom.epub.epubcheck import CheckReport, run_epubcheck
from pressroom.epub.publish import publish_collection, publish_work
from pressroom.model import Work
from pressroom.sources.load import load_works, sample_path
from pressroom.text.typography import typographic
from tests.checkers import AceViolation, ace_violations, pandoc_plain_text
from tests.conftest import CORPUS, document, kept_source_lines
from tests.epub_reading import NS, is_subsequence, words
from tests.test_epub import AWKWARD_BODY

pytestmark = pytest.mark.slow

CORPUS_BOOKS = ("the_conquest_of_bread", "mutual_aid_a_factor_of_evolution")
LETTERS = ("letter_to_lenin", "kropotkin_to_alexander_berkman_november_20_1908", "a_letter_on_the_present_war")


@dataclass(frozen=True)
class Made:
    name: str
    path: Path
    works: tuple[Work, ...]


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    """The five books the issue names: built once, checked by every test below."""
    if not (CORPUS / "metadata" / "manifest.csv").is_file():
        pytest.skip("the shared corpus is not beside the project (../shared/corpus)")
    out = tmp_path_factory.mktemp("books")
    made: dict[str, Made] = {}
    (letter,) = load_works(sample_path()).works
    made["letter"] = Made("letter", publish_work(letter, out).path, (letter,))
    for slug in CORPUS_BOOKS:
        (work,) = load_works(CORPUS, [slug]).works
        made[slug] = Made(slug, publish_work(work, out).path, (work,))
    letters = load_works(CORPUS, list(LETTERS)).works
    made["collection"] = Made("collection", publish_collection("Three Letters", letters, out).path, letters)
    awkward_source = out / "awkward.txt"
    awkward_source.write_text(document(AWKWARD_BODY, title='Awkward & <Odd> "Title" ]]>'), encoding="utf-8")
    (awkward,) = load_works(awkward_source).works
    made["awkward"] = Made("awkward", publish_work(awkward, out).path, (awkward,))
    return made


@pytest.fixture(scope="session")
def epubcheck_reports(books: dict[str, Made]) -> dict[str, CheckReport]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = pool.map(lambda made: run_epubcheck(made.path, usage=True), books.values())
        return dict(zip(books, reports, strict=True))


@pytest.fixture(scope="session")
def ace_reports(books: dict[str, Made]) -> dict[str, list[AceViolation]]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(books, pool.map(lambda made: ace_violations(made.path), books.values()), strict=True))


BOOK_NAMES = ["letter", *CORPUS_BOOKS, "collection", "awkward"]


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_epubcheck_finds_no_error_and_no_warning(name: str, epubcheck_reports: dict[str, CheckReport]) -> None:
    report = epubcheck_reports[name]
    assert report.checker_version.startswith("5.3")
    assert [str(m) for m in report.messages] == [], "no error, no warning, and no usage advice either"
    assert report.clean


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_ace_finds_no_accessibility_violation(name: str, ace_reports: dict[str, list[AceViolation]]) -> None:
    assert ace_reports[name] == []


def test_ace_does_report_a_violation_when_there_is_one(books: dict[str, Made], tmp_path: Path) -> None:
    """Guard against a checker that passes everything: a book whose nav lost its role is reported."""
    import zipfile

    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books["letter"].path) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("titlepage.xhtml"):
                data = data.replace(b'lang="en" xml:lang="en"', b"")
            target.writestr(info, data)
    assert any(v.rule for v in ace_violations(broken))


_NOTE_MARK = re.compile(r"\[\w{1,3}\]")


@pytest.mark.parametrize("name", ["letter", *CORPUS_BOOKS])
def test_every_word_of_the_source_is_in_the_book_in_order(name: str, books: dict[str, Made]) -> None:
    made = books[name]
    (work,) = made.works
    # Note marks are links to their notes, which pandoc numbers afresh as its own footnotes: marks are left out
    # of both sides, and every other word must be there, in order.
    source = words(_NOTE_MARK.sub(" ", "\n".join(kept_source_lines(work))))
    book = words(_NOTE_MARK.sub(" ", pandoc_plain_text(made.path)))
    found, matched = is_subsequence(source, book)
    assert found, f"{name}: the book loses the source after word {matched}: {source[matched - 5 : matched + 5]}"


def _nav_tree(path: Path) -> list[tuple[int, str]]:
    """The nav read back with ebooklib: (depth, title) in order, the colophon aside."""
    book = epub.read_epub(str(path), {"ignore_ncx": True})
    (nav,) = [item for item in book.get_items() if isinstance(item, epub.EpubNav)]
    root = etree.fromstring(nav.content)
    (toc,) = root.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    out = []
    for link in toc.iterfind(".//x:a", NS):
        depth = sum(1 for ancestor in link.iterancestors() if ancestor.tag == f"{{{NS['x']}}}ol")
        out.append((depth, "".join(link.itertext())))
    return [entry for entry in out if entry[1] != "Colophon"]


def _info_tree(chapters: list[dict[str, Any]], depth: int = 1) -> Iterator[tuple[int, str]]:
    for chapter in chapters:
        label, title = chapter["label"], chapter["title"]
        yield depth, typographic(f"{label}: {title}" if label and label != title else title)
        yield from _info_tree(chapter["children"], depth + 1)


@pytest.mark.parametrize("name", ["letter", *CORPUS_BOOKS])
def test_the_nav_lists_the_chapters_publish_info_lists(name: str, books: dict[str, Made]) -> None:
    made = books[name]
    (work,) = made.works
    assert _nav_tree(made.path) == list(_info_tree(work_summary(work)["chapters"]))


def test_the_memoirs_nav_nests_parts_and_sections(tmp_path: Path) -> None:
    if not (CORPUS / "metadata" / "manifest.csv").is_file():
        pytest.skip("the shared corpus is not beside the project (../shared/corpus)")
    (work,) = load_works(CORPUS, ["memoirs_of_a_revolutionist"]).works
    path = publish_work(work, tmp_path).path
    tree = _nav_tree(path)
    assert tree == list(_info_tree(work_summary(work)["chapters"]))
    assert max(depth for depth, _ in tree) >= 2
    assert any(title.startswith("Part First") for depth, title in tree if depth == 1)
