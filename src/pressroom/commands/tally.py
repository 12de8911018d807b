"""What a run over many works has done so far, for a curator who leaves it running: a line per finished work
with the count and an estimate of the time left, a line of progress every few minutes while long works are on
the workers (into a pipe or a log, where there are no bars), and a summary at the end."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from pressroom.audio.narrate import MadeAudio
from pressroom.text.wording import counted, hours

WATCH_INTERVAL_S = 120.0
"""How often a long run says where it stands when no work has finished meanwhile."""


@dataclass(frozen=True)
class Estimate:
    """Clips of the run's works there now, of all they need, and the time left at the rate they came since the
    run began (None until some came)."""

    present: int
    needed: int
    left_s: float | None

    def line(self, elapsed_s: float) -> str:
        share = self.present / self.needed if self.needed else 1.0
        left = f"; about {hours(self.left_s)} left" if self.left_s is not None else ""
        return f"{self.present:,} of {self.needed:,} clips ({share:.0%}), {hours(elapsed_s)} in{left}"


def estimate(present_at_start: int, present: int, needed: int, elapsed_s: float) -> Estimate:
    """The time left if clips keep coming as they have since the run began. A clip is the unit: works are of
    any length, and two run side by side, so counting finished works would say nothing for the first hour."""
    made = present - present_at_start
    if made <= 0 or elapsed_s <= 0:
        return Estimate(present, needed, None)
    return Estimate(present, needed, (needed - present) * elapsed_s / made)


@dataclass
class RunTally:
    """The works a run has finished and what they took; `line` and `summary` say it."""

    works: int
    made: int = 0
    unchanged: int = 0
    failed: int = 0
    clips_made: int = 0
    clips_cached: int = 0
    audio_s: float = 0.0
    verified: int = 0
    heard_sentences: int = 0
    remade: int = 0
    still_wrong: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, made: MadeAudio, failed: bool) -> None:
        self.unchanged += made.unchanged
        self.made += not made.unchanged
        self.failed += failed
        self.clips_made += made.synthesized
        self.clips_cached += made.cached
        self.audio_s += made.duration_s
        if made.verification is not None:
            self.verified += made.verification.heard
            self.heard_sentences += made.verification.sentences_heard
            self.remade += made.verification.remade
            self.still_wrong += len(made.verification.failing)

    @property
    def done(self) -> int:
        return self.made + self.unchanged

    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    def line(self, slug: str, now: Estimate | None) -> str:
        where = f"; {now.line(self.elapsed_s())}" if now is not None else f"; {hours(self.elapsed_s())} in"
        return f"[{self.done} of {self.works} works] {slug} done{where}"

    def summary(self) -> str:
        heard = (
            f"; verified {counted(self.verified, 'clip')}, {counted(self.heard_sentences, 'sentence')} heard, "
            f"{self.remade} made again, {self.still_wrong} still heard wrong"
            if self.verified
            else ""
        )
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"done in {hours(self.elapsed_s())}: {counted(self.done, 'work')} of {self.works} ({self.made} made, "
            f"{self.unchanged} unchanged{failed}), {hours(self.audio_s)} of narration; "
            f"{counted(self.clips_made, 'clip')} made, {self.clips_cached:,} from the cache{heard}"
        )


class ClipWatch:
    """Counts, every `interval` seconds, the clips of the works on the workers that the cache holds, and says
    where the run stands (`say`) when no finished work has said so meanwhile."""

    def __init__(
        self,
        needed: Collection[str],
        present: Callable[[str], bool],
        say: Callable[[Estimate], None],
        interval_s: float = WATCH_INTERVAL_S,
    ) -> None:
        self._needed = needed
        self._present = present
        self._say = say
        self._interval = interval_s
        self._started = time.monotonic()
        self._at_start = self._count()
        self._stop = threading.Event()
        self._quiet_until = self._started + interval_s
        self._thread = threading.Thread(target=self._run, daemon=True, name="pressroom-clip-watch")

    def _count(self) -> int:
        return sum(1 for key in self._needed if self._present(key))

    def now(self) -> Estimate:
        """Where the run stands, counted now; the next periodic line waits a whole interval from here."""
        self._quiet_until = time.monotonic() + self._interval
        return estimate(self._at_start, self._count(), len(self._needed), time.monotonic() - self._started)

    def _run(self) -> None:
        while not self._stop.wait(min(self._interval, max(1.0, self._quiet_until - time.monotonic()))):
            if time.monotonic() >= self._quiet_until:
                self._say(self.now())

    def __enter__(self) -> ClipWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
