"""Synthesis spread over worker processes and a Dask cluster: the same bytes as one worker, and nothing lost
when a worker dies."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pressroom import cli
from pressroom.audio.cache import ClipCache
from pressroom.audio.master import PRESETS
from pressroom.audio.narrate import MadeAudio, publish_audio
from pressroom.audio.narrator import Narrator
from pressroom.audio.plan import plan_narration
from pressroom.audio.settings import NarrationSettings
from pressroom.audio.supply import Progress
from pressroom.errors import PressroomError
from pressroom.model import Work
from pressroom.run import executors
from pressroom.run.executors import DaskExecutor, Executor, InProcess, LocalPool
from pressroom.sources.load import load_works
from pressroom.tts.voices import find_voice, load_lexicon
from tests.conftest import document, survived

pytestmark = pytest.mark.slow

BODY = "\n\n".join(
    f"CHAPTER {numeral}\n\nTHE {title}\n\n"
    + "\n\n".join(f"Paragraph {p} of chapter {numeral}: mutual aid among {title.lower()} is old." for p in range(5))
    for numeral, title in (("I", "ANTS"), ("II", "BIRDS"), ("III", "SAVAGES"))
)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Work:
    source = tmp_path_factory.mktemp("src") / "scale.txt"
    source.write_text(document(BODY + "\n", title="Mutual Aid in Brief", source_id="scale"), encoding="utf-8")
    (loaded,) = load_works(source).works
    return loaded


def _narrate(work: Work, out: Path, cache: Path, executor: Executor | None = None, **kwargs: object) -> MadeAudio:
    narrator = Narrator(find_voice(None, None), ClipCache(cache))
    runner = executor or InProcess(narrator.engine)
    return publish_audio(work, out, narrator, NarrationSettings(lexicon=load_lexicon(None)), executor=runner, **kwargs)  # type: ignore[arg-type]


def _utterances(work: Work) -> int:
    plan = plan_narration(work, load_lexicon(None))
    return len({utterance.text for track in plan.tracks for utterance in track.utterances})


def _files(made: MadeAudio) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(made.folder.iterdir())}


@pytest.fixture(scope="module")
def reference(work: Work, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One worker, in this process: the bytes every other way of running must give."""
    return _files(_narrate(work, tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("cache-one")))


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    distributed = pytest.importorskip("distributed", reason="the dask extra is part of the dev install")
    os.environ["DASK_TEMPORARY_DIRECTORY"] = str(tmp_path_factory.mktemp("dask"))
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_two_local_workers_give_the_bytes_of_one(work: Work, reference: dict[str, bytes], tmp_path: Path) -> None:
    pool = LocalPool(2)
    try:
        made = _narrate(work, tmp_path / "out", tmp_path / "cache", pool)
    finally:
        pool.close()
    assert made.synthesized == _utterances(work)
    assert _files(made) == reference


def test_a_dask_cluster_gives_the_bytes_of_one_worker(
    work: Work, reference: dict[str, bytes], dask_scheduler: str, tmp_path: Path
) -> None:
    executor = DaskExecutor(dask_scheduler, 2)
    try:
        assert executor.workers == 2
        made = _narrate(work, tmp_path / "out", tmp_path / "cache", executor)
    finally:
        executor.close()
    assert _files(made) == reference


def test_the_local_dask_cluster_starts_its_workers_without_the_nannys_malloc_trim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 for its workers; under it the same synthesis costs about
    # 1.5 times the CPU (bench/scale.py's Dask figure was 0.80 of the pool's because of it).
    pytest.importorskip("distributed", reason="the dask extra is part of the dev install")
    monkeypatch.setenv("DASK_TEMPORARY_DIRECTORY", str(tmp_path))
    # As in a fresh `publish` process: a nanny writes its settings into its own process's environment too, and
    # this test process has run the session's cluster.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    executor = DaskExecutor(None, 2)
    try:
        seen = list(executor.map(os.getenv, ["MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS"]))
    finally:
        executor.close()
    assert seen == [None, "1"], "the nanny's other settings stay"


