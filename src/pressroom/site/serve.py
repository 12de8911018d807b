"""`publish serve`: the site on 127.0.0.1 (Starlette's static files on uvicorn, as the proof desk is served),
with the byte ranges audio seeking needs (206 Partial Content), If-Range, ETag and 304. For a listener's own
machine, not the open internet."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from pressroom.errors import InputError
from pressroom.site.opds import ACQUISITION, SEARCH_FEED, search_feed

_RANGE = re.compile(rb"\s*bytes=\s*(\d*-\d*)(\s*,\s*\d*-\d*)*\s*")
_TYPES = {
    ".m4b": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".epub": "application/epub+zip",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".xml": "application/xml",
    ".json": "application/json",
    ".js": "text/javascript",
}


class _SiteFiles(StaticFiles):
    """The site's files, typed as podcast apps and readers expect (not as the machine's mime table guesses)."""

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        media_type = _TYPES.get(Path(full_path).suffix.lower())
        if media_type is not None:
            response.headers["content-type"] = media_type
        return response


class _IgnoreMalformedRange:
    """A Range header that is not one is ignored, and the whole file sent (RFC 9110 says so; Starlette answers
    400)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = scope["headers"]
            kept = [(k, v) for k, v in headers if k != b"range" or _RANGE.fullmatch(v) is not None]
            if len(kept) != len(headers):
                scope = {**scope, "headers": kept}
        await self.app(scope, receive, send)


def site_app(folder: Path) -> ASGIApp:
    """The site under `folder`: its files (`index.html` for a folder), nothing outside it; and the catalog's
    search, which a plain web server cannot answer (it sends every book)."""
    catalog = folder / "opds" / SEARCH_FEED

    async def search(request: Request) -> Response:
        query = request.query_params.get("q", "").strip()
        try:
            every_book = catalog.read_bytes()
        except OSError:
            return Response("no catalog here: make the site again with publish site", status_code=404)
        found = search_feed(every_book, query) if query else every_book
        return Response(found, media_type=ACQUISITION)

    routes = [Route(f"/opds/{SEARCH_FEED}", search), Mount("/", app=_SiteFiles(directory=folder, html=True))]
    return _IgnoreMalformedRange(Starlette(routes=routes))


def bound_socket(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1:`port` (0: any free port), so the address is known before serving."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", port))
        listening.listen(128)  # a browser may connect as soon as the address is printed
    except OSError as error:
        listening.close()
        raise InputError(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}",
                         hint="another program may use that port: give another with --port") from None  # fmt: skip
    return listening


def feeds_base(folder: Path) -> str | None:
    """The address the site's feeds were made for (the library feed's own link), if it says."""
    feed = folder / "feed.xml"
    if not feed.is_file():
        return None
    found = re.search(rb'<atom:link href="([^"]+)feed\.xml" rel="self"', feed.read_bytes()[:4096])
    return found.group(1).decode("utf-8") if found else None
