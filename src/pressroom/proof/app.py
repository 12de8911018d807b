"""The proof desk's web application (Starlette): the page, the narration's own files to play a paragraph from,
takes of a name, the listener's verdict on a take, the changes kept, and applying them in the background.

Only what the desk was given is touched: audio is served only as a file `narration.json` names in a work folder
the desk knows, and the only file written is the lexicon it was given (and its list of kept changes)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings
from pressroom.checks.listening import listen, narrated_files, write_listening
from pressroom.errors import PressroomError, UsageError
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.proof.apply import Applied, ConflictError, digest, remake, uses, write_entries
from pressroom.proof.desk import candidates, flagged, heard_works, write_kept
from pressroom.proof.page import desk_page
from pressroom.proof.takes import Speaker
from pressroom.records.proof import Kept
from pressroom.run.executors import InProcess
from pressroom.site.build import build_site, recorded_settings
from pressroom.tts.voices import load_lexicon_file

Settings = Callable[[], NarrationSettings]
"""The narration settings as the lexicon now stands (read again after each apply)."""


@dataclass
class Job:
    """The apply running in the background, or the last one: what it is doing, and how it ended."""

    running: bool = False
    told: str = ""
    applied: Applied | None = None
    error: str = ""


@dataclass
class Desk:
    """Everything the desk works with, and its state: the kept changes and the apply job."""

    outdir: Path
    works: Sequence[Work]
    slugs: Sequence[str]
    lexicon: Path
    speaker: Speaker
    narrator: Narrator
    settings: Settings
    top: int = 60
    kept: list[Kept] = field(default_factory=list)
    job: Job = field(default_factory=Job)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self) -> str:
        lexicon = self.settings().lexicon
        dictionary = self.speaker.dictionary
        names = candidates(self.works, lexicon, dictionary, self.top) if dictionary is not None else []
        with self.lock:
            kept = list(self.kept)
        return desk_page(
            flagged=flagged(self.outdir, self.slugs), heard=heard_works(self.outdir, self.slugs), slugs=self.slugs,
            names=names, kept=kept, lexicon=self.lexicon, seen=digest(self.lexicon),
            alphabet=sorted(dictionary.symbols()) if dictionary is not None and self.speaker.takes_phonemes else [],
            to_ipa=dictionary.to_ipa if dictionary is not None else None,
        )  # fmt: skip

    def audio(self, slug: str, name: str) -> Path | None:
        """The narrated file, only if it is one `narration.json` of a work of the desk names."""
        if slug not in self.slugs:
            return None
        narration = WorkFolder.of(self.outdir, slug).load_narration()
        if narration is None or name not in {record.name for record in narration.files}:
            return None
        return WorkFolder.of(self.outdir, slug).path / name

    def keep(self, change: Kept) -> list[Kept]:
        self.speaker.check(change)
        with self.lock:
            self.kept = [entry for entry in self.kept if entry.word.lower() != change.word.lower()] + [change]
            write_kept(self.outdir, self.kept)
            return list(self.kept)

    def drop(self, word: str) -> list[Kept]:
        with self.lock:
            self.kept = [entry for entry in self.kept if entry.word.lower() != word.lower()]
            write_kept(self.outdir, self.kept)
            return list(self.kept)

    def start_apply(self, seen: str | None) -> None:
        with self.lock:
            if self.job.running:
                raise ConflictError("the changes are being applied already", hint="wait for them to finish")
            if not self.kept:
                raise PressroomError("there is no kept change to apply", hint="keep a change first")
            if seen is not None and digest(self.lexicon) != seen:
                raise ConflictError(f"{self.lexicon} changed since this page read it", hint="reload the page")
            kept = list(self.kept)
            self.job = Job(running=True, told="writing the lexicon")
        threading.Thread(target=self._apply, args=(kept, seen), daemon=True).start()

    def _apply(self, kept: list[Kept], seen: str | None) -> None:
        try:
            write_entries(self.lexicon, kept, seen)
            settings = self.settings()
            words = [change.word for change in kept]
            remade = tuple(
                remake(work, self.outdir, self.narrator, settings, words, self._tell)
                for work in self.works
                if work.meta.slug in self.slugs and uses(work, words)
            )
            site = recorded_settings(self.outdir) if remade else None
            if site is not None:
                self._tell("the site")
                build_site(self.outdir, site)
            with self.lock:
                applied = {change.word for change in kept}
                self.kept = [entry for entry in self.kept if entry.word not in applied]
                write_kept(self.outdir, self.kept)
                self.job = Job(applied=Applied(self.lexicon, tuple(words), remade))
        except Exception as error:  # the page says what went wrong; the server goes on
            message = str(error) if isinstance(error, PressroomError) else f"{type(error).__name__}: {error}"
            with self.lock:
                self.job = Job(error=message)

    def start_listening(self) -> None:
        """Hear the works not heard yet, in the background (as `publish check --listen` does)."""
        with self.lock:
            if self.job.running:
                raise ConflictError("the desk is busy", hint="wait for it to finish")
            unheard = [slug for slug in self.slugs if slug not in heard_works(self.outdir, self.slugs)]
            if not unheard:
                raise PressroomError("every work has been heard")
            self.job = Job(running=True, told="loading the listener")
        threading.Thread(target=self._listen, args=(unheard,), daemon=True).start()

    def _listen(self, unheard: list[str]) -> None:
        try:
            total = sum(narrated_files(WorkFolder.of(self.outdir, slug).path) for slug in unheard)
            done: list[str] = []

            def hearing(name: str) -> None:
                done.append(name)
                self._tell(f"hearing {name} ({len(done)} of {total} files)")

            for slug in unheard:
                write_listening(
                    WorkFolder.of(self.outdir, slug).path,
                    listen(WorkFolder.of(self.outdir, slug).path, InProcess(None), 1.0, hearing),
                )
            with self.lock:
                self.job = Job(told=f"heard {total} {'file' if total == 1 else 'files'}")
        except Exception as error:  # the page says what went wrong; the server goes on
            message = str(error) if isinstance(error, PressroomError) else f"{type(error).__name__}: {error}"
            with self.lock:
                self.job = Job(error=message)

    def _tell(self, told: str) -> None:
        with self.lock:
            self.job.told = told


def desk_app(desk: Desk) -> Starlette:
    async def page(request: Request) -> Response:
        # Off the event loop: the names list asks the voice's dictionary (its first guess loads the model).
        return HTMLResponse(await run_in_threadpool(desk.page))

    async def audio(request: Request) -> Response:
        path = desk.audio(request.path_params["slug"], request.path_params["name"])
        if path is None or not path.is_file():
            return JSONResponse({"error": "no such narrated file"}, status_code=404)
        return FileResponse(path, media_type="audio/mpeg")

    def take(request_data: dict[str, Any]) -> Response:
        word = str(request_data.get("word", "")).strip()
        if not word:
            raise UsageError("give the word to say")
        change = _change(request_data) if request_data.get("respelling") or request_data.get("phonemes") else None
        return Response(desk.speaker.take(word, change), media_type="audio/wav")

    def hear(request_data: dict[str, Any]) -> Response:
        heard = desk.speaker.hear(_change(request_data))
        return JSONResponse({**asdict(heard), "verdict": heard.verdict})

    def keep(request_data: dict[str, Any]) -> Response:
        return JSONResponse({"kept": [asdict(entry) for entry in desk.keep(_change(request_data))]})

    def drop(request_data: dict[str, Any]) -> Response:
        return JSONResponse({"kept": [asdict(entry) for entry in desk.drop(str(request_data.get("word", "")))]})

    def apply(request_data: dict[str, Any]) -> Response:
        desk.start_apply(str(request_data["seen"]) if request_data.get("seen") is not None else None)
        return JSONResponse({"running": True}, status_code=202)

    def hear_works(request_data: dict[str, Any]) -> Response:
        desk.start_listening()
        return JSONResponse({"running": True}, status_code=202)

    async def status(request: Request) -> Response:
        with desk.lock:
            job = desk.job
            return JSONResponse({
                "running": job.running, "told": job.told, "error": job.error,
                "applied": _applied(job.applied) if job.applied is not None else None,
            })  # fmt: skip

    return Starlette(
        routes=[
            Route("/", page),
            Route("/audio/{slug}/{name}", audio),
            Route("/take", _posted(take), methods=["POST"]),
            Route("/hear", _posted(hear), methods=["POST"]),
            Route("/keep", _posted(keep), methods=["POST"]),
            Route("/drop", _posted(drop), methods=["POST"]),
            Route("/apply", _posted(apply), methods=["POST"]),
            Route("/listen", _posted(hear_works), methods=["POST"]),
            Route("/status", status),
        ]
    )


def _posted(handler: Callable[[dict[str, Any]], Response]) -> Callable[[Request], Any]:
    """A JSON request's handler, run off the event loop (synthesis and hearing take seconds); a user's mistake
    is a 400 answer that says what to do."""

    async def endpoint(request: Request) -> Response:
        try:
            data = await request.json()
        except ValueError:
            return JSONResponse({"error": "send a JSON object"}, status_code=400)
        if not isinstance(data, dict):
            return JSONResponse({"error": "send a JSON object"}, status_code=400)
        try:
            return await run_in_threadpool(handler, data)
        except PressroomError as error:
            return JSONResponse({"error": str(error)}, status_code=409 if isinstance(error, ConflictError) else 400)

    return endpoint


def _change(data: dict[str, Any]) -> Kept:
    return Kept(str(data.get("word", "")).strip(), str(data.get("respelling", "")).strip(),
                str(data.get("phonemes", "")).strip().strip("/"))  # fmt: skip


def _applied(applied: Applied) -> dict[str, Any]:
    return {"lexicon": str(applied.lexicon), "words": list(applied.words), "works": [asdict(w) for w in applied.works]}


def lexicon_settings(base: NarrationSettings, voice_lexicon: Callable[[], dict[str, str]], path: Path,
                     engine: str) -> Settings:  # fmt: skip
    """Settings whose lexicon is the voice's with the chosen file over it, read afresh each time."""

    def now() -> NarrationSettings:
        own = load_lexicon_file(path, engine) if path.is_file() else {}
        return replace(base, lexicon={**voice_lexicon(), **own})

    return now
