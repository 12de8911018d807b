"""What `publish info` reports about works: pure functions from the model to data and text."""

from __future__ import annotations

from typing import Any

from pressroom.model import Chapter, Work

WORDS_PER_MINUTE = 150
"""Narration speed of the engines we measured (see shared/notes/scale.md)."""


def narration_minutes(words: int) -> float:
    return words / WORDS_PER_MINUTE


def work_summary(work: Work) -> dict[str, Any]:
    """One work as the JSON document of `publish info --json` lists it."""
    meta = work.meta
    return {
        "title": meta.title,
        "author": meta.author,
        "year": meta.year,
        "source_id": meta.source_id,
        "slug": meta.slug,
        "language": meta.language,
        "genre": meta.genre,
        "source_url": meta.source_url,
        "words": work.words,
        "narration_minutes": round(narration_minutes(work.words), 1),
        "units": list(work.units),
        "chapters": [chapter_summary(chapter) for chapter in work.chapters],
        "dropped": [{"text": d.text, "source": str(d.source), "reason": d.reason} for d in work.dropped],
    }


def chapter_summary(chapter: Chapter) -> dict[str, Any]:
    return {
        "title": chapter.title,
        "label": chapter.label,
        "level": chapter.level,
        "paragraphs": chapter.paragraphs,
        "words": chapter.words,
        "children": [chapter_summary(child) for child in chapter.children],
    }


def render_work(work: Work, verbose: bool = False) -> list[str]:
    """The lines `publish info` prints for one work."""
    meta = work.meta
    year = f" ({meta.year})" if meta.year is not None else ""
    lines = [
        f"{meta.title}{year}",
        f"  by {meta.author} · {meta.source_id} · {counted(work.words, 'word')} · "
        f"about {format_duration(narration_minutes(work.words))} of narration",
    ]
    for chapter in work.walk():
        lines.append(_chapter_line(chapter))
    if verbose:
        lines.extend(_verbose_lines(work))
    return lines


def _chapter_line(chapter: Chapter) -> str:
    indent = "  " * (chapter.level + 1)
    name = chapter.title
    if chapter.label and chapter.label != chapter.title:
        name = f"{chapter.label}. {chapter.title}"
    counts = f"{counted(chapter.paragraphs, 'paragraph')}, {counted(chapter.words, 'word')}"
    return f"{indent}{name}  ({counts})"


def _verbose_lines(work: Work) -> list[str]:
    lines = [f"  read from {counted(len(work.units), 'unit file')}"]
    if work.meta.source_url:
        lines.append(f"  source: {work.meta.source_url}")
    if work.dropped:
        lines.append(f"  left out ({len(work.dropped)} lines):")
        lines.extend(f"    {d.source}: {d.text}  [{d.reason}]" for d in work.dropped)
    return lines


def format_duration(minutes: float) -> str:
    whole = round(minutes)
    if whole < 60:
        return f"{max(whole, 1)} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def counted(n: int, noun: str) -> str:
    """`1 chapter`, `2,417 words`."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
