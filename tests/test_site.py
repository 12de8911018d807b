"""`publish site` and `publish serve`, judged by the clients that read them: feedparser (as podcast apps'
libraries do), the rels and types KOReader matches in OPDS, Audiobookshelf's files, HTTP byte ranges, and, in
the slow tier, headless Chromium with axe-core. Two works are narrated (the stand-in voice `tone`) and one is
only a book."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote, unquote

import feedparser  # type: ignore[import-untyped]
import pytest
import uvicorn
from lxml import etree, html
from PIL import Image

from pressroom.audio.cache import ClipCache
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.cli import main
from pressroom.epub.publish import publish_work
from pressroom.layout import WorkFolder
from pressroom.site.build import SiteReport, build_site
from pressroom.site.feeds import SiteSettings
from pressroom.site.opds import short_name
from pressroom.site.serve import bound_socket, feeds_base, site_app
from pressroom.sources.load import load_works, sample_path
from pressroom.tts.voices import find_voice, load_lexicon
from tests.checkers import CHROMIUM, SCHEMAS, TOOLS, relax_ng_errors, require

GOLDEN = Path(__file__).parent / "golden"
BASE = "https://books.example.org/library/"
SETTINGS = SiteSettings(BASE, "Test Library")
ATOM = "{http://www.w3.org/2005/Atom}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
KOREADER_NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
KOREADER_ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access"


def _source(folder: Path, case: str, name: str) -> Path:
    """A golden input under a name of its own (the name gives the work's folder)."""
    path = folder / f"{name}.txt"
    shutil.copyfile(GOLDEN / case / "input.txt", path)
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteReport]:
    sources = tmp_path_factory.mktemp("sources")
    out = tmp_path_factory.mktemp("output")
    narrator = Narrator(find_voice("tone", None), ClipCache(tmp_path_factory.mktemp("cache")))
    for case, name in (("notes_per_chapter", "chapters"), ("amusewiki_table", "table")):
        (work,) = load_works(_source(sources, case, name)).works
        publish_book(work, out, narrator, BookSettings(NarrationSettings(lexicon=load_lexicon(None))))
    (letter,) = load_works(_source(sources, "letter", "letter")).works
    publish_work(letter, out)
    return out, build_site(out, SETTINGS)


def _local(out: Path, address: str) -> Path:
    assert address.startswith(BASE), address
    return out / unquote(address.removeprefix(BASE))


def _hashes(out: Path) -> dict[str, str]:
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.suffix not in (".mp3", ".m4b", ".zip")
    }


def test_the_site_has_its_pages_feeds_and_catalog(site: tuple[Path, SiteReport]) -> None:
    out, report = site
    assert (report.works, report.narrated, report.pages, report.feeds) == (3, 2, 4, 3)
    for name in ("index.html", "feed.xml", "cover.jpg", "site.css", "site.js", "opds/root.xml", "opds/catalog.json"):
        assert (out / name).is_file(), name
    assert not (out / "letter" / "feed.xml").exists(), "a work that was not narrated has no podcast"
    assert (out / "letter" / "index.html").is_file() and (out / "letter" / "thumbnail.jpg").is_file()
    # A phone fetches the covers it scrolls to, not the whole library's (bench/site_phone.py: 691 KB to 57 KB).
    covers = html.fromstring((out / "index.html").read_bytes()).xpath("//ul[@class='works']//img")
    assert covers and all(img.get("loading") == "lazy" for img in covers)


