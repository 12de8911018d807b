"""Podcast feeds: one per narrated work (an episode per chapter file, with its chapters and transcript), and one
for the library (an episode per book, its M4B). RSS 2.0 with the iTunes and Podcasting 2.0 namespaces. Pure.

Every date comes from the book (when it was made from its source), every guid from the book's identifier and
the file's name: a rebuilt site gives the same feed, and an app sees no new episode that is not new.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

from lxml import etree

from pressroom.site.library import Episode, SiteWork

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"
"""Podlove Simple Chapters: chapters inline, what gPodder (podcastparser) and other apps read."""
PODCAST_BEFORE = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
"""The podcast namespace's first address, the only one gPodder knows: the transcript is given under it too."""
_NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "psc": PSC, "podcast1": PODCAST_BEFORE}
CATEGORY = "Arts"
SUBCATEGORY = "Books"


@dataclass(frozen=True)
class SiteSettings:
    base_url: str
    """Where the site is served from, ending in `/`: feeds need whole addresses."""
    title: str
    owner_email: str | None = None
    """The feeds' `itunes:owner` address, which Apple's directory asks for; none by default."""
    mp3_zip: bool = False
    """A ZIP of each narrated work's MP3s beside them: it doubles the disk a book takes, so only when asked."""


BOOK_TRANSCRIPT = "book.vtt"
"""The whole book's subtitles, timed as its M4B plays (the library feed's episode is the M4B)."""


def url(settings: SiteSettings, *parts: str) -> str:
    return settings.base_url + "/".join(quote(part) for part in parts)


def subtitle_name(episode: Episode, suffix: str) -> str:
    """`01 - Chapter I.mp3` -> `01 - Chapter I.vtt`: beside the audio, named as players look for it."""
    return episode.download.name.removesuffix(".mp3") + suffix


def chapters_json(chapters: tuple[tuple[str, int, int], ...]) -> str:
    """Podcasting 2.0 JSON chapters: a start time and title for each."""
    entries = [{"startTime": round(start / 1000, 3), "title": title} for title, start, _end in chapters]
    return json.dumps({"version": "1.2.0", "chapters": entries}, ensure_ascii=False, indent=1) + "\n"


def work_feed(work: SiteWork, settings: SiteSettings) -> bytes:
    channel, rss = _channel(
        settings,
        title=work.title,
        link=url(settings, work.slug, "index.html"),
        feed=url(settings, work.slug, "feed.xml"),
        description=work.description or work.title,
        language=work.language,
        author=work.author,
        image=url(settings, work.slug, "cover.jpg"),
    )
    _sub(channel, f"{{{ITUNES}}}type", "serial")
    made = _when(work.modified)
    for episode in work.episodes:
        item = etree.SubElement(channel, "item")
        _sub(item, "title", episode.title)
        _sub(item, "description", f"{work.title}, by {work.author}: {episode.title}.")
        _sub(item, "guid", f"{work.identifier}#{episode.download.name}", isPermaLink="false")
        # Episodes a minute apart, in reading order, so apps that sort by date keep the book's order.
        _sub(item, "pubDate", format_datetime(made + timedelta(minutes=episode.number)))
        _enclosure(item, url(settings, work.slug, episode.download.name), episode.download.size, "audio/mpeg")
        _sub(item, f"{{{ITUNES}}}duration", str(round(episode.record.duration_ms / 1000)))
        _sub(item, f"{{{ITUNES}}}episode", str(episode.number))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "false")
        chapters = url(settings, work.slug, subtitle_name(episode, ".chapters.json"))
        _sub(item, f"{{{PODCAST}}}chapters", url=chapters, type="application/json+chapters")
        _simple_chapters(item, episode.record.markers)
        vtt = url(settings, work.slug, subtitle_name(episode, ".vtt"))
        _transcript(item, vtt, work.language)
    return _bytes(rss)


def _simple_chapters(item: etree._Element, chapters: Sequence[tuple[str, int, int]]) -> None:
    """The chapters inline too (Podlove Simple Chapters), for the apps that do not fetch the JSON."""
    if not chapters:
        return
    inline = _sub(item, f"{{{PSC}}}chapters", version="1.2")
    for title, start_ms, _end_ms in chapters:
        _sub(inline, f"{{{PSC}}}chapter", start=_normal_play_time(start_ms), title=title)


def _normal_play_time(ms: int) -> str:
    """`01:02:03.456`, as Podlove's `start` is written."""
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{second:02d}.{milli:03d}"


