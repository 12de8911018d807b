"""`publish serve`: the site on 127.0.0.1, with the byte ranges audio seeking needs (206 Partial Content, which
Python's own `http.server` never answers). For a listener's own machine, not the open internet."""

from __future__ import annotations

import contextlib
import re
import shutil
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

_RANGE = re.compile(r"bytes=(?P<start>\d*)-(?P<end>\d*)")
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


class _Part:
    """A file read from `start` for `length` bytes: the body of a 206 answer."""

    def __init__(self, stream: IO[bytes], length: int) -> None:
        self.stream = stream
        self.left = length

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.stream.close()


class RangeRequestHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_TYPES}  # noqa: RUF012 (as the base class has it)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self) -> Any:
        wanted = self.headers.get("Range")
        path = Path(self.translate_path(self.path))
        if not wanted or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        if _RANGE.fullmatch(_first_range(wanted)) is None:
            return super().send_head()  # a Range header that is not one is ignored (RFC 9110): the whole file
        span = _span(wanted, size)
        if span is None:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = span
        stream = path.open("rb")  # the server closes it once the answer is sent
        stream.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return _Part(stream, end - start + 1)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        # A player that seeks elsewhere drops the answer it was reading: nothing is wrong.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            shutil.copyfileobj(source, outputfile, 1 << 16)

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: the command prints the address and stops on Ctrl-C


def _first_range(header: str) -> str:
    return header.strip().split(",")[0].strip()


def _span(header: str, size: int) -> tuple[int, int] | None:
    """The first byte range of a `Range` header, clamped to the file; None when it cannot be met."""
    match = _RANGE.fullmatch(_first_range(header))
    if match is None or size == 0:
        return None
    first, last = match.group("start"), match.group("end")
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    elif last:
        start, end = max(size - int(last), 0), size - 1
    else:
        return None
    return (start, end) if start <= end and start < size else None


def feeds_base(folder: Path) -> str | None:
    """The address the site's feeds were made for (the library feed's own link), if it says."""
    feed = folder / "feed.xml"
    if not feed.is_file():
        return None
    found = re.search(rb'<atom:link href="([^"]+)feed\.xml" rel="self"', feed.read_bytes()[:4096])
    return found.group(1).decode("utf-8") if found else None


def make_server(folder: Path, port: int) -> ThreadingHTTPServer:
    handler = partial(RangeRequestHandler, directory=str(folder))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)
