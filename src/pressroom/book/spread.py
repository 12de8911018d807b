"""Works spread whole over the workers (`publish audio|book --spread works`): each work narrated, assembled,
encoded and checked (and made into its books) on one worker, with the clips the main cache has for it sent
along, and its finished files and new clips sent back (a worker of this machine leaves them on disk, and shares
the run's cache); the main process only writes what comes back. What
lets a corpus grow with a cluster: nothing of a work's runs in the main process, so no stage there sets the
ceiling. The same bytes as any other run (the worker makes it as one process would)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pressroom.audio.assemble import remove_stale_tracks
from pressroom.audio.cache import ClipCache
from pressroom.audio.narrate import MadeAudio, narration_keys, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.book.narrated import BookSettings, publish_book
from pressroom.layout import NARRATION_NAME, WorkFolder
from pressroom.model import Work
from pressroom.run.executors import Executor
from pressroom.run.making import worker_engine
from pressroom.tts.clip import decode_clip
from pressroom.tts.engine import Voice

Files = tuple[tuple[str, bytes], ...]
"""(name, bytes) of each file, or (cache key, bytes) of each clip."""


@dataclass(frozen=True)
class WorkTask:
    """A work to narrate whole on a worker: how, and the clips the main cache already has of it."""

    work: Work
    voice: Voice
    settings: NarrationSettings
    clips: Files
    book: BookSettings | None = None
    """Its books made too (`publish book`), as these say (the narration as `settings` say)."""
    scratch: str | None = None
    """Where the worker narrates it: a folder of the run's, on this machine, which the run removes however it
    ends (a worker stopped mid-work leaves nothing behind); None on a cluster (the worker's own folder)."""
    cache_dir: str | None = None
    """The run's clip cache, when the worker is on this machine: it reads and writes the clips there itself, so
    a run stopped in the middle of a long work keeps every clip made of it (and none are sent either way)."""


@dataclass(frozen=True)
class WorkMade:
    """What a worker made of a work: its folder's files, the clips it made, and the run's account (its paths
    the worker's own)."""

    files: Files
    clips: Files
    audio: MadeAudio
    left: tuple[tuple[str, str], ...] = ()
    """(name, path) of each file a worker on this machine left in the run's scratch folder instead of sending
    its bytes (the same filesystem as the run's): moved into place, never copied through memory. A long work's
    files are gigabytes (Memoirs: 675 MB of M4B, 445 MB of read-along EPUB, its MP3s); sent as bytes, the main
    process held them all at once, twice, and rose to 6.2 GB."""
    left_in: str = ""
    """The worker's folder that holds them, removed once they are in place."""


def work_task(
    work: Work,
    narrator: Narrator,
    settings: NarrationSettings,
    outdir: Path,
    book: BookSettings | None = None,
    scratch: str | None = None,
) -> WorkTask:
    """The task for `work`, once its folder is known to be its own (claimed before any work is done)."""
    WorkFolder.of(outdir, work.meta.slug).claim(work.meta.title, work.meta.author)
    if scratch is not None:
        return WorkTask(work, narrator.voice, settings, (), book, scratch, str(narrator.cache.root))
    cached = []
    for key in narration_keys(work, narrator, settings):
        try:
            cached.append((key, narrator.cache.path(key).read_bytes()))
        except OSError:
            continue  # not in the cache: the worker makes it
    return WorkTask(work, narrator.voice, settings, tuple(cached), book, scratch)


def narrate_whole(task: WorkTask) -> WorkMade:
    """On a worker: the work narrated in a folder of its own with a cache of its own (the clips sent along), the
    voice loaded once per worker process."""
    if task.scratch is not None:
        return _narrate_here(task)
    with tempfile.TemporaryDirectory(prefix="pressroom-work-", dir=_scratch_root()) as scratch:
        cache = ClipCache(Path(task.cache_dir) if task.cache_dir else Path(scratch) / "cache")
        for key, data in task.clips:
            clip = decode_clip(data)
            if clip is not None:
                cache.put(key, clip, data)
        narrator = Narrator(task.voice, cache, worker_engine(task.voice))
        made = _made(task, narrator, Path(scratch) / "out")
        files = tuple((path.name, path.read_bytes()) for path in sorted(made.folder.iterdir()) if path.is_file())
        sent = {key for key, _ in task.clips}
        new = tuple(
            (path.stem, path.read_bytes())
            for path in sorted(cache.root.glob("clips/*/*.clip") if not task.cache_dir else ())
            if path.stem not in sent
        )
    return WorkMade(files, new, made)


def _narrate_here(task: WorkTask) -> WorkMade:
    """On a worker of this machine: the work made in a folder of its own inside the run's scratch folder, with
    the run's cache, and left there for the main process to move into place (`install` removes the folder; the
    run's scratch folder goes however the run ends)."""
    assert task.scratch is not None and task.cache_dir is not None
    scratch = Path(tempfile.mkdtemp(prefix="pressroom-work-", dir=task.scratch))
    narrator = Narrator(task.voice, ClipCache(Path(task.cache_dir)), worker_engine(task.voice))
    made = _made(task, narrator, scratch / "out")
    left = tuple((path.name, str(path)) for path in sorted(made.folder.iterdir()) if path.is_file())
    return WorkMade((), (), made, left, str(scratch))


def _made(task: WorkTask, narrator: Narrator, outdir: Path) -> MadeAudio:
    """The work's audio made into `outdir` (its books too when the task says how)."""
    if task.book is None:
        return publish_audio(task.work, outdir, narrator, task.settings)
    return publish_book(task.work, outdir, narrator, replace(task.book, narration=task.settings)).audio


def _scratch_root() -> str | None:
    """On a Dask worker, its own folder (which Dask removes when the worker stops, finished or not); elsewhere
    the system's temporary folder."""
    try:
        from distributed import get_worker

        return str(get_worker().local_directory)
    except (ImportError, ValueError):
        return None


def narrate_spread(
    tasks: Iterable[WorkTask], executor: Executor, outdir: Path, cache: ClipCache, window: int
) -> Iterator[tuple[Work, MadeAudio]]:
    """Each work narrated whole by the executor's workers, `window` at a time (each may carry its cached clips,
    so not all are held at once), and written into its folder as soon as it comes back: a long work keeps
    one worker busy while the others go on with the rest."""
    for task, made in executor.as_done(narrate_whole, tasks, window):
        yield task.work, install(made, task.work, outdir, cache)


def install(made: WorkMade, work: Work, outdir: Path, cache: ClipCache) -> MadeAudio:
    """A worker's work written here: its new clips into the cache, each file into the work's folder (whole, or
    not at all), chapter files of an earlier run that it no longer has removed; its account, with paths here."""
    for key, data in made.clips:
        cache.put_encoded(key, data)
    folder = WorkFolder.of(outdir, work.meta.slug)
    folder.claim(work.meta.title, work.meta.author)
    folder.path.mkdir(parents=True, exist_ok=True)
    # narration.json last: a folder whose plan is the new one has every file of it (a run stopped between two
    # files leaves the old plan, which the checks then find the new files do not match, and say so).
    for name, data in sorted(made.files, key=lambda file: file[0] == NARRATION_NAME):
        folder.install(name, data)
    for name, path in sorted(made.left, key=lambda file: file[0] == NARRATION_NAME):
        folder.install_file(name, Path(path))
    remove_stale_tracks(folder.path, {name for name, _ in (*made.files, *made.left)})
    if made.left_in:
        shutil.rmtree(made.left_in, ignore_errors=True)  # the worker's folder, its files moved out
    there, here = str(made.audio.folder), str(folder.path)
    audio = made.audio

    def moved(path: Path) -> Path:
        return folder.path / path.name

    check = audio.check
    if check is not None:
        files = tuple(replace(entry, path=entry.path.replace(there, here)) for entry in check.files)
        check = replace(check, files=files)
    return replace(
        audio, folder=folder.path, mp3s=tuple(moved(path) for path in audio.mp3s), m4b=moved(audio.m4b),
        playlist=moved(audio.playlist), manifest=moved(audio.manifest), check=check,
    )  # fmt: skip
