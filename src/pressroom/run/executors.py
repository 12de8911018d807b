"""Where clips are synthesized: in this process, in a pool of local worker processes, or on a Dask cluster.

Every executor takes the same jobs and yields the same results (a clip encoded as the cache stores it), in
whatever order they finish. Workers load each voice once and run their engine on one thread. A job that fails
(an engine error, a worker that died) is tried again, on another worker where there is one; a job that keeps
failing comes back as a failure naming its paragraph, and the rest of the run goes on.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pressroom.errors import PressroomError, ServiceUnreachableError, UsageError
from pressroom.run.cores import usable_cores
from pressroom.run.making import Done as Done
from pressroom.run.making import Job as Job
from pressroom.run.making import make_clip, synthesized, worker_engine
from pressroom.tts.clip import decode_clip, encode_clip
from pressroom.tts.engine import Engine

T = TypeVar("T")
R = TypeVar("R")
ATTEMPTS = 3
ENGINE_LOCK = threading.Lock()
"""Held while this process's own engine speaks: it may be called from the synthesis thread and the main one."""


class Executor(Protocol):
    workers: int

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        """Each job's result, as soon as it is ready (in any order)."""
        ...

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function` (a module's top-level function) of each item, in the items' order: other work the workers
        do, such as hearing a narration."""
        ...

    def as_done(self, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[tuple[T, R]]:
        """`function` of each item, each with its item as soon as it is ready (in any order), at most `window`
        at a time: a long one holds up none of the others."""
        ...

    def close(self) -> None: ...

    def stop(self) -> None:
        """Stop at once (Ctrl-C): the jobs running are abandoned, not waited for (no clip of theirs was kept)."""
        ...


def synthesize_job(job: Job) -> tuple[bytes, str]:
    """Run in a worker: the job's clip, compressed for the trip back, and the engine's version."""
    clip = make_clip(lambda: worker_engine(job.voice), job)
    version = worker_engine(job.voice).version if synthesized(job, clip) else ""
    return encode_clip(clip), version  # FLAC already: compressing again gains nothing


BATCH_CHARACTERS = 2000
"""A Dask task carries paragraphs up to about this much text (a dozen short ones, or one long one): a task
per clip cost the scheduler as much as the clip cost the engine."""


def batches(jobs: list[Job]) -> list[list[Job]]:
    """Jobs in their order, grouped into tasks of about BATCH_CHARACTERS of text."""
    grouped: list[list[Job]] = []
    size = BATCH_CHARACTERS
    for job in jobs:
        if size >= BATCH_CHARACTERS:
            grouped.append([])
            size = 0
        grouped[-1].append(job)
        size += len(job.text)
    return grouped


def synthesize_batch(jobs: list[Job]) -> list[tuple[bytes, str] | str]:
    """Run on a Dask worker: each job's clip (as `synthesize_job` gives it), or why it failed; a service that
    cannot be reached stops the run."""
    results: list[tuple[bytes, str] | str] = []
    for job in jobs:
        try:
            results.append(synthesize_job(job))
        except ServiceUnreachableError:
            raise
        except Exception as error:  # this paragraph fails; the others in the task are kept
            results.append(str(error) if isinstance(error, PressroomError) else f"{type(error).__name__}: {error}")
    return results


def _unpack(job: Job, packed: tuple[bytes, str]) -> Done:
    data, version = packed
    clip = decode_clip(data)
    if clip is None:
        return Done(job, None, "the clip came back damaged")
    return Done(job, clip, engine_version=version, encoded=data)


class InProcess:
    """One worker: this process, with the engine it already has loaded (none when it only hears)."""

    workers = 1

    def __init__(self, engine: Engine | None) -> None:
        self._engine = engine

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(function, items)

    def as_done(self, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[tuple[T, R]]:
        return ((item, function(item)) for item in items)

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        engine = self._engine
        if engine is None:
            raise RuntimeError("this executor was made to hear, not to speak")
        for job in jobs:
            try:
                with ENGINE_LOCK:
                    clip = make_clip(lambda: engine, job)
            except ServiceUnreachableError:
                raise  # no paragraph can succeed: the run stops
            except PressroomError as error:  # gTTS out of retries, say: this paragraph fails, as in a pool
                yield Done(job, None, str(error))
                continue
            except Exception as error:  # an engine's own failure on one paragraph
                yield Done(job, None, f"{type(error).__name__}: {error}")
                continue
            yield Done(job, clip, engine_version=engine.version if synthesized(job, clip) else "")

    def close(self) -> None:
        pass

    def stop(self) -> None:
        pass


class LocalPool:
    """Worker processes on this machine, one per core by default. A pool broken by a dead worker is replaced
    and its unfinished jobs are sent again."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._stopped = False

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
            # spawn: a fresh interpreter per worker, not a fork of a process whose engine threads are running.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_no_ctrl_c)
        return self._pool

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        pending = list(jobs)
        attempts: dict[str, int] = {}
        running: dict[Future[tuple[bytes, str]], Job] = {}
        window = self.workers * 4
        while (pending or running) and not self._stopped:
            while pending and len(running) < window:
                job = pending.pop(0)
                try:
                    future = self._executor().submit(synthesize_job, job)
                except BrokenProcessPool:
                    # The pool broke between two submissions: the job was not sent, the running ones are lost.
                    pending.insert(0, job)
                    yield from self._recover(running, pending, attempts)
                    continue
                attempts[job.key] = attempts.get(job.key, 0) + 1
                running[future] = job
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                job = running.pop(future)
                try:
                    yield _unpack(job, future.result())
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): every job in the pool is lost with it.
                    running[future] = job
                    yield from self._recover(running, pending, attempts)
                    break
                except ServiceUnreachableError:
                    raise
                except PressroomError as error:
                    yield Done(job, None, str(error))
                except Exception as error:
                    if attempts[job.key] < ATTEMPTS:
                        pending.insert(0, job)
                    else:
                        yield Done(job, None, f"{type(error).__name__}: {error}")

    def _recover(
        self, running: dict[Future[tuple[bytes, str]], Job], pending: list[Job], attempts: dict[str, int]
    ) -> Iterator[Done]:
        """Replace a broken pool; send its lost jobs again, or give up on those tried too often."""
        if self._stopped:
            return  # broken because it was stopped: nothing more is wanted
        self._replace_pool()
        for lost in running.values():
            if attempts[lost.key] < ATTEMPTS:
                pending.insert(0, lost)
            else:
                yield Done(lost, None, "its worker died each time it was tried")
        running.clear()

    def _replace_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return self._executor().map(function, items)

    def as_done(self, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[tuple[T, R]]:
        pool = self._executor()
        pending = iter(items)
        running: dict[Future[R], T] = {}
        while True:
            for item in pending:
                running[pool.submit(function, item)] = item
                if len(running) >= window:
                    break
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield running.pop(future), future.result()

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (for tests that kill one)."""
        processes: dict[int, Any] = getattr(self._pool, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def stop(self) -> None:
        self._stopped = True
        if self._pool is None:
            return
        processes: dict[int, Any] = getattr(self._pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.terminate()  # a paragraph being synthesized is not waited for (seconds on a busy machine)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None


def _no_ctrl_c() -> None:
    """In a worker: a terminal's Ctrl-C is for the run, which stops the workers itself (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DaskExecutor:
    """Jobs on a Dask cluster: an existing scheduler, or a local cluster started (and stopped) here. The package
    must be installed on the workers. Clips come back compressed; Dask retries a job whose worker was lost."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(
                "running on Dask needs Dask, which is not installed",
                hint="install it with: pip install 'pressroom[dask]'",
            ) from None
        self._cluster: Any = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="20s")
            else:
                import dask

                # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, and under it the same synthesis
                # costs half as much CPU again (heart: 1.03 s against 0.69 s of one thread's time, measured):
                # every array the engine allocates is handed back to the system and faulted in afresh.
                with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                    self._cluster = LocalCluster(
                        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                    )
                self._client = Client(self._cluster)
        except OSError as error:
            raise PressroomError(
                f"cannot reach the Dask scheduler {scheduler}: {error}",
                hint="check the address (tcp://HOST:8786) and that the scheduler is running",
            ) from None
        self.workers = len(self._client.scheduler_info().get("workers", {})) or workers

    def run(self, jobs: Iterable[Job]) -> Iterator[Done]:
        from distributed import as_completed

        futures = {}
        for batch in batches(list(jobs)):
            key = "clips-" + hashlib.sha256("".join(job.key for job in batch).encode()).hexdigest()
            futures[self._client.submit(synthesize_batch, batch, key=key, retries=ATTEMPTS - 1, pure=True)] = batch
        for future in as_completed(futures):
            batch = futures[future]
            try:
                results = future.result()
            except ServiceUnreachableError:
                raise
            except Exception as error:
                yield from (Done(job, None, f"{type(error).__name__}: {error}") for job in batch)
                continue
            for job, result in zip(batch, results, strict=True):
                yield _unpack(job, result) if isinstance(result, tuple) else Done(job, None, result)
            future.release()

    def trimming_workers(self) -> list[str]:
        """The workers running with glibc's MALLOC_TRIM_THRESHOLD_ set (the nanny's default on a cluster of the
        user's own), where synthesis costs about 1.5 times the CPU."""
        # Only a warning hangs on it: a worker that cannot answer is left out, not a reason to stop the run.
        found: dict[str, object] = self._client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_", on_error="ignore")
        return sorted(address for address, value in found.items() if isinstance(value, str) and value)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        futures = self._client.map(function, list(items), pure=False)
        for future in futures:
            yield future.result()
            future.release()

    def as_done(self, function: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[tuple[T, R]]:
        from distributed import as_completed

        pending = iter(items)
        running: dict[Any, T] = {}
        while True:
            for item in pending:
                running[self._client.submit(function, item, pure=False)] = item
                if len(running) >= window:
                    break
            if not running:
                return
            future = next(iter(as_completed(list(running))))
            item = running.pop(future)
            yield item, future.result()
            future.release()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def stop(self) -> None:
        self.close()


@dataclass(frozen=True)
class Placement:
    """Where work runs: local worker processes (`workers` of them; 1 is this process) or a Dask cluster (at
    `scheduler`, or a local one started for the run)."""

    kind: str = "local"
    """local or dask."""
    workers: int | None = None
    """How many workers; by default one per core this process may use."""
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("local", "dask"):
            raise ValueError(f"no executor {self.kind!r}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"{self.workers} workers")
        if self.scheduler and self.kind != "dask":
            raise ValueError("a scheduler is for a Dask cluster")


LOCAL = Placement()
"""Local workers, one per core."""


def make_executor(placement: Placement, engine: Callable[[], Engine] | None) -> Executor:
    """`engine` loads this process's engine, called only when this process is the one worker (none when the
    executor only hears)."""
    count = placement.workers or usable_cores()
    if placement.kind == "dask":
        return DaskExecutor(placement.scheduler, count)
    return InProcess(engine() if engine else None) if count == 1 else LocalPool(count)
