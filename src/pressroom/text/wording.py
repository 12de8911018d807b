"""How counts and lengths are said in messages: pure functions from numbers to short English."""

from __future__ import annotations


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
