"""How counts and lengths are said in messages: pure functions from numbers to short English."""

from __future__ import annotations

import re


def counted(n: int, noun: str) -> str:
    """`1 chapter`, `2,417 words`."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def hours(seconds: float) -> str:
    """`1:02:03`."""
    minutes, second = divmod(round(seconds), 60)
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d}:{second:02d}"


def format_duration(minutes: float) -> str:
    """`7 min`, `2 h 05 min`."""
    whole = round(minutes)
    if whole < 60:
        return f"{max(whole, 1)} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def name_lines(name: str, width: int) -> list[str]:
    """A name (a file's, a work's) in lines of at most `width`, broken after a space, an underscore or a hyphen,
    never inside a word (only a word longer than a whole line is cut)."""
    lines: list[str] = []
    line = ""
    for word in re.findall(r"[^ _-]*[ _-]+|[^ _-]+", name):
        if line and len(line.rstrip(" ")) + len(word.rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line = ""
        line += word
        while len(line.rstrip(" ")) > width:
            lines.append(line[:width])
            line = line[width:]
    lines.append(line.rstrip(" "))
    return lines


def shortened(name: str, width: int) -> str:
    """A name in one line of at most `width`: whole if it fits, else its first words and an ellipsis."""
    if len(name) <= width:
        return name
    return name_lines(name, width - 1)[0].rstrip(" _-") + "…"
