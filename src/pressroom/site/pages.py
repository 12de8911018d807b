"""The site's pages: the library (`index.html`) and a page per work with its downloads, a player with the
chapter list and the text read along. Plain HTML that works without its script; nothing loaded from elsewhere.
Pure: values in, HTML out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from pressroom.site.embed import text_of_pages
from pressroom.site.library import Download, Episode, SiteWork
from pressroom.site.readalong import LitStretch, LitWord, web_readalong
from pressroom.templates import Markup, render

_LANG_NAMES = {"en": "English", "fr": "French", "de": "German", "ru": "Russian", "es": "Spanish", "it": "Italian"}


def library_page(works: Sequence[SiteWork], title: str) -> str:
    items = [
        {
            "search": " ".join([work.title, work.author]).lower(),
            "genre": work.genre or "Other",
            "cover": _href(work, "thumbnail.jpg") if work.cover else "",
            "href": _href(work, "index.html"),
            "title": work.title,
            "facts": " · ".join(_library_facts(work)),
        }
        for work in works
    ]
    return render(
        "library.html",
        language="en",
        title=title,
        root="",
        site_title=title,
        works=items,
        narrated=sum(1 for work in works if work.is_narrated),
        genres=sorted({work.genre or "Other" for work in works}),
    )


SUBSCRIBE = "subscribe.html"
"""The page that says how to add the site's feeds to an app."""


def subscribe_page(title: str, base_url: str) -> str:
    """How to add the library's feeds to an app: the feeds' links open code in a browser, so a page says what
    they are for, with their full addresses to copy."""
    return render(
        "subscribe.html",
        language="en",
        title=f"How to subscribe: {title}",
        root="",
        site_title=title,
        podcast=f"{base_url}feed.xml",
        catalog=f"{base_url}opds/root.xml",
        catalog2=f"{base_url}opds/catalog.json",
    )


def _library_facts(work: SiteWork) -> list[str]:
    facts = [work.author]
    if work.year is not None:
        facts.append(str(work.year))
    facts.append(work.genre or "Other")
    facts.append(f"{work.words:,} words")
    if work.is_narrated:
        facts.append(f"{hours(work.narration_ms)} narrated")
    return facts


def work_page(work: SiteWork, site_title: str, mp3_zip: bool = False) -> str:
    facts = [f"by {work.author}"]
    if work.year is not None:
        facts.append(f"written in {work.year}")
    if work.genre:
        facts.append(work.genre)
    facts.append(f"{work.words:,} words")
    if work.is_narrated:
        facts.append(f"{hours(work.narration_ms)} of narration")
    reading = web_readalong(work.pages, [episode.record for episode in work.episodes])
    return render(
        "work.html",
        language=work.language,
        title=f"{work.title} — {site_title}",
        root="../",
        site_title=site_title,
        narrated=work.is_narrated,
        cover=work.cover,
        work_title=work.title,
        facts=" · ".join(facts),
        description=work.description,
        provenance=_provenance(work),
        downloads=_downloads(work, mp3_zip),
        listen=_listen(work, reading.heard, reading.words) if work.is_narrated else None,
        text=Markup(text_of_pages(reading.pages)),  # the book's own pages, made as XHTML and escaped there
    )


def _provenance(work: SiteWork) -> list[dict[str, str]]:
    rows = []
    if work.source:
        rows.append({"label": "Source: ", "href": work.source})
    if work.rights:
        rows.append({"label": f"Rights: {work.rights}", "href": ""})
    rows.append({"label": f"Made from its source on {work.modified[:10]}", "href": ""})
    if work.narrator:
        rows.append({"label": f"Narrated by the synthetic voice {work.narrator}", "href": ""})
    language = _LANG_NAMES.get(work.language.split("-")[0], work.language)
    rows.append({"label": f"Language: {language}", "href": ""})
    return rows


def _downloads(work: SiteWork, mp3_zip: bool) -> list[dict[str, str]]:
    rows = [_download(d, d.label) for d in (work.epub, work.narrated, work.m4b) if d is not None]
    if work.is_narrated and mp3_zip:
        rows.append(_download(Download(zip_name(work), 0, "application/zip", ""), "All chapters (MP3, in a ZIP)"))
    if work.is_narrated:
        for episode in work.episodes:
            name = episode.download.name
            stem = name.removesuffix(".mp3")
            rows.append({"kind": "episode", "href": quote(name), "label": episode.title,
                         "size": _size(episode.download.size), "vtt": quote(stem + ".vtt"),
                         "srt": quote(stem + ".srt")})  # fmt: skip
        rows.append({"kind": "feed"})
    return rows


def _download(download: Download, label: str) -> dict[str, str]:
    size = _size(download.size) if download.size else ""
    return {"kind": "file", "href": quote(download.name), "media_type": download.media_type, "label": label,
            "size": size}  # fmt: skip


def zip_name(work: SiteWork) -> str:
    return f"{work.slug}.mp3.zip"


def _listen(
    work: SiteWork, heard: Sequence[Sequence[LitStretch]], words: Sequence[Sequence[LitWord]]
) -> dict[str, Any]:
    narration = {
        "work": work.slug,
        "title": work.title,
        "author": work.author,
        # The square art podcast apps show is what a phone's lock screen shows too.
        "artwork": "cover.jpg" if work.cover is not None else None,
        "files": [
            {
                "src": episode.download.name,
                "title": episode.title,
                "duration": episode.record.duration_ms,
                "said": [list(item) for item in lit],
                "words": [list(item) for item in (words[number] if number < len(words) else ())],
            }
            for number, (episode, lit) in enumerate(zip(work.episodes, heard, strict=True))
        ],
    }
    # JSON in a script element: nothing in it may close the element.
    data = json.dumps(narration, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    chapters = [_chapter_item(index, episode) for index, episode in enumerate(work.episodes)]
    return {"first": quote(work.episodes[0].download.name), "chapters": chapters, "data": Markup(data)}


def _chapter_item(index: int, episode: Episode) -> dict[str, Any]:
    markers = episode.record.markers
    first_end = markers[0][2] if markers else episode.record.duration_ms
    own = _button(index, episode.title, 0, first_end if len(markers) > 1 else episode.record.duration_ms)
    return {"own": own, "inner": [_button(index, title, start, end) for title, start, end in markers[1:]]}


def _button(index: int, title: str, start_ms: int, end_ms: int) -> dict[str, str]:
    return {"file": str(index), "start": f"{start_ms / 1000:.3f}", "end": f"{end_ms / 1000:.3f}", "title": title,
            "length": clock(end_ms - start_ms)}  # fmt: skip


def clock(ms: int) -> str:
    """A duration as a player shows it: `4:05`, `1:02:03`."""
    minutes, seconds = divmod(round(ms / 1000), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}" if minutes >= 60 else f"{minutes}:{seconds:02d}"


def _href(work: SiteWork, name: str) -> str:
    return f"{quote(work.slug)}/{quote(name)}"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} kB"


def hours(ms: int) -> str:
    minutes = round(ms / 60_000)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
