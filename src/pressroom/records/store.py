"""Reading and writing a record's JSON: atomically, deterministically, and with one line naming the file when
it is damaged, not Pressroom's, or of a schema this version does not know."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pressroom.errors import InputError
from pressroom.outputs import Staging, atomic_write_bytes, write_error

T = TypeVar("T")
R = TypeVar("R")


class MalformedError(Exception):
    """What is wrong with a record's contents (turned into an `InputError` naming the file)."""


def load(path: Path, what: str, parse: Callable[[dict[str, Any]], R], hint: str) -> R | None:
    """The record at `path` parsed, or None where there is none. Unreadable, not JSON, or not what `parse` wants:
    an `InputError` naming the file, what it is meant to be, and `hint`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the {what}: {error}", path=str(path), hint=hint) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InputError(f"the {what} is not JSON ({error})", path=str(path), hint=hint) from None
    try:
        return parse(mapping(data, "the document"))
    except MalformedError as error:
        raise InputError(f"not a {what} Pressroom wrote: {error}", path=str(path), hint=hint) from None


def decode(data: bytes, path: Path, what: str, parse: Callable[[dict[str, Any]], R], hint: str) -> R:
    """A record's bytes (made elsewhere, for `path`) parsed, or an `InputError` naming `path`."""
    try:
        return parse(mapping(json.loads(data.decode("utf-8")), "the document"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(f"the {what} is not JSON ({error})", path=str(path), hint=hint) from None
    except MalformedError as error:
        raise InputError(f"not a {what} Pressroom wrote: {error}", path=str(path), hint=hint) from None


def encode(document: dict[str, Any]) -> bytes:
    """The document as its file holds it: the same value gives the same bytes."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def save(path: Path, document: dict[str, Any]) -> None:
    atomic_write_bytes(path, encode(document))


def save_bytes(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data)


def move_in(source: Path, path: Path) -> None:
    """`source` moved to `path` whole: first beside it under a temporary name (a copy streamed across
    filesystems, a rename within one), then renamed, so no half-moved file stands under the real name."""
    with Staging() as staging:
        temporary = staging.path(path, unique=True)
        try:
            shutil.move(str(source), str(temporary))
        except OSError as error:
            raise write_error(path, error, "") from error
        staging.commit()


def schema(document: dict[str, Any], known: int, oldest: int = 0) -> int:
    """The document's schema version (`format`; 0 where it has none), refused when this Pressroom cannot read it."""
    version = document.get("format", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise MalformedError(f"its format is {version!r}, not a number")
    if version > known:
        raise MalformedError(f"format {version} is newer than this Pressroom reads ({known}); upgrade Pressroom")
    if version < oldest:
        raise MalformedError(f"format {version} is older than this Pressroom reads ({oldest})")
    return version


def key(document: dict[str, Any], name: str) -> object:
    if name not in document:
        raise MalformedError(f"it has no {name!r}")
    return document[name]


def mapping(data: object, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MalformedError(f"{what} is not an object")
    return data


def listed(data: object, what: str) -> list[Any]:
    if not isinstance(data, list):
        raise MalformedError(f"{what} is not a list")
    return data


def typed(data: object, kind: type[T], what: str) -> T:
    # bool is an int to Python, but never a count of milliseconds.
    if kind is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)  # type: ignore[return-value]
    if not isinstance(data, kind) or (kind in (int, float) and isinstance(data, bool)):
        raise MalformedError(f"{what} is {data!r}, not a {kind.__name__}")
    return data


def optional(data: object, kind: type[T], what: str) -> T | None:
    return None if data is None else typed(data, kind, what)


def span(data: object, what: str) -> tuple[str, int, int]:
    items = listed(data, what)
    if len(items) != 3:
        raise MalformedError(f"a {what} is not [title, start, end]")
    return (typed(items[0], str, what), typed(items[1], int, what), typed(items[2], int, what))


def triple(data: object, what: str) -> tuple[int, int, int]:
    items = listed(data, what)
    if len(items) != 3:
        raise MalformedError(f"a {what} is not [index, start, end]")
    first, second, third = (typed(item, int, what) for item in items)
    return first, second, third


def safe_name(name: str) -> str:
    """A file name inside the folder: a record that points elsewhere is not one Pressroom wrote."""
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise MalformedError(f"the file name {name!r} is not a name inside the folder")
    return name
