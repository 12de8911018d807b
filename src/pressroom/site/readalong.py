"""A work's web page read along sentence by sentence: its chapter pages with each narrated paragraph cut into
the sentences `narration.json` times, and when each element is heard, file by file. Pure.

The same cut as the read-along book's (`epub.sentence_spans`), from the same record, so the page and the book
light the same sentences at the same moments. A narration recorded before sentences were timed is lit a
paragraph at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pressroom.audio.manifest import FileRecord
from pressroom.epub.sentence_spans import SaidSentence, TimedSpan, sentence_page

Heard = tuple[int, int, str]
"""Start and end (ms in its file) and the id of the element on the web page (`c2-p-14-s3`)."""


@dataclass(frozen=True)
class WebReadAlong:
    pages: tuple[bytes, ...]
    """The chapter pages, their narrated paragraphs cut into sentences."""
    heard: tuple[tuple[Heard, ...], ...]
    """For each file, in order, what is lit while it plays."""


def web_readalong(pages: Sequence[bytes], files: Sequence[FileRecord]) -> WebReadAlong:
    said: dict[int, dict[str, list[SaidSentence]]] = {}
    untimed: set[tuple[int, str]] = set()
    for number, record in enumerate(files):
        for spoken in record.utterances:
            if spoken.block_id is None or spoken.page is None:
                continue
            if not spoken.sentences:  # a clip made before sentences were timed: its paragraph is lit whole
                untimed.add((spoken.page, spoken.block_id))
            sentences = [SaidSentence(s.text, str(number), s.start_ms, s.end_ms) for s in spoken.sentences]
            said.setdefault(spoken.page, {}).setdefault(spoken.block_id, []).extend(sentences)
    cut_pages = []
    spans: dict[tuple[int, str], tuple[TimedSpan, ...]] = {}
    for index, page in enumerate(pages):
        blocks = {block: sentences for block, sentences in said.get(index, {}).items() if (index, block) not in untimed}
        cut = sentence_page(page, blocks)
        cut_pages.append(cut.xhtml)
        spans.update({(index, block): timed for block, timed in cut.spans.items()})
    heard = []
    for number, record in enumerate(files):
        lit: list[Heard] = []
        done: set[tuple[int, str]] = set()
        for spoken in record.utterances:
            if spoken.block_id is None or spoken.page is None:
                continue
            key = (spoken.page, spoken.block_id)
            if key not in spans:
                lit.append((spoken.start_ms, spoken.start_ms + spoken.length_ms, f"c{spoken.page}-{spoken.block_id}"))
            elif key not in done:
                done.add(key)
                own = (s for s in spans[key] if s.source == str(number))
                lit += [(s.start_ms, s.end_ms, f"c{spoken.page}-{s.fragment}") for s in own]
        heard.append(tuple(lit))
    return WebReadAlong(tuple(cut_pages), tuple(heard))
