"""A run over many works says where it stands (issue 42): a line per finished work with the count, a line of
progress while works are on the workers, an estimate of the time left, and a summary that adds up."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest

from pressroom.cli import main
from pressroom.commands.tally import ClipWatch, Estimate, estimate


@pytest.mark.parametrize(
    ("at_start", "present", "needed", "elapsed", "left"),
    [
        (0, 0, 100, 60.0, None),  # nothing came yet: no estimate rather than a wild one
        (0, 50, 100, 60.0, 60.0),
        (40, 50, 100, 60.0, 300.0),  # the clips an earlier run left are not counted as this run's pace
        (0, 100, 100, 60.0, 0.0),
        (10, 10, 10, 5.0, None),  # a rerun that needs nothing
        (0, 1, 1000, 0.0, None),
    ],
)
def test_the_time_left_is_the_clips_still_needed_at_the_pace_of_this_run(
    at_start: int, present: int, needed: int, elapsed: float, left: float | None
) -> None:
    found = estimate(at_start, present, needed, elapsed)
    assert found.left_s == pytest.approx(left) if left is not None else found.left_s is None
    assert f"{present:,} of {needed:,} clips" in found.line(elapsed)


def test_the_watch_says_where_the_run_stands_while_clips_arrive(tmp_path: Path) -> None:
    keys = [f"k{n}" for n in range(10)]
    (tmp_path / "k0").touch()
    said: list[Estimate] = []
    arrived = threading.Event()

    def say(now: Estimate) -> None:
        said.append(now)
        if now.present >= 6:
            arrived.set()

    with ClipWatch(keys, lambda key: (tmp_path / key).exists(), say, interval_s=0.05):
        for key in keys[1:6]:
            (tmp_path / key).touch()
        assert arrived.wait(10), said
    assert said[-1].needed == 10 and said[-1].left_s is not None and said[-1].left_s > 0
    presents = [now.present for now in said]
    assert presents == sorted(presents)


def _works(folder: Path) -> Path:
    folder.mkdir()
    for name in ("one", "two", "three"):
        (folder / f"{name}.md").write_text(
            f"# Essay {name}\n\n## Part I\n\nThe first paragraph of essay {name} says a few words about mutual aid.\n\n"
            f"Another paragraph of {name} follows, with a second sentence. And a third one here.\n",
            encoding="utf-8",
        )
    return folder


@pytest.mark.parametrize("spread", [["--spread", "works", "--workers", "2"], []])
def test_a_run_of_many_works_counts_them_and_its_summary_adds_up(tmp_path: Path, spread: list[str]) -> None:
    works = _works(tmp_path / "in")
    arguments = ["audio", str(works), "--voice", "tone", "-o", str(tmp_path / "out"),
                 "--cache-dir", str(tmp_path / "c"), *spread]  # fmt: skip
    first, second = io.StringIO(), io.StringIO()
    assert main(arguments, stdout=first, stderr=io.StringIO()) == 0
    said = first.getvalue()
    assert [int(n) for n in re.findall(r"^\[(\d) of 3 works\] \w+ done", said, re.M)] == [1, 2, 3]
    per_work = [
        (int(made), int(cached)) for made, cached in re.findall(r"(\d+) clips? made, (\d+) from the cache\)", said)
    ]
    assert len(per_work) == 3
    summary = said.strip().splitlines()[-1]
    made, cached = (int(n) for n in re.findall(r"(\d+) clips? made, (\d+) from the cache$", summary)[0])
    assert (made, cached) == (sum(m for m, _ in per_work), sum(c for _, c in per_work))
    assert summary.startswith("done in ") and "3 works of 3 (3 made, 0 unchanged)" in summary
    assert main(arguments, stdout=second, stderr=io.StringIO()) == 0
    again = second.getvalue().strip().splitlines()[-1]
    assert "3 works of 3 (0 made, 3 unchanged)" in again and f"0 clips made, {made + cached} from the cache" in again
