"""A work's web page read along sentence by sentence: its chapter pages with each narrated paragraph cut into
the sentences `narration.json` times, and when each element is heard, file by file. Pure.

The same cut as the read-along book's (`epub.sentence_spans`), from the same record, so the page and the book
light the same sentences at the same moments. A narration recorded before sentences were timed is lit a
paragraph at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from pressroom.epub.sentence_spans import SaidSentence, TimedSpan, sentence_page
from pressroom.epub.word_spans import word_places
from pressroom.records.narration import FileRecord
from pressroom.text.speech import without_phonemes as plain_words

LitStretch = tuple[int, int, str]
"""Start and end (ms in its file) and the id of the element on the web page (`c2-p-14-s3`)."""


LitWord = tuple[int, int, str, int, int]
"""Start and end (ms in its file), the element that holds the word, and where the word is in its text."""


@dataclass(frozen=True)
class WebReadAlong:
    pages: tuple[bytes, ...]
    """The chapter pages, their narrated paragraphs cut into sentences."""
    heard: tuple[tuple[LitStretch, ...], ...]
    """For each file, in order, what is lit while it plays."""
    words: tuple[tuple[LitWord, ...], ...] = ()
    """For each file, the words said, in time order: when the voice said each (its own timing, `said_words`), or
    for a voice that does not tell, when the listener heard it (where `publish check --listen` has heard it)."""


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
        lit: list[LitStretch] = []
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
    return WebReadAlong(tuple(cut_pages), tuple(heard), lit_words(pages, files))


def lit_words(pages: Sequence[bytes], files: Sequence[FileRecord]) -> tuple[tuple[LitWord, ...], ...]:
    """Each word said (by the voice's own times, else the listener's), placed on the page: the utterance's words
    (split at spaces) matched to the printed words of its element (`printed_of_said`: `M.` said "Monsieur" is lit
    on `M.`, a figure said in words on the figure)."""
    roots = [etree.fromstring(page) for page in pages]
    placed: dict[tuple[int, str], dict[int, tuple[int, int]]] = {}
    spoken: dict[tuple[int, str], list[str]] = {}
    for record in files:
        for utterance in record.utterances:
            if utterance.block_id is not None and utterance.page is not None:
                spoken.setdefault((utterance.page, utterance.block_id), []).extend(plain_words(utterance.text).split())
    for (page, block), words in spoken.items():
        if page < len(roots):
            placed[(page, block)] = _placed(roots[page], block, words)
    out = []
    seen: dict[tuple[int, str], int] = {}  # a block's words said so far (a long one may go on in the next file)
    for record in files:
        lit: list[LitWord] = []
        for utterance in record.utterances:
            key = (utterance.page or 0, utterance.block_id or "")
            base = seen.get(key, 0)
            seen[key] = base + len(plain_words(utterance.text).split())
            where = placed.get(key, {})
            # The voice's own times where it told them; else where the listener heard it (`check --listen`).
            for index, start, end in utterance.said_words or utterance.heard_words:
                if base + index in where:
                    lit.append((start, end, f"c{key[0]}-{key[1]}", *where[base + index]))
        out.append(tuple(sorted(lit)))
    return tuple(out)


def _placed(root: etree._Element, block: str, words: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Each spoken word's place in the printed text of element `block` (characters, its letters only)."""
    found = root.xpath("//*[@id=$id]", id=block)
    if not found or any(etree.QName(node).localname == "br" for node in found[0].iter()):
        return {}  # verse: its lines are not one run of text
    return word_places("".join(found[0].itertext()), words)
