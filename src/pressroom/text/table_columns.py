"""Where a table set with spaces puts its columns: cells of a line and the stretch of the line each column owns.
Pure."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


def zones_of(cores: Sequence[tuple[int, int]], left: float, width: int) -> list[tuple[float, float]]:
    """Each column's stretch of the line: from `left` or halfway across the gap before it, to halfway across
    the gap after it."""
    bounds = [left, *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(cores)), max(width, cores[-1][1]) + 1]
    return list(itertools.pairwise(bounds))


def zone_of(cell: Cell, zones: Sequence[tuple[float, float]]) -> int | None:
    """The column a cell stands in (by its centre); None when it stands left of every column."""
    if cell.end <= zones[0][0] or cell.centre < zones[0][0]:
        return None
    for index, (low, high) in enumerate(zones):
        if low <= cell.centre < high:
            return index
    return len(zones) - 1
