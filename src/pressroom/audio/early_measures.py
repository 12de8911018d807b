"""Each chapter file measured as soon as it is published, beside the synthesis of the ones after it.

The checks decode every file a run made. Done at the end, they were a run's last seconds with nothing beside
them (with heart, the checks' decoding is a fifth of a run's CPU). A published file is never written again by
the run, so its measure taken early is the one the checks would take at the end: only the M4B, finished last,
is left for then.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from pressroom.audio.measure import AudioMeasure, measure_audio
from pressroom.errors import PressroomError

Measured = AudioMeasure | PressroomError


class EarlyMeasures:
    """Measures the files given to it, one after another, in a thread of this process (the decoding is an
    ffmpeg of its own; the thread only sums its levels)."""

    def __init__(self, loudness: bool) -> None:
        self._loudness = loudness
        self._waiting: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._measures: dict[Path, Measured] = {}
        # A daemon: a run stopped by Ctrl-C or a failure does not wait for a file being measured.
        self._thread = threading.Thread(target=self._measure_each, name="early measures", daemon=True)
        self._thread.start()

    def add(self, path: Path) -> None:
        self._waiting.put(path)

    def taken(self) -> dict[Path, Measured]:
        """Every file given, measured (once those still waiting are done). A file whose measuring failed in an
        unforeseen way is absent: the checks measure it themselves."""
        self._waiting.put(None)
        self._thread.join()
        return dict(self._measures)

    def abandon(self) -> None:
        """The run failed: the thread ends after the file it may be measuring, and nobody waits for it."""
        self._waiting.put(None)

    def _measure_each(self) -> None:
        while (path := self._waiting.get()) is not None:
            try:
                self._measures[path] = measure_audio(path, loudness=self._loudness)
            except PressroomError as error:
                self._measures[path] = error