def test_a_cluster_whose_workers_trim_malloc_is_named_in_a_warning(dask_scheduler: str, tmp_path: Path) -> None:
    # The session's cluster is started as `dask worker` starts one: with the nanny's MALLOC_TRIM_THRESHOLD_.
    source = tmp_path / "short.txt"
    source.write_text(document("A short text for a cluster.", title="Short", source_id="short"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    arguments = ["audio", str(source), "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "-q",
                 "--executor", "dask", "--scheduler", dask_scheduler]  # fmt: skip
    assert cli.main(arguments, out, err) == 0, err.getvalue()
    (warning,) = [line for line in err.getvalue().splitlines() if "MALLOC_TRIM_THRESHOLD_" in line]
    assert warning.startswith("publish: warning: MALLOC_TRIM_THRESHOLD_ is set on 2 Dask workers")
    assert "unset it in the workers' Dask config" in warning


def test_a_paragraph_already_in_the_cache_is_never_sent_out(work: Work, dask_scheduler: str, tmp_path: Path) -> None:
    first = _narrate(work, tmp_path / "a", tmp_path / "cache")
    executor = DaskExecutor(dask_scheduler, 2)
    try:
        again = _narrate(work, tmp_path / "b", tmp_path / "cache", executor)
    finally:
        executor.close()
    assert (again.synthesized, again.cached) == (0, first.synthesized)


class _KillOnce:
    """A progress callback that kills one worker process once some clips have come back."""

    def __init__(self, pool: LocalPool, after: int) -> None:
        self.pool = pool
        self.after = after
        self.killed: list[int] = []

    def __call__(self, state: Progress) -> None:
        if not self.killed and state.synthesized >= self.after and self.pool.worker_pids():
            pid = self.pool.worker_pids()[0]
            os.kill(pid, signal.SIGKILL)
            self.killed.append(pid)


def test_a_worker_killed_mid_run_does_not_stop_the_run(work: Work, reference: dict[str, bytes], tmp_path: Path) -> None:
    pool = LocalPool(2)
    killer = _KillOnce(pool, after=3)
    try:
        made = _narrate(work, tmp_path / "out", tmp_path / "cache", pool, progress=killer)
    finally:
        pool.close()
    assert killer.killed, "a worker was killed"
    assert _files(made) == reference
    survived("worker processes killed mid-run")


def test_a_run_that_cannot_finish_names_the_paragraphs_keeps_the_rest_and_a_rerun_completes(
    work: Work, reference: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "ATTEMPTS", 1)
    pool = LocalPool(2)
    killer = _KillOnce(pool, after=2)
    try:
        with pytest.raises(PressroomError, match="could not be narrated") as caught:
            _narrate(work, tmp_path / "out", tmp_path / "cache", pool, progress=killer)
    finally:
        pool.close()
    message = str(caught.value)
    assert "Chapter" in message and "its worker died" in message and "run the same command again" in message
    assert not list((tmp_path / "out").rglob("*.mp3")) and not list((tmp_path / "out").rglob("*.part"))
    kept = ClipCache(tmp_path / "cache").usage().entries
    assert kept > 0
    monkeypatch.setattr(executors, "ATTEMPTS", 3)
    rerun = _narrate(work, tmp_path / "out", tmp_path / "cache")
    assert rerun.cached == kept, "the clips made before the failure are used, not made again"
    assert rerun.synthesized + rerun.cached == _utterances(work)
    assert _files(rerun) == reference
    survived("worker processes killed mid-run")


def test_with_workers_the_main_process_loads_no_voice_even_for_a_chapter_cut_into_parts(
    work: Work, tmp_path: Path
) -> None:
    short = replace(PRESETS["acx"], max_file_minutes=0.4)
    voice, settings = find_voice(None, None), NarrationSettings(load_lexicon(None), short)
    one = publish_audio(work, tmp_path / "one", Narrator(voice, ClipCache(tmp_path / "c1")), settings)
    narrator = Narrator(voice, ClipCache(tmp_path / "c2"))
    pool = LocalPool(2)
    try:
        made = publish_audio(work, tmp_path / "two", narrator, settings, executor=pool)
    finally:
        pool.close()
    assert len(made.mp3s) > len(work.chapters), "chapters were cut into parts"
    assert not narrator.loaded, "the parts' titles were narrated by the workers"
    assert _files(made) == _files(one)


def _three_works(corpus: Path) -> None:
    corpus.mkdir()
    for number, animal in enumerate(("ants", "bees", "cranes"), start=1):
        text = document(f"CHAPTER I\n\nOf {animal}.\n\nThe {animal} help one another.\n\nCHAPTER II\n\nMore of "
                        f"{animal}.\n\nIt is so.", title=f"Of {animal.title()}", source_id=f"of_{animal}")  # fmt: skip
        (corpus / f"{number}_{animal}.txt").write_text(text, encoding="utf-8")


def test_books_made_whole_on_the_pools_workers_are_the_books_of_one_worker(tmp_path: Path) -> None:
    """`publish book --spread works`: each work's EPUB, audio and read-along book made on one worker of a pool:
    the same bytes as one worker makes, and the lines that say what was made."""
    _three_works(tmp_path / "corpus")
    for name, extra in (("one", ["--workers", "1"]), ("spread", ["--workers", "2", "--spread", "works"])):
        out, err = io.StringIO(), io.StringIO()
        arguments = ["book", str(tmp_path / "corpus"), "-o", str(tmp_path / name), "--cache-dir",
                     str(tmp_path / f"{name}-cache"), *extra]  # fmt: skip
        assert cli.main(arguments, out, err) == 0, err.getvalue()
    said = out.getvalue()
    assert f"made {tmp_path / 'spread' / '2_bees' / '2_bees.narrated.epub'} (read-along narration, " in said
    for file in sorted((tmp_path / "one").rglob("*.*")):
        assert (tmp_path / "spread" / file.relative_to(tmp_path / "one")).read_bytes() == file.read_bytes(), file


def test_works_spread_whole_over_a_cluster_give_the_bytes_of_one_worker_and_fill_the_cache(
    dask_scheduler: str, tmp_path: Path
) -> None:
    """Three works, each narrated, encoded and checked whole on a Dask worker (`--spread works`), the clips the
    cache has sent along: the same files and clips as one worker makes; a chapter file of an earlier run that
    the work no longer has is removed, nothing else of the folder's; a rerun makes nothing."""
    corpus = tmp_path / "corpus"
    _three_works(corpus)

    def publish(out: Path, cache: Path, *extra: str) -> str:
        said, err = io.StringIO(), io.StringIO()
        arguments = ["audio", str(corpus), "-o", str(out), "--cache-dir", str(cache), *extra]
        assert cli.main(arguments, said, err) == 0, err.getvalue()
        return said.getvalue()

    publish(tmp_path / "one", tmp_path / "one-cache", "--workers", "1", "-q")
    # A run here before: one work made by one worker, and a file of a chapter since renamed.
    publish(tmp_path / "spread", tmp_path / "cache", "--workers", "1", "-q", "--work", "of_bees")
    stale = tmp_path / "spread" / "2_bees" / "03 - Chapter Gone.mp3"
    stale.write_bytes(b"an earlier run's")
    keep = tmp_path / "spread" / "2_bees" / "notes.txt"
    keep.write_text("the curator's", encoding="utf-8")
    said = publish(tmp_path / "spread", tmp_path / "cache", "--executor", "dask", "--scheduler", dask_scheduler,
                   "--spread", "works")  # fmt: skip
    # The work made before stands as made (told at once, not sent to a worker); the others are made.
    made = {line.split("/spread/")[1].split(":")[0]: line for line in said.splitlines() if line.startswith("made ")}
    assert sorted(made) == ["1_ants", "2_bees", "3_cranes"] and ": 2 MP3 files" in made["2_bees"]
    assert "; 0 clips made, 8 from the cache; unchanged" in made["2_bees"]
    assert all("; 0 clips made, " not in made[name] for name in ("1_ants", "3_cranes"))
    for file in sorted((tmp_path / "one").rglob("*.*")):
        twin = tmp_path / "spread" / file.relative_to(tmp_path / "one")
        assert twin.read_bytes() == file.read_bytes(), twin
    assert not stale.exists() and keep.read_text(encoding="utf-8") == "the curator's"
    clips = sorted(path.name for path in (tmp_path / "cache").rglob("*.clip"))
    assert clips == sorted(path.name for path in (tmp_path / "one-cache").rglob("*.clip"))
    again = publish(tmp_path / "spread", tmp_path / "cache", "--executor", "dask", "--scheduler", dask_scheduler,
                    "--spread", "works")  # fmt: skip
    told = [line for line in again.splitlines() if line.startswith("made ")]  # a line per work, not the summary
    assert len(told) == 3 and all("; 0 clips made, " in line for line in told), again


def test_a_local_worker_leaves_a_works_files_on_disk_and_they_are_moved_into_place(
    work: Work, reference: dict[str, bytes], tmp_path: Path
) -> None:
    """Sent back as bytes, a long work's files (Memoirs: gigabytes of MP3, M4B and read-along EPUB) were held by
    the main process all at once, twice over: it rose from 360 MB to 6.2 GB in the corpus run. A worker of this
    machine now leaves them in the run's scratch folder and sends only their names, whatever their size; the
    main process moves them in (the same bytes), and the worker's folder goes."""
    import pickle

    from pressroom.book.spread import install, narrate_whole, work_task
    from pressroom.run.scratch import run_scratch

    narrator = Narrator(find_voice(None, None), ClipCache(tmp_path / "cache"))
    settings = NarrationSettings(lexicon=load_lexicon(None))
    with run_scratch(tmp_path) as scratch:
        made = narrate_whole(work_task(work, narrator, settings, tmp_path / "out", scratch=scratch))
        sent = len(pickle.dumps(made.files)) + len(pickle.dumps(made.left)) + len(pickle.dumps(made.clips))
        assert made.files == () and made.clips == () and sent < 4096, sent
        assert sum(Path(path).stat().st_size for _, path in made.left) > 100_000
        installed = install(made, work, tmp_path / "out", narrator.cache)
        assert _files(installed) == reference
        assert not any(Path(scratch).glob("pressroom-work-*")), "the worker's folder is removed once moved"
        assert not list((tmp_path / "out").rglob("*.part"))
