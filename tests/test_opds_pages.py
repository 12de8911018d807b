"""A catalog of many books comes in pages a reader app follows: every book once, in order, whatever the count."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import pytest
from lxml import etree

from pressroom.site.library import SiteWork
from pressroom.site.opds import PAGE_SIZE, catalog
from tests.checkers import SCHEMAS, relax_ng_errors

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def _work(number: int) -> SiteWork:
    return SiteWork(
        slug=f"work_{number:03d}", identifier=f"urn:uuid:00000000-0000-0000-0000-{number:012d}",
        title=f"Work {number}", author="Peter Kropotkin" if number % 3 else "Élisée Reclus", language="en",
        year=1880 + number % 40, genre="Essay" if number % 2 else "Letter", description=f"Written as number {number}.",
        source=None, rights=None, modified=f"2026-12-{1 + number % 28:02d}T00:00:00Z", words=1000 + number,
        contents=(), cover=None, pages=(), epub=None, narrated=None, m4b=None, episodes=(), narrator=None,
        narration_ms=0,
    )  # fmt: skip


def _followed(files: dict[str, bytes], first: str) -> tuple[list[str], list[etree._Element]]:
    """The books' ids from `first` on, following `next` as a reader app does; and each page read."""
    ids: list[str] = []
    pages = []
    name: str | None = first
    while name is not None:
        assert not feedparser.parse(files[name]).bozo, name
        page = etree.fromstring(files[name])
        pages.append(page)
        ids += [entry.findtext(f"{ATOM}id") or "" for entry in page.iterfind(f"{ATOM}entry")]
        following = page.find(f"{ATOM}link[@rel='next']")
        name = None if following is None else following.get("href")
        assert len(pages) <= 100, "the pages run in a circle"
    return ids, pages


def _href(page: etree._Element, rel: str) -> str | None:
    link = page.find(f"{ATOM}link[@rel='{rel}']")
    return None if link is None else link.get("href")


@pytest.mark.parametrize("count", [0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 79, 3 * PAGE_SIZE])
def test_every_book_is_on_one_page_and_the_pages_link_both_ways(count: int, tmp_path: Path) -> None:
    works = [_work(number) for number in range(count)]
    files = catalog(works, "Test Library").files
    for feed in ("all", "new", "author-peter-kropotkin"):
        if f"{feed}.xml" not in files:
            continue
        ids, pages = _followed(files, f"{feed}.xml")
        expected = [w.identifier for w in works if feed != "author-peter-kropotkin" or w.author == "Peter Kropotkin"]
        if feed == "new":
            expected = [w.identifier for w in sorted(works, key=lambda w: (w.modified, w.slug), reverse=True)]
        assert ids == expected
        assert all(len(page.findall(f"{ATOM}entry")) <= PAGE_SIZE for page in pages)
        assert len(pages) == max(1, -(-len(expected) // PAGE_SIZE))
        if len(pages) > 1:
            last = pages[-1]
            assert last.findtext(f"{OPENSEARCH}totalResults") == str(len(expected))
            assert last.find(f"{ATOM}link[@rel='next']") is None
            assert _href(last, "previous") == _href(pages[-2], "self")
            assert _href(last, "first") == f"{feed}.xml" and _href(pages[0], "last") == _href(last, "self")
    # The search feed is every book in one, for `publish serve` to cut to those found.
    assert len(etree.fromstring(files["search.xml"]).findall(f"{ATOM}entry")) == count
    publications = []
    name: str | None = "catalog.json"
    while name is not None:
        document = json.loads(files[name])
        assert document["metadata"]["numberOfItems"] == count
        publications += [p["metadata"]["identifier"] for p in document["publications"]]
        name = next((link["href"] for link in document["links"] if link["rel"] == "next"), None)
    assert publications == [w.identifier for w in works]
    if count > PAGE_SIZE:
        written = []
        for file_name, data in files.items():
            if file_name.endswith(".xml") and file_name != "opensearch.xml":
                (tmp_path / file_name).write_bytes(data)
                written.append(tmp_path / file_name)
        assert relax_ng_errors(SCHEMAS / "opds.rnc", sorted(written)) == []