def test_every_link_and_picture_of_the_pages_is_there(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    for page in [out / "index.html", out / "subscribe.html", *out.glob("*/index.html")]:
        tree = html.fromstring(page.read_bytes())
        for element in tree.xpath("//a[@href] | //img[@src] | //link[@href] | //script[@src] | //audio[@src]"):
            target = element.get("href") or element.get("src")
            if target.startswith(("http", "#", "data:")):
                continue
            path, _, fragment = target.partition("#")
            assert (page.parent / unquote(path)).is_file(), f"{page}: {target}"
            if fragment:  # a place in another page: that page has it
                linked = html.fromstring((page.parent / unquote(path)).read_bytes())
                assert linked.get_element_by_id(fragment, None) is not None, f"{page}: {target}"
        for anchor in tree.xpath("//a[starts-with(@href, '#')]"):
            assert tree.get_element_by_id(anchor.get("href")[1:], None) is not None, anchor.get("href")


def test_a_work_page_says_one_word_count_the_one_publish_info_says(site: tuple[Path, SiteReport]) -> None:
    """The page said 8,095 words over its description's 8,062: the site counted the pages' headings and marks."""
    out, _ = site
    (work,) = load_works(GOLDEN / "notes_per_chapter" / "input.txt").works
    page = (out / "chapters" / "index.html").read_text(encoding="utf-8")
    library = (out / "index.html").read_text(encoding="utf-8")
    counts = set(re.findall(r"([\d,]+) words", page))
    assert counts == {f"{work.words:,}"}, counts
    assert f"{work.words:,} words" in library


def test_the_podcast_feed_gives_apps_every_element_they_read(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    feed = feedparser.parse((out / "chapters" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    channel = feed.feed
    assert channel.title == "The Book with Chapter Notes"
    assert channel.author == "Peter Kropotkin" and channel.language == "en"
    # Apple's values are true/false; feedparser knows only the old yes/clean, so the element itself is read.
    tree = etree.parse(out / "chapters" / "feed.xml")
    assert tree.findtext("channel/{http://www.itunes.com/dtds/podcast-1.0.dtd}explicit") == "false"
    assert [tag.term for tag in channel.tags][:1] == ["Arts"]
    with Image.open(_local(out, channel.image.href)) as cover:
        assert cover.format == "JPEG" and cover.width == cover.height and 1400 <= cover.width <= 3000
    narration = WorkFolder(out / "chapters").load_narration()
    assert narration is not None
    assert [entry.title for entry in feed.entries] == ["Chapter I: The Beginning", "Chapter II: Conclusion", "Notes"]
    for entry, item, record in zip(feed.entries, tree.iterfind("channel/item"), narration.files, strict=True):
        (enclosure,) = entry.enclosures
        audio = _local(out, enclosure.href)
        assert int(enclosure.length) == audio.stat().st_size and enclosure.type == "audio/mpeg"
        assert int(entry.itunes_duration) == round(record.duration_ms / 1000)
        assert entry.id.endswith(f"#{audio.name}") and entry.published_parsed is not None
        chapters = json.loads(_local(out, item.findall(f"{PODCAST}chapters")[0].get("url", "")).read_text())
        assert [c["title"] for c in chapters["chapters"]] == [m[0] for m in record.markers]
        (transcript,) = item.findall(f"{PODCAST}transcript")
        assert transcript.get("type") == "text/vtt"
        assert _local(out, transcript.get("url", "")).read_text().startswith("WEBVTT\n")


def test_gpodders_parser_finds_each_episodes_chapters_and_transcript(site: tuple[Path, SiteReport]) -> None:
    """podcastparser (gPodder, AntennaPod's desktop kin) knows chapters only inline (Podlove Simple Chapters)
    and the podcast namespace only at its first address: it found neither in the feeds."""
    import podcastparser  # type: ignore[import-untyped]

    out, _ = site
    narration = WorkFolder(out / "chapters").load_narration()
    assert narration is not None
    with (out / "chapters" / "feed.xml").open("rb") as stream:
        parsed = podcastparser.parse(BASE + "chapters/feed.xml", stream)
    episodes = sorted(parsed["episodes"], key=lambda episode: episode["published"])
    assert len(episodes) == len(narration.files)
    for episode, record in zip(episodes, narration.files, strict=True):
        # It keeps a chapter's start to the whole second.
        assert [(c["title"], c["start"]) for c in episode["chapters"]] == [
            (title, start // 1000) for title, start, _ in record.markers
        ]
        assert _local(out, episode["transcript_url"]).read_text().startswith("WEBVTT\n")
    with (out / "feed.xml").open("rb") as stream:
        library = podcastparser.parse(BASE + "feed.xml", stream)
    book = next(episode for episode in library["episodes"] if episode["title"] == "The Book with Chapter Notes")
    assert [(c["title"], c["start"]) for c in book["chapters"]] == [
        (title, start // 1000) for title, start, _ in narration.m4b_chapters
    ]


def test_the_library_feed_has_a_book_per_episode(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert sorted(entry.title for entry in feed.entries) == ["The Book with Chapter Notes", "The Terror in Russia"]
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mp4" and int(enclosure.length) == _local(out, enclosure.href).stat().st_size
    # Each book episode carries its transcript, timed as the M4B plays (the work feeds' episodes had theirs).
    tree = etree.parse(out / "feed.xml")
    for item in tree.iterfind("channel/item"):
        (transcript,) = item.findall(f"{PODCAST}transcript")
        vtt = _local(out, transcript.get("url", "")).read_text()
        assert transcript.get("type") == "text/vtt" and vtt.startswith("WEBVTT\n")
        folder = _local(out, transcript.get("url", "")).parent
        chapters = json.loads((folder / "book.chapters.json").read_text())["chapters"]
        last_start = chapters[-1]["startTime"]
        cue_starts = [line.split(" --> ")[0] for line in vtt.splitlines() if " --> " in line]
        assert _seconds(cue_starts[-1]) >= last_start, "the last file's cues come after the last chapter starts"


def _seconds(clock: str) -> float:
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_the_opds_catalog_has_what_koreader_matches_and_every_link_resolves(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    root = etree.parse(out / "opds" / "root.xml").getroot()
    assert {link.get("rel"): link.get("type") for link in root.iterfind(f"{ATOM}link")} == {
        "self": KOREADER_NAVIGATION,
        "start": KOREADER_NAVIGATION,
        "search": "application/opensearchdescription+xml",
    }
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iterfind(f"{ATOM}entry")]
    assert titles == ["New", "All books", "By genre", "By author"]
    for document in (out / "opds").glob("*.xml"):
        if document.name == "opensearch.xml":
            continue
        assert not feedparser.parse(document.read_bytes()).bozo, document
        for link in etree.parse(document).getroot().iter(f"{ATOM}link"):
            href = link.get("href", "")
            assert (document.parent / unquote(href)).is_file(), f"{document.name}: {href}"
    books = {e.findtext(f"{ATOM}title"): e for e in etree.parse(out / "opds" / "all.xml").iterfind(f"{ATOM}entry")}
    narrated = books["The Book with Chapter Notes"]
    acquisitions = [
        (link.get("type", ""), link.get("title")) for link in narrated.iterfind(f"{ATOM}link[@rel='{OPEN_ACCESS}']")
    ]
    # A reader app tells the two EPUBs apart by their titles (rel and type are the same).
    assert acquisitions == [
        ("application/epub+zip", "EPUB"),
        ("application/epub+zip", "EPUB with read-along narration"),
        ("audio/mp4", "Audiobook (M4B)"),
    ]
    (image,) = narrated.iterfind(f"{ATOM}link[@rel='http://opds-spec.org/image']")
    with Image.open(out / "opds" / unquote(image.get("href", ""))) as cover:
        assert cover.height > cover.width, "the book's upright cover, not the podcast apps' square"
    rels = {link.get("rel") for link in narrated.iterfind(f"{ATOM}link")}
    assert {"http://opds-spec.org/image", "http://opds-spec.org/image/thumbnail"} <= rels
    assert narrated.findtext("{http://purl.org/dc/terms/}language") == "en"
    assert narrated.findtext("{http://purl.org/dc/terms/}issued") == "1902"
    assert narrated.findtext(f"{ATOM}summary")
    letter = books["Letter to Lenin"]
    assert [link.get("type") for link in letter.iterfind(f"{ATOM}link[@rel='{OPEN_ACCESS}']")] == [
        "application/epub+zip"
    ], "a book that was not narrated is still in the catalog, with its EPUB"
    opds2 = json.loads((out / "opds" / "catalog.json").read_text())
    assert len(opds2["publications"]) == 3
    for publication in opds2["publications"]:
        for link in publication["links"] + publication["images"]:
            assert (out / "opds" / unquote(link["href"])).is_file(), link["href"]


@pytest.mark.slow
def test_the_opds_catalog_is_valid_against_the_specifications_relax_ng_schema(
    site: tuple[Path, SiteReport], tmp_path: Path
) -> None:
    out, _ = site
    documents = sorted(path for path in (out / "opds").glob("*.xml") if path.name != "opensearch.xml")
    assert len(documents) >= 8
    assert relax_ng_errors(SCHEMAS / "opds.rnc", documents) == []
    broken = tmp_path / "broken.xml"
    broken.write_text((out / "opds" / "root.xml").read_text().replace("<updated>", "<updated>soon "), encoding="utf-8")
    assert any("ISO date" in line for line in relax_ng_errors(SCHEMAS / "opds.rnc", [broken])), "the schema bites"


def test_audiobookshelf_finds_each_book_once_with_its_chapters(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    assert (out / "chapters" / ".ignore").is_file(), "the work's own folder (MP3s and M4B) is not a second book"
    shelf = out / "audiobookshelf" / "chapters"
    metadata = json.loads((shelf / "metadata.json").read_text())
    narration = WorkFolder(out / "chapters").load_narration()
    assert narration is not None
    assert [(c["title"], round(c["start"] * 1000), round(c["end"] * 1000)) for c in metadata["chapters"]] == [
        (title, start, end) for title, start, end in narration.m4b_chapters
    ]
    assert metadata["authors"] == ["Peter Kropotkin"] and metadata["publishedYear"] == "1902"
    assert (shelf / narration.m4b_name).samefile(out / "chapters" / narration.m4b_name)
    assert (shelf / "reader.txt").read_text().startswith("tone")
    assert (shelf / "cover.jpg").is_file() and (shelf / "desc.txt").read_text().strip()
    assert not (out / "audiobookshelf" / "letter" / "reader.txt").exists()


def test_subtitles_have_a_cue_per_sentence_in_time_order(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    vtt = (out / "table" / "01 - The Courts Martial.vtt").read_text()
    srt = (out / "table" / "01 - The Courts Martial.srt").read_text()
    cues = [block.split("\n") for block in vtt.split("\n\n")[1:] if block.strip()]
    times = [cue[1] for cue in cues]
    assert all(" --> " in time and "." in time for time in times)
    assert times == sorted(times)
    texts = [" ".join(cue[2:]) for cue in cues]
    assert "The courts martial did their work in these years." in texts
    assert srt.split("\n")[:2] == ["1", times[0].replace(".", ",")]
    # As subtitle conventions want: two lines at most, on screen for seven seconds at most (the table read row
    # by row is one long sentence, cut between its clauses).
    assert all(len(cue[2:]) <= 2 and all(len(line) <= 43 for line in cue[2:]) for cue in cues)
    spans = [[_seconds(clock) for clock in time.split(" --> ")] for time in times]
    assert all(0 < end - start <= 7.0 for start, end in spans)
    assert sum(text.startswith("Table") or text[0].islower() for text in texts) >= 3


def test_a_rebuild_writes_nothing_and_a_new_work_changes_only_what_it_must(
    site: tuple[Path, SiteReport], tmp_path: Path
) -> None:
    out, _ = site
    before = _hashes(out)
    again = build_site(out, SETTINGS)
    assert again.written == 0 and _hashes(out) == before
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (added,) = load_works(_source(tmp_path, "plain_text", "added")).works
    publish_work(added, copy)
    build_site(copy, SETTINGS)
    after = _hashes(copy)
    changed = {name for name in before if after.get(name) != before[name]}
    assert changed <= {"index.html", "opds/all.xml", "opds/new.xml", "opds/catalog.json", "opds/root.xml",
                       "opds/authors.xml", "opds/genres.xml", "opds/author-peter-kropotkin.xml",
                       "opds/genre-other.xml", "opds/search.xml"}, changed  # fmt: skip
    assert not any(name.startswith(("chapters/", "table/", "letter/", "audiobookshelf/")) for name in changed)


@pytest.fixture
def served(site: tuple[Path, SiteReport]) -> Iterator[str]:
    out, _ = site
    listening = bound_socket(0)
    server = uvicorn.Server(uvicorn.Config(site_app(out), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{listening.getsockname()[1]}/"
    server.should_exit = True
    thread.join(timeout=10)
    listening.close()


def test_the_catalogs_search_answers_reader_apps_with_a_feed_of_the_books_found(
    site: tuple[Path, SiteReport], served: str
) -> None:
    """OpenSearch's short name cut between words; its reader-app address a feed: `publish serve` finds the books
    (every word of the query, case and accents aside), a plain web server sends the file of every book."""
    out, _ = site
    description = etree.parse(out / "opds" / "opensearch.xml").getroot()
    namespace = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert description.findtext(f"{namespace}ShortName") == "Test Library"
    templates = {url.get("type"): url.get("template") for url in description.iterfind(f"{namespace}Url")}
    assert templates[KOREADER_ACQUISITION] == "search.xml?q={searchTerms}"
    status, headers, body = _get(served + "opds/search.xml?q=l%C3%89NIN")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    found = feedparser.parse(body)
    assert not found.bozo and [entry.title for entry in found.entries] == ["Letter to Lenin"]
    _, _, nothing = _get(served + "opds/search.xml?q=lenin+chapter+nowhere")
    assert feedparser.parse(nothing).entries == []
    assert len(feedparser.parse((out / "opds" / "search.xml").read_bytes()).entries) == 3


def test_a_catalog_name_is_cut_between_words() -> None:
    assert short_name("Pressroom Library") == "Pressroom"
    assert short_name("Kropotkin's Writings in English") == "Kropotkin's"
    assert short_name("Anarchistbibliothek") == "Anarchistbibliot"
    assert short_name("Short") == "Short"


def _get(address: str, byte_range: str | None = None) -> tuple[int, Message, bytes]:
    return _get_with(address, {"Range": byte_range} if byte_range else {})


def _get_with(address: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(address, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except HTTPError as error:
        with error:  # its connection closed here, not left to the collector
            return error.code, error.headers, error.read()


def test_serve_answers_byte_ranges_as_audio_seeking_needs(site: tuple[Path, SiteReport], served: str) -> None:
    out, _ = site
    mp3 = out / "chapters" / "01 - Chapter I - The Beginning.mp3"
    data = mp3.read_bytes()
    address = served + "chapters/01%20-%20Chapter%20I%20-%20The%20Beginning.mp3"
    status, headers, body = _get(address)
    assert status == 200 and body == data and headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Type"] == "audio/mpeg"
    status, headers, body = _get(address, "bytes=1000-1999")
    assert (status, body) == (206, data[1000:2000])
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    status, _, body = _get(address, "bytes=-100")
    assert (status, body) == (206, data[-100:])
    status, headers, _ = _get(address, f"bytes={len(data) + 10}-")
    assert status == 416 and headers["Content-Range"] == f"bytes */{len(data)}"
    status, _, body = _get(address, "bytes=abc")
    assert (status, body) == (200, data), "a Range header that is not one is ignored"
    status, _, page = _get(served + "index.html")
    assert status == 200 and b"Test Library" in page
    status, _, page = _get(served)
    assert status == 200 and b"Test Library" in page, "a folder's index.html"
    status, headers, _ = _get(address)
    etag = headers["ETag"]
    assert _get_with(address, {"If-None-Match": etag})[0] == 304
    status, _, body = _get_with(address, {"Range": "bytes=0-9", "If-Range": '"another"'})
    assert (status, body) == (200, data), "If-Range names another version: the whole file"
    for suffix, media_type in (
        (".m4b", "audio/mp4"),
        (".vtt", "text/vtt; charset=utf-8"),
        (".srt", "application/x-subrip"),
    ):
        found = sorted(out.rglob(f"*{suffix}"))[0].relative_to(out)
        status, headers, _ = _get(served + quote(str(found)))
        assert (status, headers["Content-Type"]) == (200, media_type), found
    (out.parent / "secret.txt").write_text("not the site's", encoding="utf-8")
    for escape in ("../", "%2e%2e/", "chapters/../../", "..%2f", "chapters/..%2f..%2f"):
        status, _, body = _get(served + escape + "secret.txt")
        assert status == 404 and b"not the site" not in body, escape


def test_serve_warns_when_the_feeds_point_at_another_address(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    assert feeds_base(out) == SETTINGS.base_url
    command = [sys.executable, "-m", "pressroom.cli", "serve", str(out), "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as server:
        assert server.stdout is not None and server.stderr is not None
        said = server.stdout.readline()
        server.terminate()
        warning = server.stderr.read()
    served = said.split(" at ")[1].split()[0]
    assert f"the site's feeds point at {SETTINGS.base_url}, not {served}" in warning
    assert f"--base-url {served}" in warning


def test_a_folder_without_books_is_one_line_naming_it(tmp_path: Path) -> None:
    err = io.StringIO()
    status = main(["site", str(tmp_path)], stdout=io.StringIO(), stderr=err)
    assert status == 2
    assert f"{tmp_path} holds no books" in err.getvalue() and len(err.getvalue().strip().splitlines()) <= 2


SITE_CHECK = Path(__file__).resolve().parent / "reader" / "site.mjs"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "site"
SEEK_TOLERANCE_S = 0.5


def _in_chromium(base: str, slug: str, shots: Path | None = None) -> dict[str, Any]:
    require(TOOLS / "node_modules" / "playwright-core", "playwright-core")
    require(TOOLS / "node_modules" / "axe-core" / "axe.min.js", "axe-core")
    require(CHROMIUM, "Chromium")
    command = ["node", str(SITE_CHECK), base, slug]
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        command += ["--shots", str(shots)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-800:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _assert_visitor_meets_a_working_site(result: dict[str, Any]) -> None:
    assert result["errors"] == []
    assert result["pages"] == {"library": [], "work": []}, "axe-core finds no violation"
    seek = result["seek"]
    assert abs(seek["at"] - seek["wanted"]) <= SEEK_TOLERANCE_S, seek
    follow = result["follow"]
    assert follow["highlighted"] == follow["expected"] is not None, follow
    assert follow["chapter"], "the chapter playing is marked in the list"
    # Read along sentence by sentence: a click on a sentence plays from it, and it is the one lit.
    sentence = result["sentence"]
    assert sentence["lit"] == sentence["id"] and 0 <= sentence["at"] - sentence["wanted"] <= 2, sentence


@pytest.mark.slow
def test_the_site_works_in_chromium_from_disk(site: tuple[Path, SiteReport]) -> None:
    out, _ = site
    result = _in_chromium(out.as_uri() + "/", "chapters", ARTIFACTS)
    _assert_visitor_meets_a_working_site(result)
    for name in ("library-phone", "library-desktop", "work-phone", "work-desktop", "work-playing", "work-sentence"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000, name


@pytest.mark.slow
def test_the_site_works_in_chromium_through_publish_serve(served: str) -> None:
    _assert_visitor_meets_a_working_site(_in_chromium(served, "chapters"))


BAR_CHECK = Path(__file__).resolve().parent / "reader" / "bar.mjs"


@pytest.mark.slow
def test_the_player_bar_is_in_reach_on_a_phone_keeps_the_speed_and_lets_the_reader_read_elsewhere(
    site: tuple[Path, SiteReport],
) -> None:
    """On a phone the browser's own player was 1,330 px down the page and went off screen once playing; speed
    reset at every chapter; Space scrolled the page; the page pulled a reader who scrolled ahead back. Then a
    desktop in dark mode, playing."""
    out, _ = site
    require(TOOLS / "node_modules" / "playwright-core", "playwright-core")
    require(CHROMIUM, "Chromium")
    command = ["node", str(BAR_CHECK), (out / "chapters" / "index.html").as_uri(), "--shots", str(ARTIFACTS)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-800:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["reach"] == {"top": True, "bottom": True}, "the play button is on screen, uncovered, wherever"
    assert result["keys"] == {"played": True, "label": "Pause", "speed": "1.1"}, "Space plays; ] speeds up"
    skip = result["skip"]
    assert skip["ahead"] - skip["before"] == pytest.approx(30_000, abs=600), skip
    assert skip["ahead"] - skip["back"] == pytest.approx(15_000, abs=600), skip
    assert result["speed"] == {"chosen": "1.5", "playing": 1.5}, "kept across a reload and into another file"
    lock = result["lock"]
    assert lock["title"] == lock["chapter"] and lock["album"] == "The Book with Chapter Notes", lock
    assert lock["artist"] == "Peter Kropotkin" and lock["art"] == 1
    assert result["follow"] == {"letGo": True, "stayed": True, "offered": True, "back": True}
    assert result["sentence"]["focusable"] == 0, "a sentence takes focus; Enter played from it"
    sleep = result["sleep"]
    assert sleep["files"] > 1 and sleep["now"] == sleep["file"], "stopped, not gone on to the next file"
    assert sleep["end"] - 1.5 <= sleep["stoppedAt"] <= sleep["end"] + 0.1 and sleep["reset"] == "", sleep
    assert (ARTIFACTS / "bar-phone.png").stat().st_size > 10_000
    dark = result["dark"]
    assert dark["playing"] and dark["playInReach"], dark
    assert dark["page"] < 0.05 and dark["bar"] < 0.05, "dark mode: the page and the bar are dark"
    assert dark["lowestContrast"] >= 4.5, "every control's text readable on the bar (WCAG AA)"
    assert dark["rows"] == 1 and dark["barHeight"] < 80, "on a desktop the bar's controls are one line"
    assert dark["axe"] == [], "axe-core finds no violation while it plays, in dark mode"


def test_the_mp3_zip_is_made_only_when_asked_and_the_owner_has_an_address(
    site: tuple[Path, SiteReport], tmp_path: Path
) -> None:
    """The ZIP of a book's MP3s doubled the disk it takes (and, once made, stayed to go stale); Apple's directory
    asks the feeds for an owner's email."""
    out, _ = site
    assert not list(out.rglob("*.mp3.zip")) and b"ZIP" not in (out / "chapters" / "index.html").read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    build_site(copy, replace(SETTINGS, owner_email="books@example.org", mp3_zip=True))
    archives = sorted(archive.parent.name for archive in copy.rglob("*.mp3.zip"))
    assert "chapters" in archives and b"MP3, in a ZIP" in (copy / "chapters" / "index.html").read_bytes()
    for feed in (copy / "feed.xml", copy / "chapters" / "feed.xml"):
        owner = feedparser.parse(feed.read_bytes()).feed.get("publisher_detail", {})
        assert owner.get("email") == "books@example.org", feed
    said = io.StringIO()
    assert main(["site", str(copy)], said, io.StringIO()) == 0
    assert not list(copy.rglob("*.mp3.zip")), "a build without --mp3-zip left the earlier build's ZIP to go stale"
    assert "removed" in said.getvalue() and "chapters.mp3.zip" in said.getvalue()
    foreign = copy / "table" / "table.mp3.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("my notes.txt", "mine")
    build_site(copy, SETTINGS)
    assert foreign.is_file(), "a ZIP that is not the site's was deleted"
    err = io.StringIO()
    assert main(["site", str(copy), "--owner-email", "not an address"], io.StringIO(), err) == 64
    assert "--owner-email not an address: not an email address" in err.getvalue()


@pytest.mark.slow
def test_the_player_lights_the_word_the_voice_is_saying_with_no_listener(tmp_path: Path) -> None:
    """The default voice times its own words (issue 41): the site underlines the word being said with no
    `check --listen`; a figure said in words is lit on the figure."""
    out = tmp_path / "out"
    said, told = io.StringIO(), io.StringIO()
    assert main(["book", str(sample_path()), "-o", str(out)], stdout=said, stderr=told) == 0
    narration = json.loads((out / "letter_to_lenin" / "narration.json").read_text(encoding="utf-8"))
    utterances = [u for f in narration["files"] for u in f["utterances"]]
    timed = [w for u in utterances for w in u.get("said_words", [])]
    words = sum(len(u["text"].split()) for u in utterances)
    assert len(timed) >= 0.9 * words, "nearly every word said is timed by the voice"
    assert not any(u.get("heard_words") for u in utterances), "no listener was asked"
    assert main(["site", str(out)], stdout=said, stderr=told) == 0
    result = _in_chromium(out.as_uri() + "/", "letter_to_lenin", ARTIFACTS)
    assert result["errors"] == [] and result["pages"]["work"] == []
    word = result["word"]
    assert word["lit"] == word["expected"] and word["lit"].isalnum(), word
    assert word["start"] - 200 <= word["at"] <= word["end"] + 200, "lit while it is being said"
    assert word["sentence"] is not None, "inside the sentence lit"
    assert (ARTIFACTS / "work-word.png").stat().st_size > 10_000


def test_a_page_says_how_to_subscribe_with_the_feeds_addresses_to_copy(site: tuple[Path, SiteReport]) -> None:
    """A feed's link opens code in a browser: the library and every narrated book's page link a page that says
    what the feeds are for, with the addresses a podcast or e-reader app takes."""
    out, _ = site
    page = (out / "subscribe.html").read_text(encoding="utf-8")
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    addresses = re.findall(r'<code class="address">([^<]+)</code>', page)
    assert addresses == [BASE + "feed.xml", BASE + "opds/root.xml", BASE + "opds/catalog.json"]
    assert feed.feed.link.startswith(BASE) or any(link.href == BASE + "feed.xml" for link in feed.feed.links)
    assert 'href="subscribe.html"' in (out / "index.html").read_text(encoding="utf-8")
    narrated = [path for path in out.glob("*/index.html") if (path.parent / "feed.xml").is_file()]
    assert narrated and all('href="../subscribe.html#podcast"' in path.read_text(encoding="utf-8") for path in narrated)
