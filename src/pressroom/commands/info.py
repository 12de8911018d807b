"""`publish info`: each work's recovered chapters, sizes and narration time, as text or JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from pressroom.commands.common import print_notices, report_failures
from pressroom.commands.options import InputOptions
from pressroom.model import Chapter, Work
from pressroom.text.wording import counted, format_duration

NAME = "info"
HELP = "show each work's chapters, sizes and narration time"
DESCRIPTION = (
    "Read a document, a work folder, a corpus (with metadata/manifest.csv) or a plain text file, "
    "and show each work's recovered chapters with paragraph and word counts and the estimated "
    "narration time. With no PATH, the bundled sample (Kropotkin's Letter to Lenin) is used."
)


@dataclass(frozen=True)
class Options:
    input: InputOptions
    json: bool


def add_arguments(parser: argparse.ArgumentParser) -> None:
    InputOptions.add_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")


def options(args: argparse.Namespace, environ: Mapping[str, str]) -> Options:
    return Options(InputOptions.from_args(args), args.json)


def run(options: Options, out: TextIO, err: TextIO) -> int:
    loaded = options.input.load()
    print_notices(loaded, options.input, err)
    if options.json:
        json.dump({"works": [work_summary(work) for work in loaded.works]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif not options.input.quiet:
        for number, work in enumerate(loaded.works):
            if number:
                print(file=out)
            print("\n".join(render_work(work, verbose=options.input.verbose)), file=out)
    return report_failures(loaded, len(loaded.works), err)


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
        "narration_minutes": round(work.narration_minutes, 1),
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
        f"about {format_duration(work.narration_minutes)} of narration",
    ]
    for chapter in work.walk():
        lines.append(_chapter_line(chapter))
    if verbose:
        lines.extend(_verbose_lines(work))
    return lines


def _chapter_line(chapter: Chapter) -> str:
    indent = "  " * (chapter.level + 1)
    name = chapter.heading_line  # as the book's contents and the narration's file names set it
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
