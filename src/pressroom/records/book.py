"""`book.json`: how the read-along book was made, so that a remake (`publish proof`) makes it the same way (the
narration's own settings are in `narration.json`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pressroom.records.store import MalformedError, optional, schema, typed

FORMAT = 1
WHAT = "read-along book record"
HINT = "run publish book again to make it anew"


@dataclass(frozen=True)
class BookRecord:
    readalong: str
    """`sentence` (the read-along's granularity)."""
    readalong_kbps: int | None
    """The bitrate its audio was encoded again at; None where it carries the MP3s as they are."""
    modified: datetime | None
    """The date the book says it was modified (`--date`), None for the run's own."""


def to_document(record: BookRecord) -> dict[str, Any]:
    modified = record.modified.isoformat() if record.modified is not None else None
    return {
        "format": FORMAT,
        "readalong": record.readalong,
        "readalong_kbps": record.readalong_kbps,
        "modified": modified,
    }


def from_document(document: dict[str, Any]) -> BookRecord:
    # Format 0: written before book.json had a format; the same fields.
    schema(document, FORMAT)
    modified = optional(document.get("modified"), str, "modified")
    try:
        when = datetime.fromisoformat(modified) if modified is not None else None
    except ValueError:
        raise MalformedError(f"modified is {modified!r}, not a date") from None
    return BookRecord(
        readalong=typed(document.get("readalong", "sentence"), str, "readalong"),
        readalong_kbps=optional(document.get("readalong_kbps"), int, "readalong_kbps"),
        modified=when,
    )
