"""The site's pages: the library (`index.html`) and a page per work with its downloads, a player with the
chapter list and the text read along. Plain HTML that works without its script; nothing loaded from elsewhere.
Pure: values in, HTML out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from pressroom.site.embed import text_of_pages
from pressroom.site.library import Download, Episode, SiteWork
from pressroom.site.readalong import LitStretch, LitWord, web_readalong

_LANG_NAMES = {"en": "English", "fr": "French", "de": "German", "ru": "Russian", "es": "Spanish", "it": "Italian"}


def _page(title: str, language: str, body: str, root: str, extra_head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="data:,">\n'  # no icon: browsers would ask the server for /favicon.ico
        f'<link rel="stylesheet" href="{root}site.css">\n{extra_head}</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to the content</a>\n'
        f"{body}\n"
        f'<script src="{root}site.js"></script>\n</body>\n</html>\n'
    )


def library_page(works: Sequence[SiteWork], title: str) -> str:
    genres = sorted({work.genre or "Other" for work in works})
    options = "".join(f'<option value="{escape(g)}">{escape(g)}</option>' for g in genres)
    items = "\n".join(_library_item(work) for work in works)
    narrated = sum(1 for work in works if work.is_narrated)
    body = f"""<header class="site">
<h1>{escape(title)}</h1>
<p class="muted">{len(works)} books, {narrated} of them narrated. Subscribe: <a href="feed.xml">podcast feed of the
library</a> · <a href="opds/root.xml">OPDS catalog</a> (e-reader apps) · <a href="opds/catalog.json">OPDS 2.0</a></p>
</header>
<main id="main">
<form class="filters" role="search" aria-label="Find a book">
<label for="search">Title or author<input id="search" name="q" type="search" autocomplete="off"></label>
<label for="genre">Genre<select id="genre" name="genre"><option value="">All genres</option>{options}</select></label>
<p id="shown" role="status" aria-live="polite">{len(works)} books shown</p>
</form>
<ul class="works">
{items}
</ul>
</main>"""
    feeds = (
        '<link rel="alternate" type="application/rss+xml" title="Podcast feed" href="feed.xml">\n'
        '<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=navigation" '
        'title="OPDS catalog" href="opds/root.xml">\n'
    )
    return _page(title, "en", body, "", feeds)


def _library_item(work: SiteWork) -> str:
    facts = [work.author]
    if work.year is not None:
        facts.append(str(work.year))
    facts.append(work.genre or "Other")
    facts.append(f"{work.words:,} words")
    if work.is_narrated:
        facts.append(f"{hours(work.narration_ms)} narrated")
    search = " ".join([work.title, work.author]).lower()
    cover = f'<img src="{_href(work, "thumbnail.jpg")}" alt="" width="300" height="450">' if work.cover else ""
    return (
        f'<li data-search="{escape(search)}" data-genre="{escape(work.genre or "Other")}">{cover}'
        f'<div><h2><a href="{_href(work, "index.html")}">{escape(work.title)}</a></h2>'
        f'<p class="meta">{escape(" · ".join(facts))}</p></div></li>'
    )


def work_page(work: SiteWork, site_title: str, mp3_zip: bool = False) -> str:
    facts = [f"by {work.author}"]
    if work.year is not None:
        facts.append(f"written in {work.year}")
    if work.genre:
        facts.append(work.genre)
    facts.append(f"{work.words:,} words")
    if work.is_narrated:
        facts.append(f"{hours(work.narration_ms)} of narration")
    cover = '<img src="thumbnail.jpg" alt="">' if work.cover else ""
    provenance = _provenance(work)
    reading = web_readalong(work.pages, [episode.record for episode in work.episodes])
    listen = _listen(work, reading.heard, reading.words) if work.is_narrated else ""
    text = text_of_pages(reading.pages)
    body = f"""<header class="site"><p><a href="../index.html">{escape(site_title)}</a></p></header>
