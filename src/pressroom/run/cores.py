"""How many cores this process may use: the ones it is allowed to run on, within its control group's CPU quota.

`os.cpu_count()` counts the machine's cores, not the ones a container, a `taskset` or a cgroup quota leaves to
this process; starting more workers than that makes them wait on each other. The quota files are read here;
their parsing is pure.
"""

from __future__ import annotations

import os
from pathlib import Path

_CGROUP_V2 = Path("/sys/fs/cgroup/cpu.max")
_CGROUP_V1 = (Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us"))


def quota_cores(v2: str | None = None, v1_quota: str | None = None, v1_period: str | None = None) -> int | None:
    """The whole cores a CPU quota allows (`150000 100000` is 1.5, so 1), or None when there is no quota."""
    if v2 is not None:
        parts = v2.split()
        if len(parts) == 2 and parts[0] != "max":
            return _whole(int(parts[0]), int(parts[1]))
        return None
    if v1_quota is not None and v1_period is not None and int(v1_quota) > 0:
        return _whole(int(v1_quota), int(v1_period))
    return None


def _whole(quota: int, period: int) -> int:
    return max(1, quota // period) if period > 0 else 1


def usable_cores() -> int:
    """The cores this process may run on, no more than its control group's quota allows."""
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        allowed = os.cpu_count() or 1
    quota = quota_cores(*_read_quota())
    return max(1, min(allowed, quota) if quota is not None else allowed)


def _read_quota() -> tuple[str | None, str | None, str | None]:
    try:
        return _CGROUP_V2.read_text(encoding="ascii"), None, None
    except OSError:
        pass
    try:
        return None, _CGROUP_V1[0].read_text(encoding="ascii"), _CGROUP_V1[1].read_text(encoding="ascii")
    except OSError:
        return None, None, None
