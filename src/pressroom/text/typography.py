"""Typography for print: the plain-text conventions of a transcription set as a careful edition sets them.

Pure functions from text to text (or to runs of roman and italic text); escaping for XML is the writer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# XML 1.0 forbids C0 controls other than tab, newline and return, lone surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DASHES = re.compile(r"([ \t]*)(?<!-)(-{2,})(?!-)([ \t]*)")
_SPACED_DOTS = re.compile(r"\.(?:[ \t]?\.){2,}")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
# An opening quote follows the start, a space, an opening bracket or dash, or another opening quote.
_OPENS_BEFORE = " \t\n([{<—–-“‘\u00a0/_*"
# Underscores around words, not inside one (`snake_case`); a fraction or a number before them is no word
# (`2½_d._`: pence in italics).
_ITALIC = re.compile(r"(?<![^\W_\d¼½¾⅓⅔⅛⅜⅝⅞])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![^\W_])", re.DOTALL)


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    italic: bool = False


def xml_safe(text: str) -> str:
    """The text with every character XML cannot carry removed (controls) or replaced (lone surrogates)."""
    return _SURROGATE.sub("\ufffd", _NOT_XML.sub("", text))


def typographic(text: str) -> str:
    """Curly quotes, em dashes for `--`, an ellipsis for `...`, single spaces; line breaks are kept."""
    text = xml_safe(text).replace("\t", " ")
    text = _DASHES.sub(_dash, text)
    text = _SPACED_DOTS.sub("…", text)
    text = _curl_quotes(text)
    return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in text.split("\n"))


def print_runs(text: str) -> tuple[Run, ...]:
    """The text set for print and split into roman and italic runs (`_word_` marks italics)."""
    return split_italics(typographic(text))


def split_italics(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    position = 0
    for match in _ITALIC.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(1), italic=True))
        position = match.end()
    if position < len(text) or not runs:
        runs.append(Run(text[position:]))
    return tuple(runs)


def _dash(match: re.Match[str]) -> str:
    # Two or three hyphens are an em dash, set close; a longer run stands for a name left out (a 2-em dash).
    lead, hyphens, trail = match.groups()
    return "—" if len(hyphens) <= 3 else f"{lead}⸺{trail}"


def _curl_quotes(text: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in "\"'":
            out.append(char)
            continue
        before = out[-1] if out else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char == '"':
            out.append("“" if before in _OPENS_BEFORE and not after.isspace() else "”")
        elif before.isalnum() or before in ".,;:!?" or (after.isdigit() and before in _OPENS_BEFORE):
            # An apostrophe (don't, Kropotkin's, '93) or a closing single quote.
            out.append("’")
        else:
            out.append("‘" if before in _OPENS_BEFORE and not after.isspace() else "’")
    return "".join(out)
