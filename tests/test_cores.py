"""Workers by default: one per core this process may use, not one per core the machine has."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pressroom.run.cores import quota_cores

ONE_CORE = """
import os
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from pressroom.run.cores import usable_cores
from pressroom.run.executors import LOCAL, make_executor
print(usable_cores(), type(make_executor(LOCAL, lambda: None)).__name__)
"""


@pytest.mark.parametrize(
    ("v2", "v1", "cores"),
    [
        ("max 100000\n", None, None),
        ("200000 100000\n", None, 2),
        ("150000 100000\n", None, 1),
        ("50000 100000\n", None, 1),
        (None, ("-1\n", "100000\n"), None),
        (None, ("300000\n", "100000\n"), 3),
        (None, None, None),
    ],
    ids=["v2 no quota", "v2 two", "v2 one and a half", "v2 half", "v1 no quota", "v1 three", "no cgroup"],
)
def test_a_cpu_quota_is_read_as_whole_cores(v2: str | None, v1: tuple[str, str] | None, cores: int | None) -> None:
    quota, period = v1 if v1 else (None, None)
    assert quota_cores(v2, quota, period) == cores


@pytest.mark.skipif(not hasattr(__import__("os"), "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_a_process_allowed_one_core_narrates_in_itself() -> None:
    done = subprocess.run([sys.executable, "-c", ONE_CORE], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["1", "InProcess"]
