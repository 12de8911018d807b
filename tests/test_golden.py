"""Golden tests: for each folder in tests/golden/, its input (`input.txt`, or a work folder `input/`) read as
`publish` reads it, and the outline (chapters, their nesting, each block's kind and text) and the spoken text
compared with the expectations stored beside it. No ../shared needed.

After a deliberate change, rewrite the expectations with `pytest tests/test_golden.py --update-golden` and
read the diff before committing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pressroom.audio.plan import Utterance, plan_narration
from pressroom.audio.reading import note_text
from pressroom.model import BlockKind, Chapter, Work
from pressroom.sources.load import load_works
from pressroom.text.said_words import printed_of_said
from pressroom.text.sentences import read_along_units
from pressroom.text.speech import speech_text, split_sentences, without_phonemes
from pressroom.text.typography import print_runs
from pressroom.text.vocabulary import bare_word
from pressroom.tts.voices import load_lexicon

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "input.txt").is_file() or (path / "input").is_dir())


def outline(work: Work) -> str:
    """A work as a reader of its structure sees it: one line per chapter and per block, indented by level."""
    meta = work.meta
    lines = [f"work: {meta.title} | {meta.author} | {meta.year} | {meta.language}"]

    def visit(chapter: Chapter) -> None:
        indent = "  " * chapter.level
        label = f" [{chapter.label}]" if chapter.label else ""
        lines.append(f"{indent}# {chapter.title}{label}")
        for block in chapter.blocks:
            mark = f" [{block.label}]" if block.label else ""
            lines.append(f"{indent}  {block.kind.value}{mark}: {block.text}")
        for child in chapter.children:
            visit(child)

    for chapter in work.chapters:
        visit(chapter)
    return "\n".join(lines) + "\n"


def spoken(work: Work) -> str:
    """Every utterance of the narration, file by file, as the engine receives it."""
    plan = plan_narration(work, load_lexicon(None))
    lines = []
    for track in plan.tracks:
        lines.append(f"== {track.number:02d} {track.title}")
        lines.extend(segment.text for segment in track.segments if isinstance(segment, Utterance))
    return "\n".join(lines) + "\n"


_CUT_INTO_SENTENCES = frozenset({BlockKind.PARAGRAPH, BlockKind.BLOCK_QUOTE, BlockKind.NOTE, BlockKind.POSTSCRIPT})


def sentences(work: Work) -> str:
    """Each paragraph as the read-along lights it: its printed text cut into the units its spoken sentences are
    said in, one per line (`(2-3)` where two spoken sentences say one printed unit)."""
    lines = []
    for printed, spoken in _paragraphs(work):
        lines.append("")
        for unit in read_along_units(printed, split_sentences(spoken)):
            span = f"{unit.first + 1}" if unit.first == unit.last else f"{unit.first + 1}-{unit.last + 1}"
            lines.append(f"({span}) {printed[unit.start : unit.end]}")
    return "\n".join(lines).lstrip("\n") + "\n"


def _paragraphs(work: Work) -> Iterator[tuple[str, str]]:
    """Each paragraph the read-along cuts: its printed text, and its speech text."""
    lexicon = load_lexicon(None)
    for chapter in work.chapters:
        for block in chapter.all_blocks():
            if block.kind in _CUT_INTO_SENTENCES:
                yield "".join(run.text for run in print_runs(block.text)), speech_text(note_text(block), lexicon)


def words(work: Work) -> str:
    """Each paragraph as the word read-along lights it: each printed word, and in angle brackets the words said
    for it where they are not the printed ones (`1905⟨nineteen oh-five⟩`, `M.⟨Monsieur⟩`); `{—}` a printed word
    nothing said is matched to (never lit). The matching `--readalong word` and the site use (`printed_of_said`)."""
    lines = []
    for text, spoken in _paragraphs(work):
        printed, said = text.split(), without_phonemes(spoken).split()
        found = printed_of_said([bare_word(w) or f"\x01{n}" for n, w in enumerate(said)],
                                [bare_word(w) or f"\x00{n}" for n, w in enumerate(printed)])  # fmt: skip
        readings: dict[int, list[str]] = {}
        for said_at, where in sorted(found.items()):
            readings.setdefault(where, []).append(said[said_at])
        shown = []
        for where, word in enumerate(printed):
            reading = readings.get(where)
            if reading is None:
                shown.append(f"{{{word}}}")
            elif [bare_word(w) for w in reading] == [bare_word(word)]:
                shown.append(word)
            else:
                shown.append(f"{word}⟨{' '.join(reading)}⟩")
        lines.append(" ".join(shown))
    return "\n".join(lines) + "\n"


def _only_work(case: str) -> Work:
    folder = GOLDEN / case / "input"  # a work folder of unit files, for what happens at their boundaries
    loaded = load_works(folder if folder.is_dir() else GOLDEN / case / "input.txt")
    assert not loaded.failures, loaded.failures
    (work,) = loaded.works
    return work


def _compare(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"{path} did not exist; written now: read it, then commit it")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs (rewrite with --update-golden after a deliberate change)"


@pytest.mark.parametrize("case", CASES)
def test_structure_matches_its_golden_outline(case: str, request: pytest.FixtureRequest) -> None:
    _compare(GOLDEN / case / "outline.txt", outline(_only_work(case)), request.config.getoption("--update-golden"))


@pytest.mark.parametrize("case", CASES)
def test_speech_matches_its_golden_text(case: str, request: pytest.FixtureRequest) -> None:
    _compare(GOLDEN / case / "speech.txt", spoken(_only_work(case)), request.config.getoption("--update-golden"))


@pytest.mark.parametrize("case", CASES)
def test_read_along_sentences_match_their_golden_units(case: str, request: pytest.FixtureRequest) -> None:
    _compare(GOLDEN / case / "sentences.txt", sentences(_only_work(case)), request.config.getoption("--update-golden"))


@pytest.mark.parametrize("case", CASES)
def test_read_along_words_match_their_golden_readings(case: str, request: pytest.FixtureRequest) -> None:
    _compare(GOLDEN / case / "words.txt", words(_only_work(case)), request.config.getoption("--update-golden"))


def test_every_golden_case_is_compared() -> None:
    assert len(CASES) >= 6, "the golden folder lost its cases"