def _transcript(item: etree._Element, address: str, language: str) -> None:
    for namespace in (PODCAST, PODCAST_BEFORE):
        _sub(item, f"{{{namespace}}}transcript", url=address, type="text/vtt", language=language)


def library_feed(works: tuple[SiteWork, ...], settings: SiteSettings) -> bytes:
    """The whole library as one podcast: each narrated book an episode, its M4B with chapters."""
    works = tuple(work for work in works if work.m4b is not None)
    channel, rss = _channel(
        settings,
        title=settings.title,
        link=url(settings, "index.html"),
        feed=url(settings, "feed.xml"),
        description=f"{settings.title}: audiobooks, each an episode with its chapters.",
        language=_common_language(works),
        author=_common_author(works),
        image=url(settings, "cover.jpg"),
    )
    for work in works:
        if work.m4b is None:
            continue
        item = etree.SubElement(channel, "item")
        _sub(item, "title", work.title)
        _sub(item, "description", work.description or work.title)
        _sub(item, "link", url(settings, work.slug, "index.html"))
        _sub(item, "guid", f"{work.identifier}#{work.m4b.name}", isPermaLink="false")
        _sub(item, "pubDate", format_datetime(_when(work.modified)))
        _enclosure(item, url(settings, work.slug, work.m4b.name), work.m4b.size, "audio/mp4")
        _sub(item, f"{{{ITUNES}}}duration", str(round(work.narration_ms / 1000)))
        _sub(item, f"{{{ITUNES}}}image", href=url(settings, work.slug, "cover.jpg"))
        _sub(item, f"{{{ITUNES}}}explicit", "false")
        chapters = url(settings, work.slug, "book.chapters.json")
        _sub(item, f"{{{PODCAST}}}chapters", url=chapters, type="application/json+chapters")
        _simple_chapters(item, work.book_chapters)
        if len(work.book_chapters) == len(work.episodes):
            _transcript(item, url(settings, work.slug, BOOK_TRANSCRIPT), work.language)
    return _bytes(rss)


def _channel(
    settings: SiteSettings, *, title: str, link: str, feed: str, description: str, language: str, author: str,
    image: str,
) -> tuple[etree._Element, etree._Element]:  # fmt: skip
    rss = etree.Element("rss", nsmap=_NSMAP, version="2.0")
    channel = etree.SubElement(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", link)
    _sub(channel, f"{{{ATOM}}}link", href=feed, rel="self", type="application/rss+xml")
    _sub(channel, "description", description)
    _sub(channel, "language", language)
    _sub(channel, "generator", "Pressroom")
    _sub(channel, f"{{{ITUNES}}}author", author)
    _sub(channel, f"{{{ITUNES}}}summary", description)
    _sub(channel, f"{{{ITUNES}}}image", href=image)
    image_element = etree.SubElement(channel, "image")
    _sub(image_element, "url", image)
    _sub(image_element, "title", title)
    _sub(image_element, "link", link)
    category = _sub(channel, f"{{{ITUNES}}}category", text=CATEGORY)
    _sub(category, f"{{{ITUNES}}}category", text=SUBCATEGORY)
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    owner = etree.SubElement(channel, f"{{{ITUNES}}}owner")
    _sub(owner, f"{{{ITUNES}}}name", settings.title)
    if settings.owner_email:
        _sub(owner, f"{{{ITUNES}}}email", settings.owner_email)
    _sub(channel, f"{{{PODCAST}}}locked", "no")
    return channel, rss


def _sub(parent: etree._Element, tag: str, value: str | None = None, **attributes: str) -> etree._Element:
    """A child element; with `text=` in the attributes, an element whose attribute is named text (iTunes)."""
    element = etree.SubElement(parent, tag, dict(attributes))
    if value is not None:
        element.text = value
    return element


def _enclosure(item: etree._Element, address: str, size: int, media_type: str) -> None:
    _sub(item, "enclosure", url=address, length=str(size), type=media_type)


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _common_language(works: tuple[SiteWork, ...]) -> str:
    languages = {work.language for work in works}
    return languages.pop() if len(languages) == 1 else "en"


def _common_author(works: tuple[SiteWork, ...]) -> str:
    authors = sorted({work.author for work in works})
    return authors[0] if len(authors) == 1 else ", ".join(authors[:3]) + (" and others" if len(authors) > 3 else "")


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
