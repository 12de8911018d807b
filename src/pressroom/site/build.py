"""`publish site`: the static site written beside the books (I/O). Only files whose bytes change are written,
each under a temporary name and renamed, so a rebuild touches nothing it need not and a broken build leaves
no half-written page."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from lxml import etree

from pressroom.cover import CoverText, cover_png
from pressroom.outputs import atomic_output, atomic_write_bytes
from pressroom.site import shelf
from pressroom.site.feeds import BOOK_TRANSCRIPT, SiteSettings, chapters_json, library_feed, subtitle_name, work_feed
from pressroom.site.images import book_cover, square_cover, thumbnail
from pressroom.site.library import SiteWork, read_library
from pressroom.site.opds import BOOK_COVER, catalog
from pressroom.site.pages import SUBSCRIBE, library_page, subscribe_page, work_page, zip_name
from pressroom.site.subtitles import book_webvtt, srt, webvtt

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SiteReport:
    works: int
    narrated: int
    pages: int
    feeds: int
    files: int
    """Files the site is made of (the books and their audio not counted)."""
    written: int
    """Of those, the ones this build wrote (new or changed)."""
    bytes: int
    seconds: float
    removed: tuple[str, ...] = ()
    """Files an earlier build made that this one no longer offers (a book's MP3 ZIP without --mp3-zip)."""


@dataclass
class _Writer:
    written: int = 0
    files: int = 0
    size: int = 0
    removed: list[str] = field(default_factory=list)

    def put(self, path: Path, data: bytes) -> None:
        self.files += 1
        self.size += len(data)
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data, hint="check that the output folder is writable and the disk has room")
        self.written += 1

    def derive(self, path: Path, source: Path, make: Callable[[], bytes]) -> None:
        """A picture made from the book (its cover, resized): made again only when the book is newer."""
        if path.is_file() and source.is_file() and path.stat().st_mtime >= source.stat().st_mtime:
            self.files += 1
            self.size += path.stat().st_size
            return
        self.put(path, make())


def build_site(outdir: Path, settings: SiteSettings, progress: Callable[[str], None] | None = None) -> SiteReport:
    started = time.monotonic()
    works = read_library(outdir)
    writer = _Writer()
    for index, work in enumerate(works, start=1):
        if progress is not None:
            progress(f"{index}/{len(works)} {work.slug}")
        _work_files(outdir, work, settings, writer)
    writer.put(outdir / "index.html", library_page(works, settings.title).encode("utf-8"))
    writer.put(outdir / "feed.xml", library_feed(works, settings))
    writer.put(outdir / SUBSCRIBE, subscribe_page(settings.title, settings.base_url).encode("utf-8"))
    byline = sorted({work.author for work in works})
    library_cover = cover_png(CoverText(settings.title, ", ".join(byline[:2]), "A library"))
    writer.put(outdir / "cover.jpg", square_cover(library_cover))
    for name in ("site.css", "site.js"):
        writer.put(outdir / name, resources.files("pressroom.data").joinpath(name).read_bytes())
    for name, data in catalog(works, settings.title).files.items():
        writer.put(outdir / "opds" / name, data)
    narrated = sum(1 for work in works if work.is_narrated)
    return SiteReport(
        works=len(works),
        narrated=narrated,
        pages=len(works) + 1,
        feeds=narrated + 1,
        files=writer.files,
        written=writer.written,
        bytes=writer.size,
        seconds=time.monotonic() - started,
        removed=tuple(writer.removed),
    )


def _work_files(outdir: Path, work: SiteWork, settings: SiteSettings, writer: _Writer) -> None:
    folder = outdir / work.slug
    writer.put(folder / "index.html", work_page(work, settings.title, settings.mp3_zip).encode("utf-8"))
    if work.cover is not None:
        cover, book = work.cover, folder / (work.epub.name if work.epub else "")
        writer.derive(folder / "cover.jpg", book, lambda: square_cover(cover))
        writer.derive(folder / "thumbnail.jpg", book, lambda: thumbnail(cover))
        writer.derive(folder / BOOK_COVER, book, lambda: book_cover(cover))
    writer.put(folder / shelf.IGNORE, shelf.IGNORE_NOTE)
    if work.is_narrated:
        writer.put(folder / "feed.xml", work_feed(work, settings))
        writer.put(folder / "book.chapters.json", chapters_json(work.book_chapters).encode("utf-8"))
        if work.m4b is not None and len(work.book_chapters) == len(work.episodes):
            records = [episode.record for episode in work.episodes]
            starts = [start for _, start, _ in work.book_chapters]
            writer.put(folder / BOOK_TRANSCRIPT, book_webvtt(records, starts).encode("utf-8"))
        for episode in work.episodes:
            writer.put(folder / subtitle_name(episode, ".vtt"), webvtt(episode.record).encode("utf-8"))
            writer.put(folder / subtitle_name(episode, ".srt"), srt(episode.record).encode("utf-8"))
            spans = episode.record.markers or ((episode.title, 0, episode.record.duration_ms),)
            writer.put(folder / subtitle_name(episode, ".chapters.json"), chapters_json(spans).encode("utf-8"))
        if settings.mp3_zip:
            _zip_of_mp3s(folder, work, writer)
        else:
            _remove_own_zip(folder, work, writer)
    _shelf_folder(outdir, work, writer)


