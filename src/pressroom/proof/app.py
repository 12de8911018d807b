"""The proof desk's web application (Starlette): the page, the narration's own files to play a paragraph from,
takes of a name, the listener's verdict on a take, the changes kept, and applying them in the background.

Only what the desk was given is touched: audio is served only as a file `narration.json` names in a work folder
the desk knows, and the only file written is the lexicon it was given (and its list of kept changes).

It answers only its own page: any web page the curator visits could otherwise send it requests (a browser sends
a cross-site POST without asking, and a rebound DNS name reaches 127.0.0.1 the same way). So a request whose Host
is not the address served is refused; the page needs the run's token (in the address the command prints, as
Jupyter's does); and a request that changes anything must come from no other origin, be JSON, and carry the token
in a header (which a cross-site page cannot set without the desk's leave, never given)."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from pressroom.audio.narrator import Narrator
from pressroom.audio.settings import NarrationSettings, with_lexicon
from pressroom.checks.listening import listen, narrated_files, write_listening
from pressroom.errors import PressroomError, UsageError
from pressroom.layout import WorkFolder
from pressroom.model import Work
from pressroom.proof.apply import Applied, ConflictError, digest, remake, uses, write_entries
from pressroom.proof.desk import (
    called_right,
    candidates,
    decline,
    flagged,
    heard_works,
    learnt,
    write_called_right,
    write_kept,
)
from pressroom.proof.page import desk_page
from pressroom.proof.takes import Speaker
from pressroom.records.proof import Dismissed, Kept
from pressroom.run.executors import InProcess
from pressroom.site.build import build_site, recorded_settings
from pressroom.tts.voices import work_lexicon

Settings = Callable[[Work | None], NarrationSettings]
"""The narration settings of a work (None: of none in particular) as the lexicons now stand (read again each
time, so an apply narrates with what it wrote)."""


@dataclass
class DeskTask:
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
    job: DeskTask = field(default_factory=DeskTask)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, token: str) -> str:
        lexicon = self.settings(None).lexicon
        dictionary = self.speaker.dictionary
        names = candidates(self.works, lexicon, dictionary, self.top) if dictionary is not None else []
        with self.lock:
            kept = list(self.kept)
        return desk_page(
            flagged=flagged(self.outdir, self.slugs), heard=heard_works(self.outdir, self.slugs), slugs=self.slugs,
            right=called_right(self.outdir), learnt=learnt(self.outdir, self.slugs, lexicon, kept),
            names=names, kept=kept, lexicon=self.lexicon, seen=digest(self.lexicon),
            alphabet=sorted(dictionary.symbols()) if dictionary is not None and self.speaker.takes_phonemes else [],
            to_ipa=dictionary.to_ipa if dictionary is not None else None, token=token,
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

    def call_right(self, flag: Dismissed, right: bool) -> list[Dismissed]:
        """Remember that the curator heard a flagged paragraph and found it right (or take that back)."""
        if flag.work not in self.slugs:
            raise UsageError(f"{flag.work} is not a work of this desk")
        with self.lock:
            others = [entry for entry in called_right(self.outdir) if entry != flag]
            dismissed = [*others, flag] if right else others
            write_called_right(self.outdir, dismissed)
            return dismissed

    def decline(self, word: str, declined: bool) -> tuple[str, ...]:
        """Turn down the reading learnt while narrating for `word` (or take that back)."""
        if not word.strip():
            raise UsageError("give the word whose learnt reading to turn down")
        with self.lock:
            return decline(self.outdir, word.strip(), declined)

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
            self.job = DeskTask(running=True, told="writing the lexicon")
        threading.Thread(target=self._apply, args=(kept, seen), daemon=True).start()

    def _apply(self, kept: list[Kept], seen: str | None) -> None:
        try:
            write_entries(self.lexicon, kept, seen)
            words = [change.word for change in kept]
            remade = tuple(
                remake(work, self.outdir, self.narrator, self.settings(work), words, self._tell)
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
                self.job = DeskTask(applied=Applied(self.lexicon, tuple(words), remade))
        except Exception as error:  # the page says what went wrong; the server goes on
            message = str(error) if isinstance(error, PressroomError) else f"{type(error).__name__}: {error}"
            with self.lock:
                self.job = DeskTask(error=message)

    def start_listening(self) -> None:
        """Hear the works not heard yet, in the background (as `publish check --listen` does)."""
        with self.lock:
            if self.job.running:
                raise ConflictError("the desk is busy", hint="wait for it to finish")
            unheard = [slug for slug in self.slugs if slug not in heard_works(self.outdir, self.slugs)]
            if not unheard:
                raise PressroomError("every work has been heard")
            self.job = DeskTask(running=True, told="loading the listener")
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
                self.job = DeskTask(told=f"heard {total} {'file' if total == 1 else 'files'}")
        except Exception as error:  # the page says what went wrong; the server goes on
            message = str(error) if isinstance(error, PressroomError) else f"{type(error).__name__}: {error}"
            with self.lock:
                self.job = DeskTask(error=message)

    def _tell(self, told: str) -> None:
        with self.lock:
            self.job.told = told


TOKEN_HEADER = "x-pressroom-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Guard:
    """Who may use the desk: requests to the address served, with the run's token."""

    token: str
    port: int

    @classmethod
    def new(cls, port: int) -> Guard:
        return cls(secrets.token_urlsafe(24), port)

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def has_token(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

    def refusal(self, request: Request) -> str | None:
        """Why a request that changes something is refused, or None."""
        origin = request.headers.get("origin")
        if origin is not None and origin not in {f"http://{host}:{self.port}" for host in LOCAL_HOSTS}:
            return "a request from another site's page is refused"
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return "send JSON (content-type: application/json)"
        if not self.has_token(request.headers.get(TOKEN_HEADER)):
            return "the desk's token is missing or wrong: open the address publish proof printed"
        return None


def desk_app(desk: Desk, guard: Guard) -> Starlette:
    async def page(request: Request) -> Response:
        if not guard.has_token(request.query_params.get("token")):
            return HTMLResponse(_NO_TOKEN, status_code=403)
        # Off the event loop: the names list asks the voice's dictionary (its first guess loads the model).
        return HTMLResponse(await run_in_threadpool(desk.page, guard.token))

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

    def right(request_data: dict[str, Any]) -> Response:
        flag = Dismissed(*(str(request_data.get(name, "")) for name in ("work", "file", "meant")))
        if not all((flag.work, flag.file, flag.meant)):
            raise UsageError("give the flagged paragraph's work, file and words meant")
        called = desk.call_right(flag, bool(request_data.get("right", True)))
        return JSONResponse({"right": [asdict(entry) for entry in called]})

    def declined(request_data: dict[str, Any]) -> Response:
        words = desk.decline(str(request_data.get("word", "")), bool(request_data.get("declined", True)))
        return JSONResponse({"declined": list(words)})

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
            Route("/take", _posted(take, guard), methods=["POST"]),
            Route("/hear", _posted(hear, guard), methods=["POST"]),
            Route("/keep", _posted(keep, guard), methods=["POST"]),
            Route("/drop", _posted(drop, guard), methods=["POST"]),
            Route("/right", _posted(right, guard), methods=["POST"]),
            Route("/decline", _posted(declined, guard), methods=["POST"]),
            Route("/apply", _posted(apply, guard), methods=["POST"]),
            Route("/listen", _posted(hear_works, guard), methods=["POST"]),
            Route("/status", status),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(LOCAL_HOSTS))],
    )


_NO_TOKEN = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Proof desk</title></head><body><main>'
    "<h1>Proof desk</h1><p>Open the address <code>publish proof</code> printed: it carries this run's token."
    "</p></main></body></html>\n"
)


def _posted(handler: Callable[[dict[str, Any]], Response], guard: Guard) -> Callable[[Request], Any]:
    """A JSON request's handler, run off the event loop (synthesis and hearing take seconds), once the guard
    lets it through; a user's mistake is a 400 answer that says what to do."""

    async def endpoint(request: Request) -> Response:
        refused = guard.refusal(request)
        if refused is not None:
            return JSONResponse({"error": refused}, status_code=415 if "JSON" in refused else 403)
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


def lexicon_settings(base: NarrationSettings, voices_dir: Path, path: Path, engine: str) -> Settings:
    """Settings whose lexicon is a work's (`tts.voices.work_lexicon`) with the desk's file chosen over it, read
    afresh each time."""

    def now(work: Work | None) -> NarrationSettings:
        return with_lexicon(base, work_lexicon(voices_dir, work.units if work else (), (path,), engine))

    return now
