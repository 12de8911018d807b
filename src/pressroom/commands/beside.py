"""Work done in a thread beside a block of the main thread's, as a run makes some books here while its workers
make the rest."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Beside:
    """`work` run in a thread beside the block; waited for at its end, and its error raised there."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._error: BaseException | None = None

        def run() -> None:
            try:
                work()
            except BaseException as error:  # raised in the main thread at the block's end
                self._error = error

        self._thread = threading.Thread(target=run, daemon=True, name="pressroom-books-here")

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None:
            return  # stopped (Ctrl-C) or failed: a book half-made here is a temporary file, removed next run
        self._thread.join()
        if self._error is not None:
            raise self._error
