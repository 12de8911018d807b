"""A cleaned document: `KEY: value` header lines, a `----` line, then the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pressroom.errors import InputError

HEADER_END = "----"
_HEADER_LINE = re.compile(r"([A-Z][A-Z0-9_]*):[ \t]*(.*?)[ \t]*")


@dataclass(frozen=True)
class Document:
    header: tuple[tuple[str, str], ...]
    """The header's fields in file order; empty for a plain text file without a header."""
    body: str
    body_first_line: int
    """The 1-based line number of the body's first line in the file."""
    explicit_headings: bool = False
    """Every heading is marked up (EPUB, HTML, Markdown), so no plain line is taken for one."""
    image: bytes | None = field(default=None, repr=False)
    """A cover image the file carries (an EPUB's own), as stored; the work's cover unless the user gives one."""

    def field(self, key: str) -> str | None:
        """The value of a header field, or None when it is absent or empty."""
        for name, value in reversed(self.header):
            if name == key:
                return value or None
        return None


KNOWN_KEYS = frozenset(
    {"TITLE", "AUTHOR", "YEAR", "SOURCE_ID", "SOURCE_PATH", "SOURCE_URL", "RETRIEVED_UTC", "LICENSE_NOTE",
     "LANGUAGE", "GENRE", "UNIT_ID", "UNIT_TITLE", "WORK_ID", "PUBLISHER", "DESCRIPTION", "DATE"}
)  # fmt: skip
"""The keys of a cleaned document's header. A text whose first line is `NOTE: a draft.` is not a document."""


def has_header(text: str) -> bool:
    """Whether the text opens with a header: `KEY: value` lines that name a known key, or end with `----`."""
    keys: list[str] = []
    for line in text.lstrip("\n").split("\n"):
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            return bool(keys) and (line.strip() == HEADER_END or any(key in KNOWN_KEYS for key in keys))
        keys.append(match.group(1))
    return any(key in KNOWN_KEYS for key in keys)


def parse_document(text: str, path: str) -> Document:
    """Split a document into header and body; a text without a header is all body."""
    lines = text.split("\n")
    if not has_header(text):
        return Document((), _require_body(text, path, line=1), 1)
    header: list[tuple[str, str]] = []
    for index, line in enumerate(lines):
        number = index + 1
        if line.strip() == HEADER_END:
            body = "\n".join(lines[number:])
            return Document(tuple(header), _require_body(body, path, line=number), number + 1)
        if not line.strip():
            continue
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            raise _bad_header_line(lines, index, path)
        header.append((match.group(1), match.group(2)))
    raise InputError(
        "the header never ends: no `----` line after the `KEY: value` lines",
        path=path,
        line=len(header) + 1,
        hint="add a line `----` between the header and the body",
    )


def _bad_header_line(lines: list[str], index: int, path: str) -> InputError:
    if any(line.strip() == HEADER_END for line in lines[index:]):
        return InputError(
            f"header line is not `KEY: value`: {lines[index][:60]!r}",
            path=path,
            line=index + 1,
            hint="header keys are capitals, digits and underscores, followed by a colon",
        )
    return InputError(
        "the header has no `----` line to end it",
        path=path,
        line=index + 1,
        hint="add a line `----` between the header and the body",
    )


def _require_body(body: str, path: str, line: int) -> str:
    if not body.strip():
        raise InputError("the document has an empty body", path=path, line=line, hint="nothing to publish")
    return body