<main id="main">
<div class="work-head">{cover}<div class="about">
<h1>{escape(work.title)}</h1>
<p class="meta">{escape(" · ".join(facts))}</p>
<p>{escape(work.description)}</p>
{provenance}
<h2>Downloads</h2>
<ul class="downloads">
{_downloads(work, mp3_zip)}
</ul>
</div></div>
<div class="columns">
{listen}
<section class="text" aria-labelledby="text-heading"><h2 id="text-heading">The text</h2>
{text}
</section>
</div>
</main>"""
    extra = (
        '<link rel="alternate" type="application/rss+xml" title="Podcast feed" href="feed.xml">\n'
        if work.is_narrated
        else ""
    )
    return _page(f"{work.title} — {site_title}", work.language, body, "../", extra)


def _provenance(work: SiteWork) -> str:
    rows = []
    if work.source:
        rows.append(f'<li>Source: <a href="{escape(work.source)}">{escape(work.source)}</a></li>')
    if work.rights:
        rows.append(f"<li>Rights: {escape(work.rights)}</li>")
    rows.append(f"<li>Made from its source on {escape(work.modified[:10])}</li>")
    if work.narrator:
        rows.append(f"<li>Narrated by the synthetic voice {escape(work.narrator)}</li>")
    language = _LANG_NAMES.get(work.language.split("-")[0], work.language)
    rows.append(f"<li>Language: {escape(language)}</li>")
    return '<h2>About this edition</h2>\n<ul class="provenance">' + "".join(rows) + "</ul>"


def _downloads(work: SiteWork, mp3_zip: bool) -> str:
    rows = [_download(d, d.label) for d in (work.epub, work.narrated, work.m4b) if d is not None]
    if work.is_narrated and mp3_zip:
        rows.append(_download(Download(zip_name(work), 0, "application/zip", ""), "All chapters (MP3, in a ZIP)"))
    if work.is_narrated:
        for episode in work.episodes:
            name = episode.download.name
            stem = name.removesuffix(".mp3")
            rows.append(
                f'<li><a href="{quote(name)}">{escape(episode.title)}</a> (MP3, {_size(episode.download.size)}; '
                f'subtitles <a href="{quote(stem + ".vtt")}" type="text/vtt">WebVTT</a>, '
                f'<a href="{quote(stem + ".srt")}">SRT</a>)</li>'
            )
        rows.append('<li><a href="feed.xml">Podcast feed</a> (subscribe in a podcast app)</li>')
    return "\n".join(rows)


def _download(download: Download, label: str) -> str:
    size = f" ({_size(download.size)})" if download.size else ""
    return f'<li><a href="{quote(download.name)}" type="{download.media_type}">{escape(label)}</a>{size}</li>'


def zip_name(work: SiteWork) -> str:
    return f"{work.slug}.mp3.zip"


def _listen(work: SiteWork, heard: Sequence[Sequence[LitStretch]], words: Sequence[Sequence[LitWord]]) -> str:
    first = quote(work.episodes[0].download.name)
    chapters = "\n".join(_chapter_item(index, episode) for index, episode in enumerate(work.episodes))
    narration = {
        "work": work.slug,
        "files": [
            {
                "src": episode.download.name,
                "said": [list(item) for item in lit],
                "words": [list(item) for item in (words[number] if number < len(words) else ())],
            }
            for number, (episode, lit) in enumerate(zip(work.episodes, heard, strict=True))
        ],
    }
    data = json.dumps(narration, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"""<section class="listen" aria-labelledby="listen-heading">
<h2 id="listen-heading">Listen</h2>
<audio id="player" controls preload="metadata" src="{first}"></audio>
<nav aria-label="Chapters"><ol class="chapters">
{chapters}
</ol></nav>
<script type="application/json" id="narration">{data}</script>
</section>"""


def _chapter_item(index: int, episode: Episode) -> str:
    markers = episode.record.markers
    first_end = markers[0][2] if markers else episode.record.duration_ms
    own = _button(index, episode.title, 0, first_end if len(markers) > 1 else episode.record.duration_ms)
    inner = "".join(f"<li>{_button(index, title, start, end)}</li>" for title, start, end in markers[1:])
    nested = f"<ol>{inner}</ol>" if inner else ""
    return f"<li>{own}{nested}</li>"


def _button(index: int, title: str, start_ms: int, end_ms: int) -> str:
    return (
        f'<button type="button" data-file="{index}" data-start="{start_ms / 1000:.3f}" '
        f'data-end="{end_ms / 1000:.3f}">{escape(title)}</button>'
    )


def _href(work: SiteWork, name: str) -> str:
    return f"{quote(work.slug)}/{quote(name)}"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} kB"


def hours(ms: int) -> str:
    minutes = round(ms / 60_000)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
