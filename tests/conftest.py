"""Shared helpers: the real corpus beside the project, and small documents written on the fly."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from pressroom.model import Work
from pressroom.sources.decode import decode_text
from pressroom.sources.formats import read_text_document

# Fuzzing draws the same examples on every run, so a failure seen once is seen again (a test that fails at random
# is a bug to find, not to retry). HYPOTHESIS_PROFILE=explore draws new ones, for a session of bug hunting.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# What the reliability tests survived, printed at the end of the run (issue 8 asks for the counts).
SURVIVED: Counter[str] = Counter()


def survived(what: str, times: int = 1) -> None:
    """Count a hazard a test met with nothing lost; call it after the test's assertions."""
    SURVIVED[what] += times


_REAL_CACHE = os.environ.get("XDG_CACHE_HOME")


def pytest_configure(config: pytest.Config) -> None:
    """The suite's clips and models go to a cache folder of its own, never the user's (`~/.cache/pressroom` grew
    by every clip a test made without naming a cache); the commands the tests start inherit it."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="pressroom-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
    if _REAL_CACHE is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = _REAL_CACHE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/*/ expectations from what the code gives"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SURVIVED:
        terminalreporter.section("reliability: met with nothing lost")
        for what, times in sorted(SURVIVED.items()):
            terminalreporter.write_line(f"{times:6d}  {what}")


SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = SHARED / "samples"

HEADER = """TITLE: {title}
AUTHOR: Peter Kropotkin
YEAR: 1901
SOURCE_ID: {source_id}
SOURCE_PATH: data/raw/x.txt
SOURCE_URL: https://example.org/{source_id}
RETRIEVED_UTC: 2026-02-04T16:54:42Z
LICENSE_NOTE: Public domain source (see metadata/manifest.csv)
----

"""


def document(body: str, title: str = "A Test Work", source_id: str = "test_work") -> str:
    return HEADER.format(title=title, source_id=source_id) + body


def kept_source_lines(work: Work) -> list[str]:
    """The body lines of a work's unit files as Pressroom reads them (a Gutenberg edition's imprint and
    transcriber's notes blanked, the notes going to the colophon), less the lines the work says it left out, in
    order; an illustration's `[Illustration:` mark is not text (its caption is)."""
    dropped = {(d.source.path, d.source.line) for d in work.dropped}
    lines = []
    for unit_path in work.units:
        document = read_text_document(decode_text(Path(unit_path).read_bytes(), unit_path).text, unit_path)
        for offset, line in enumerate(document.body.split("\n")):
            if (unit_path, document.body_first_line + offset) not in dropped:
                lines.append(_ILLUSTRATION_MARK.sub("", line))
    return lines


_ILLUSTRATION_MARK = re.compile(r"\[Illustration:", re.IGNORECASE)


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "metadata" / "manifest.csv").is_file():
        pytest.skip("the shared corpus is not beside the project (../shared/corpus)")
    return CORPUS


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under a temporary folder and return its path."""

    def _write(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