def _zip_of_mp3s(folder: Path, work: SiteWork, writer: _Writer) -> None:
    """Every chapter MP3 in one ZIP (stored: MP3s do not compress), remade only when a file in it changed."""
    target = folder / zip_name(work)
    members = [(episode.download.name, folder / episode.download.name) for episode in work.episodes]
    writer.files += 1
    if target.is_file() and _zip_holds(target, members):
        writer.size += target.stat().st_size
        return
    with atomic_output(target) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_STORED) as archive:
        for name, path in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as entry:
                shutil.copyfileobj(source, entry, 1 << 20)
    writer.written += 1
    writer.size += target.stat().st_size


def _remove_own_zip(folder: Path, work: SiteWork, writer: _Writer) -> None:
    """An earlier build's ZIP of the MP3s, which the page no longer links and which would go stale beside the
    files it copies; a ZIP that holds anything but this book's MP3s is not the site's and is left alone."""
    target = folder / zip_name(work)
    mp3s = {episode.download.name for episode in work.episodes}
    try:
        with zipfile.ZipFile(target) as archive:
            ours = set(archive.namelist()) <= mp3s
    except (OSError, zipfile.BadZipFile):
        return
    if ours:
        target.unlink()
        writer.removed.append(str(target))


def _zip_holds(target: Path, members: list[tuple[str, Path]]) -> bool:
    """Whether the ZIP has these files at their sizes, and is newer than all of them."""
    try:
        with zipfile.ZipFile(target) as archive:
            held = [(info.filename, info.file_size) for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile):
        return False
    newest = max((path.stat().st_mtime for _, path in members), default=0)
    wanted = [(name, path.stat().st_size) for name, path in members]
    return held == wanted and target.stat().st_mtime >= newest


def _shelf_folder(outdir: Path, work: SiteWork, writer: _Writer) -> None:
    folder = outdir / shelf.FOLDER / work.slug
    writer.put(folder / "metadata.json", shelf.metadata_json(work).encode("utf-8"))
    writer.put(folder / "desc.txt", shelf.description_text(work).encode("utf-8"))
    if work.narrator:
        writer.put(folder / "reader.txt", shelf.reader_text(work).encode("utf-8"))
    if work.cover is not None:
        square = outdir / work.slug / "cover.jpg"  # made just before, from the same book
        writer.derive(folder / "cover.jpg", square, square.read_bytes)
    for download in (work.m4b, work.epub):
        if download is not None:
            _link(outdir / work.slug / download.name, folder / download.name, writer)


def _link(source: Path, target: Path, writer: _Writer) -> None:
    """The book's file in the Audiobookshelf folder: a hard link (no second copy on disk), else a copy."""
    writer.files += 1
    if target.exists() and source.samefile(target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.link")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    temporary.replace(target)
    writer.written += 1


def recorded_settings(outdir: Path) -> SiteSettings | None:
    """The settings a site under `outdir` was built with, as its library feed records them (its own address,
    title and owner's email) and its files show (an MP3 ZIP); None where there is no site to rebuild."""
    feed = outdir / "feed.xml"
    if not (outdir / "index.html").is_file() or not feed.is_file():
        return None
    try:
        channel = etree.parse(str(feed)).find("channel")
    except (OSError, etree.XMLSyntaxError):
        return None
    if channel is None:
        return None
    link = channel.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    base = (link.get("href", "") if link is not None else "").removesuffix("feed.xml")
    title = channel.findtext("title") or ""
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    email = channel.findtext(f"{itunes}owner/{itunes}email")
    if not base or not title:
        return None
    return SiteSettings(base, title, email or None, mp3_zip=any(outdir.glob("*/*.mp3.zip")))
