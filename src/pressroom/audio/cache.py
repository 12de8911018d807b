"""The clip cache: every utterance's audio, kept by content in the user's cache folder and shared by all runs.

An entry is written under a temporary name and renamed; its samples carry a checksum, and an entry that is
truncated or corrupt is thrown away and made again, never used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pressroom.errors import PressroomError
from pressroom.outputs import atomic_write_bytes
from pressroom.tts.clip import (
    CLIP_MAGIC,
    Clip,
    ClipTiming,
    Verdict,
    clip_header,
    decode_clip,
    encode_clip,
    payload_bytes,
    verdict_in,
    words_in,
)

CACHE_FORMAT = "1"
LEFTOVER_AGE_S = 3600
_HEADER_MAX = 16 * 1024 * 1024
"""A clip's header is a line of JSON (its words' times are the longest part: about 25 bytes a word); a line
longer than this is not a header."""


@dataclass(frozen=True)
class CacheUsage:
    entries: int
    bytes: int


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pressroom"


def clip_key(text: str, voice_settings: str, engine_version: str, sentence_pause_ms: int) -> str:
    """The cache key: everything that changes the sound of an utterance, and nothing else."""
    material = "\x1f".join((CACHE_FORMAT, text, voice_settings, engine_version, str(sentence_pause_ms)))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class ClipCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / "clips" / key[:2] / f"{key}.clip"

    def get(self, key: str) -> Clip | None:
        """The clip, or None when there is none or it is damaged (a damaged entry is removed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise PressroomError(f"cannot read the clip cache: {error}", path=str(path)) from error
        clip = decode_clip(data)
        if clip is None:
            path.unlink(missing_ok=True)
        return clip

    def length(self, key: str) -> int | None:
        """The clip's length in samples, read from its header alone."""
        found = self.timing(key)
        return None if found is None else found.length

    def timing(self, key: str) -> ClipTiming | None:
        """The clip's length, its sentence ends and its words' times, in samples, read from its header alone
        (what a timeline needs)."""
        found = self._header(key)
        if found is None:
            return None
        ends = tuple(int(end) for end in found.get("sentence_ends", ()))
        return ClipTiming(int(found["samples"]), ends, words_in(found))

    def verdict(self, key: str) -> Verdict | None:
        """What a listener heard of the clip (`--verify`), from its header alone; None if it was not heard."""
        found = self._header(key)
        return None if found is None else verdict_in(found)

    def _header(self, key: str) -> dict[str, Any] | None:
        """An intact entry's header (its size as the header says), or None."""
        path = self.path(key)
        try:
            with path.open("rb") as stream:
                head = stream.readline(_HEADER_MAX)  # the magic's line
                head += stream.readline(_HEADER_MAX)  # the header's: however long, no more
            found = clip_header(head)
            if found is None:
                return None
            header, start = found
            expected = start + payload_bytes(head[: len(CLIP_MAGIC)], header)
            if path.stat().st_size != expected or int(header["samples"]) < 0:
                return None
            os.utime(path)  # used by this run: `prune` keeps the clips used most recently
            return header
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, clip: Clip, encoded: bytes | None = None) -> None:
        """Keep the clip; `encoded` is its bytes when they are at hand already (as a worker sent them)."""
        atomic_write_bytes(
            self.path(key),
            encoded or encode_clip(clip),
            hint="free some space, or give another folder with --cache-dir",
        )

    def put_encoded(self, key: str, encoded: bytes) -> None:
        """Keep a clip as a worker encoded it, when its header says it is one (its samples are checked when it is
        read, as every clip is): not decoded here, where a whole corpus's clips may arrive."""
        if clip_header(encoded) is not None:
            atomic_write_bytes(self.path(key), encoded, hint="free some space, or give another folder with --cache-dir")

    def remove_leftovers(self, older_than_s: float = LEFTOVER_AGE_S) -> int:
        """Delete the temporary files of writes that never finished (a killed run's); returns how many. Only old
        ones: a fresh one may be another run's write in progress."""
        removed = 0
        deadline = time.time() - older_than_s
        for leftover in (self.root / "clips").glob("*/.*.part"):
            try:
                if leftover.stat().st_mtime < deadline:
                    leftover.unlink()
                    removed += 1
            except FileNotFoundError:  # finished or removed by another run meanwhile
                continue
        return removed

    def usage(self) -> CacheUsage:
        entries = 0
        total = 0
        for path in (self.root / "clips").glob("*/*.clip"):
            entries += 1
            total += path.stat().st_size
        return CacheUsage(entries, total)

    def prune(self, max_bytes: int) -> CacheUsage:
        """Remove the clips used longest ago until the cache holds at most `max_bytes`; returns what was removed."""
        entries = []
        for path in (self.root / "clips").glob("*/*.clip"):
            try:
                status = path.stat()
            except FileNotFoundError:
                continue
            entries.append((status.st_mtime, path.name, path, status.st_size))
        total = sum(size for *_, size in entries)
        removed = CacheUsage(0, 0)
        for _, _, path, size in sorted(entries):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed = CacheUsage(removed.entries + 1, removed.bytes + size)
        return removed

    def clear(self) -> CacheUsage:
        usage = self.usage()
        shutil.rmtree(self.root / "clips", ignore_errors=True)
        return usage
